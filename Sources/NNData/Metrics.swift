import NNEngine

/// How well outputs `h` match targets `Y` (both `k × N`, one column per sample): what
/// `evaluate` prints besides the loss.
///
/// - Regression: the mean squared error and the coefficient of determination R².
/// - Classification: the accuracy and the confusion matrix, from class numbers.
///
///     let h = try Matrix(rowsOf: [[1.1, 1.9, 3.2]]), y = try Matrix(rowsOf: [[1, 2, 3]])
///     try Metrics.meanSquaredError(h, y)   // (0.01 + 0.01 + 0.04) / 3 = 0.02
///     try Metrics.rSquared(h, y)           // 1 − 0.06 / 2 = 0.97
public enum Metrics {
  /// The mean squared error over every sample and output,
  ///
  ///     MSE = 1/(N·k) Σⱼ Σᵢ (hᵢⱼ − yᵢⱼ)²
  ///
  /// as scikit-learn's `mean_squared_error` (averaged over outputs). It is not the loss
  /// `mse` of nnsh, `J = 1/2 · 1/N Σⱼ Σᵢ (hᵢⱼ − yᵢⱼ)²`, which is `k/2 · MSE`: the 1/2 of the
  /// notes makes the gradient `h − y`, and the reported figure follows the usual one.
  public static func meanSquaredError(_ h: Matrix, _ Y: Matrix) throws -> Double {
    try checkShapes(h, Y)
    var sum = 0.0
    for k in 0..<h.count {
      let e = h.storage[k] - Y.storage[k]
      sum += e * e
    }
    return sum / Double(h.count)
  }

  /// The coefficient of determination, the share of the targets' variance the outputs
  /// explain, for each output row i
  ///
  ///     R²ᵢ = 1 − Σⱼ (hᵢⱼ − yᵢⱼ)² / Σⱼ (yᵢⱼ − ȳᵢ)²
  ///
  /// averaged over the rows (scikit-learn's `r2_score`, uniform average). 1 is perfect,
  /// 0 is no better than always answering the mean ȳ, and it is negative when worse.
  /// Nil when the targets of a row are all equal (the variance is 0 and R² undefined).
  public static func rSquared(_ h: Matrix, _ Y: Matrix) throws -> Double? {
    try checkShapes(h, Y)
    var total = 0.0
    for i in 0..<Y.rows {
      var mean = 0.0
      for j in 0..<Y.cols { mean += Y[i, j] }
      mean /= Double(Y.cols)
      var residual = 0.0
      var variance = 0.0
      for j in 0..<Y.cols {
        let e = h[i, j] - Y[i, j], d = Y[i, j] - mean
        residual += e * e
        variance += d * d
      }
      guard variance > 0 else { return nil }
      total += 1 - residual / variance
    }
    return total / Double(Y.rows)
  }

  /// `confusion[a][p]`: how many samples of true class `a` were predicted as class `p`
  /// (classes 0-based; pairs outside `0..<classCount` are not counted). The diagonal
  /// holds the correct predictions.
  public static func confusionMatrix(predicted: [Int], actual: [Int], classCount: Int) -> [[Int]] {
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: Swift.max(0, classCount)), count: Swift.max(0, classCount))
    for (p, a) in zip(predicted, actual) where p >= 0 && p < classCount && a >= 0 && a < classCount {
      confusion[a][p] += 1
    }
    return confusion
  }

  /// The 0-based class of every column of an output or target matrix `M` (`k × N`): the
  /// argmax of the column (the first on ties), or for a single row (one sigmoid output,
  /// or 0/1 targets) class 1 when the value is **greater than** `threshold` and class 0
  /// otherwise — the rule of Keras's `binary_accuracy` and torchmetrics' `BinaryAccuracy`
  /// (`h > 0.5`), so an output of exactly 0.5 counts as class 0. Logits use threshold 0.
  ///
  ///     Metrics.classes(try Matrix(rowsOf: [[0.2, 0.5, 0.7]]))   // [0, 0, 1]
  public static func classes(_ M: Matrix, threshold: Double = 0.5) -> [Int] {
    M.rows == 1 ? M.storage.map { $0 > threshold ? 1 : 0 } : M.argmaxPerColumn
  }

  /// How many samples' predicted class is the true class.
  public static func correctCount(predicted: [Int], actual: [Int]) -> Int {
    var correct = 0
    for (p, a) in zip(predicted, actual) where p == a { correct += 1 }
    return correct
  }

  /// The fraction of samples whose predicted class is the true class (0 when empty): the
  /// one definition of accuracy, for `train`'s progress and `evaluate` alike.
  public static func accuracy(predicted: [Int], actual: [Int]) -> Double {
    Double(correctCount(predicted: predicted, actual: actual)) / Double(Swift.max(1, Swift.min(predicted.count, actual.count)))
  }

  static func checkShapes(_ h: Matrix, _ Y: Matrix) throws {
    guard h.shape == Y.shape else {
      throw DataError.invalidDataset("the outputs h (\(h.shape)) and the targets (\(Y.shape)) differ in shape")
    }
  }
}
