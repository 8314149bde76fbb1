import NNEngine

/// How `normalize` rescales each feature.
///
/// - `standard` (z-score): `x' = (x − μ) / σ`, so every feature has mean 0 and standard
///   deviation 1 on the training part. σ is the population standard deviation
///   (divide by N, as scikit-learn's `StandardScaler`).
/// - `minmax`: `x' = (x − min) / (max − min)`, so the training part spans [0, 1].
public enum NormalizationMethod: String, CaseIterable, Sendable {
  case standard, minmax
}

/// The per-feature statistics of one normalisation, kept so that new inputs (`predict`)
/// are transformed exactly as the data set was: `x' = (x − center) / scale`.
///
/// For `standard`, `center` is the mean and `spread` the standard deviation; for
/// `minmax`, `center` is the minimum and `spread` the range `max − min`. A constant
/// feature (every training value equal) has `spread` 0 and `scale` 1 — it becomes 0
/// instead of a division by zero.
///
///     let stats = try data.normalize(.standard)
///     stats.center      // means of the training part, one per feature
///     let x = try stats.apply(to: Matrix(column: [5.1, 3.5, 1.4, 0.2]))
public struct NormalizationStatistics: Equatable, Sendable {
  public var method: NormalizationMethod
  /// Mean (standard) or minimum (minmax) of each feature over the training samples.
  public var center: [Double]
  /// Standard deviation (standard) or range (minmax) of each feature; 0 when constant.
  public var spread: [Double]

  public init(method: NormalizationMethod, center: [Double], spread: [Double]) {
    self.method = method
    self.center = center
    self.spread = spread
  }

  /// The divisors: `spread`, with 1 in place of 0 for constant features.
  public var scale: [Double] { spread.map { $0 > 0 ? $0 : 1 } }

  /// The statistics of the columns `indices` of `X` (d × N).
  public static func compute(_ method: NormalizationMethod, of X: Matrix, columns indices: [Int]) throws
    -> NormalizationStatistics
  {
    guard !indices.isEmpty else {
      throw DataError.invalidDataset("cannot normalize: the training part is empty")
    }
    let d = X.rows
    var center = [Double](repeating: 0, count: d)
    var spread = [Double](repeating: 0, count: d)
    var low = [Double](repeating: .infinity, count: d)
    var high = [Double](repeating: -.infinity, count: d)
    var sum = [Double](repeating: 0, count: d)
    for j in indices {
      guard j >= 0, j < X.cols else {
        throw DataError.invalidDataset("sample \(j + 1) does not exist (there are \(X.cols))")
      }
      for i in 0..<d {
        let v = X[i, j]
        sum[i] += v
        low[i] = Swift.min(low[i], v)
        high[i] = Swift.max(high[i], v)
      }
    }
    let n = Double(indices.count)
    switch method {
    case .standard:
      for i in 0..<d { center[i] = sum[i] / n }
      var squares = [Double](repeating: 0, count: d)
      for j in indices {
        for i in 0..<d {
          let e = X[i, j] - center[i]
          squares[i] += e * e
        }
      }
      // Exactly constant features get 0, not the rounding noise of the mean.
      for i in 0..<d { spread[i] = low[i] == high[i] ? 0 : (squares[i] / n).squareRoot() }
    case .minmax:
      center = low
      for i in 0..<d { spread[i] = high[i] - low[i] }
    }
    guard spread.allSatisfy(\.isFinite), center.allSatisfy(\.isFinite) else {
      throw DataError.invalidDataset("cannot normalize: the features hold values too large to square")
    }
    return NormalizationStatistics(method: method, center: center, spread: spread)
  }

  /// `(x − center) / scale` for every column of `x` (d × B): a sample, a batch, or all X.
  public func apply(to x: Matrix) throws -> Matrix {
    guard x.rows == center.count else {
      throw DataError.invalidDataset(
        "cannot normalize a \(x.shape) input: the data set has \(center.count) feature\(center.count == 1 ? "" : "s")")
    }
    let scale = self.scale
    var out = x
    let d = x.rows
    out.storage.withUnsafeMutableBufferPointer { s in
      for j in 0..<x.cols {
        for i in 0..<d { s[i + j * d] = (s[i + j * d] - center[i]) / scale[i] }
      }
    }
    return out
  }

  /// The inverse, `x · scale + center` (to show normalised values in original units).
  public func invert(_ x: Matrix) throws -> Matrix {
    guard x.rows == center.count else {
      throw DataError.invalidDataset(
        "cannot un-normalize a \(x.shape) input: the data set has \(center.count) features")
    }
    let scale = self.scale
    var out = x
    let d = x.rows
    out.storage.withUnsafeMutableBufferPointer { s in
      for j in 0..<x.cols {
        for i in 0..<d { s[i + j * d] = s[i + j * d] * scale[i] + center[i] }
      }
    }
    return out
  }
}

extension Dataset {
  /// Normalises every feature with statistics of the **training part only**, applied to
  /// all samples (train and test), and returns them. Computing them on the test part too
  /// would leak information about it into training. Split first, then normalise.
  ///
  /// The statistics are also appended to `normalizations`, so that `normalizeInput(_:)`
  /// brings a new input (for `predict`) to the same scale.
  ///
  ///     try data.split(trainFraction: 0.8, generator: &g)
  ///     let stats = try data.normalize(.standard)   // means/stds of the 80%
  @discardableResult
  public mutating func normalize(_ method: NormalizationMethod) throws -> NormalizationStatistics {
    let stats = try NormalizationStatistics.compute(method, of: X, columns: trainIndices)
    X = try stats.apply(to: X)
    normalizations.append(stats)
    return stats
  }

  /// A raw input (d × B, columns are samples) transformed by every normalisation applied
  /// to this data set, in order.
  public func normalizeInput(_ x: Matrix) throws -> Matrix {
    guard x.rows == featureCount else {
      throw DataError.invalidDataset(
        "the input has \(x.rows) row\(x.rows == 1 ? "" : "s") but \(name) has \(featureCount) feature\(featureCount == 1 ? "" : "s")")
    }
    var out = x
    for stats in normalizations { out = try stats.apply(to: out) }
    return out
  }
}
