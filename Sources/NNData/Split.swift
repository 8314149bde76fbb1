import NNEngine

extension Dataset {
  /// Partitions the samples at random into a training part (a fraction `trainFraction` of
  /// them) and a test part (the rest), setting `trainIndices` and `testIndices`.
  ///
  /// - For classification the split is **stratified**: each class is shuffled and cut
  ///   separately, so both parts keep the class proportions of the whole set (as
  ///   scikit-learn's `train_test_split(stratify=y)`). The training size is
  ///   `round(f · N)`; it is shared out between the classes by their exact shares
  ///   `f · n_c`, rounded down, with the samples left over going to the classes with the
  ///   largest remainders (ties: the first class).
  /// - For regression (or with `stratified: false`) all samples are shuffled together.
  ///
  /// Every random choice comes from `generator`, so the same seed gives the same split.
  /// A split always starts again from the whole data set. Both index lists come back in
  /// ascending order (training shuffles its own mini-batches).
  ///
  /// Throws for a fraction outside (0, 1) or when either part would be empty.
  ///
  ///     var g = RandomGenerator(seed: 42)
  ///     try iris.split(trainFraction: 0.8, generator: &g)   // 120 train (40 per class), 30 test
  public mutating func split(trainFraction f: Double, generator: inout RandomGenerator, stratified: Bool = true)
    throws
  {
    guard f.isFinite, f > 0, f < 1 else {
      throw DataError.invalidOption("the training fraction must be between 0 and 1 (exclusive), got \(f)")
    }
    let n = sampleCount
    let trainCount = Int((f * Double(n)).rounded())
    guard trainCount >= 1, trainCount <= n - 1 else {
      throw DataError.invalidOption(
        "split \(f) of \(n) sample\(n == 1 ? "" : "s") would leave the "
          + (trainCount < 1 ? "training" : "test") + " part empty")
    }

    // The groups to cut separately: one per class, or a single one.
    var groups: [[Int]]
    if stratified, let labels = labels {
      groups = [[Int]](repeating: [], count: classCount)
      for (j, c) in labels.enumerated() {
        guard groups.indices.contains(c) else {
          throw DataError.invalidDataset(
            "\(name): sample \(j + 1) has class \(c + 1) but there are only \(classCount) class names")
        }
        groups[c].append(j)
      }
    } else {
      groups = [Array(0..<n)]
    }

    // Training samples per group: floor of the exact share, then the largest remainders.
    let shares = groups.map { Double($0.count) * Double(trainCount) / Double(n) }
    var quota = shares.map { Int($0.rounded(.down)) }
    var missing = trainCount - quota.reduce(0, +)
    let order = groups.indices.sorted { a, b in
      let ra = shares[a] - Double(quota[a])
      let rb = shares[b] - Double(quota[b])
      return ra != rb ? ra > rb : a < b
    }
    for g in order where missing > 0 && quota[g] < groups[g].count {
      quota[g] += 1
      missing -= 1
    }

    var train: [Int] = []
    var test: [Int] = []
    for g in groups.indices {
      var members = groups[g]
      generator.shuffle(&members)
      train.append(contentsOf: members[0..<quota[g]])
      test.append(contentsOf: members[quota[g]...])
    }
    trainIndices = train.sorted()
    testIndices = test.sorted()
  }
}
