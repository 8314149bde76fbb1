import NNEngine

extension Dataset {
  /// Puts the samples in a random order (`shuffle`): a permutation π of the N samples,
  /// drawn from `generator` (Fisher–Yates), so that the new sample j is the old sample
  /// π(j):
  ///
  ///     X′[:, j] = X[:, π(j)]     Y′[:, j] = Y[:, π(j)]
  ///
  /// **Each sample stays in its part.** A sample of the training part is still a
  /// training sample afterwards, and likewise for the test part; only positions change.
  /// `trainIndices` and `testIndices` are renumbered to the new positions and kept in
  /// ascending order, so the training part is now met in the shuffled order — by
  /// `forward batch 1..32`, `forward sample K` and `show data 5`. (Shuffling is therefore
  /// no substitute for `split`: a data set that was split keeps exactly the same test
  /// part, and the metrics of `evaluate` do not change.) Normalisation statistics are per
  /// feature and stay valid.
  ///
  /// Sorted data (iris is stored class by class) need it before taking a first batch by
  /// hand; `train` shuffles its mini-batches on its own every epoch.
  ///
  ///     var g = RandomGenerator(seed: 1)
  ///     iris.shuffle(generator: &g)    // the first 5 samples are no longer all setosa
  public mutating func shuffle(generator: inout RandomGenerator) {
    var order = Array(0..<sampleCount)
    generator.shuffle(&order)
    // A permutation of 0..<N always applies.
    try? permute(order)
  }

  /// Reorders the samples so that the new sample j is the old sample `order[j]`, keeping
  /// every sample in its part (see `shuffle(generator:)`). Throws, changing nothing,
  /// unless `order` is a permutation of `0..<sampleCount`.
  public mutating func permute(_ order: [Int]) throws {
    let n = sampleCount
    guard order.count == n else {
      throw DataError.invalidDataset("a reordering of \(n) samples needs \(n) positions, got \(order.count)")
    }
    var newPosition = [Int](repeating: -1, count: n)
    for (j, old) in order.enumerated() {
      guard old >= 0, old < n, newPosition[old] < 0 else {
        throw DataError.invalidDataset("the reordering is not a permutation of the \(n) samples")
      }
      newPosition[old] = j
    }
    guard (trainIndices + validationIndices + testIndices).allSatisfy({ $0 >= 0 && $0 < n }) else {
      throw DataError.invalidDataset("the training or test part names a sample that does not exist")
    }
    // Gather cannot fail here: every index is in range and N ≥ 1.
    let newX = try Dataset.gather(X, order)
    let newY = try Dataset.gather(Y, order)
    X = newX
    Y = newY
    if let rows = sourceRows, rows.count == n { sourceRows = order.map { rows[$0] } }
    trainIndices = trainIndices.map { newPosition[$0] }.sorted()
    testIndices = testIndices.map { newPosition[$0] }.sorted()
    validationIndices = validationIndices.map { newPosition[$0] }.sorted()
  }
}
