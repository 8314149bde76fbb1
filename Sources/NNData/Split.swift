import NNEngine

extension Dataset {
  /// Partitions the samples at random into a training part (a fraction `trainFraction` of
  /// them), a validation part (a fraction `validationFraction`, when given) and a test
  /// part (the rest), setting `trainIndices`, `validationIndices` and `testIndices`:
  /// `split 0.8` is train/test, `split 0.7 0.15` is 70 % / 15 % / 15 %.
  ///
  /// - For classification the split is **stratified**: each class is shuffled and cut
  ///   separately, so every part keeps the class proportions of the whole set (as
  ///   scikit-learn's `train_test_split(stratify=y)`). The training size is
  ///   `round(f · N)`; it is shared out between the classes by their exact shares
  ///   `f · n_c`, rounded down, with the samples left over going to the classes with the
  ///   largest remainders (ties: the first class). The validation size `round(v · N)` is
  ///   shared out the same way over what each class has left.
  /// - For regression (or with `stratified: false`) all samples are shuffled together.
  ///
  /// Every random choice comes from `generator`, so the same seed gives the same split
  /// (and `split 0.8` the same split as before validation parts existed).
  /// A split always starts again from the data set's own samples: a part loaded from its
  /// own file (`load "t.csv" as test`) is kept, and then the held-out fraction of
  /// `split F` becomes the other part (validation when the test part is a file). All
  /// index lists come back in ascending order (training shuffles its own mini-batches).
  ///
  /// Throws for a fraction outside (0, 1), fractions summing to 1 or more, or when a part
  /// would be empty.
  ///
  ///     var g = RandomGenerator(seed: 42)
  ///     try iris.split(trainFraction: 0.8, generator: &g)   // 120 train (40 per class), 30 test
  ///     try iris.split(trainFraction: 0.7, validationFraction: 0.15, generator: &g)   // 105, 22, 23
  public mutating func split(
    trainFraction f: Double, validationFraction v: Double? = nil, generator: inout RandomGenerator,
    stratified: Bool = true
  ) throws {
    guard f.isFinite, f > 0, f < 1 else {
      throw DataError.invalidOption("the training fraction must be between 0 and 1 (exclusive), got \(f)")
    }
    if let v {
      guard v.isFinite, v > 0, v < 1 else {
        throw DataError.invalidOption("the validation fraction must be between 0 and 1 (exclusive), got \(v)")
      }
      guard f + v < 1 else {
        throw DataError.invalidOption("the training and validation fractions sum to \(f + v), leaving no test part (they must sum to less than 1)")
      }
    }
    let heldOut = try heldOutPart(threeWay: v != nil)
    let own = ownSamples
    let n = own.count
    let trainCount = Int((f * Double(n)).rounded())
    let validationCount = v.map { Int(($0 * Double(n)).rounded()) } ?? 0
    let restCount = n - trainCount - validationCount
    let described = "split \(f)" + (v.map { " \($0)" } ?? "")
    for (count, part) in [(trainCount, "training"), (v == nil ? 1 : validationCount, "validation"), (restCount, heldOut.rawValue)]
    where count < 1 {
      throw DataError.invalidOption("\(described) of \(n) sample\(n == 1 ? "" : "s") would leave the \(part) part empty")
    }

    let groups = try splitGroups(own, stratified: stratified)
    let sizes = groups.map(\.count)
    let trainQuota = Dataset.quotas(sizes, total: trainCount, of: n)
    let validationQuota = Dataset.quotas(zip(sizes, trainQuota).map { $0 - $1 }, total: validationCount, of: n, shares: sizes)
    var train: [Int] = [], validation: [Int] = [], rest: [Int] = []
    for g in groups.indices {
      var members = groups[g]
      generator.shuffle(&members)
      let cut = trainQuota[g], cut2 = trainQuota[g] + validationQuota[g]
      train.append(contentsOf: members[0..<cut])
      validation.append(contentsOf: members[cut..<cut2])
      rest.append(contentsOf: members[cut2...])
    }
    trainIndices = train.sorted()
    if v != nil {
      validationIndices = validation.sorted()
      validationOrigin = .split(described)
      testIndices = rest.sorted()
      testOrigin = .split(described)
    } else if heldOut == .test {
      testIndices = rest.sorted()
      testOrigin = .split(described)
      if !validationOrigin.isFile { (validationIndices, validationOrigin) = ([], .none) }
    } else {
      validationIndices = rest.sorted()
      validationOrigin = .split(described)
    }
  }

  /// The part `split F` fills with what it holds out: test, or validation when the test
  /// part is a file of its own. A three-way split needs both parts free.
  private func heldOutPart(threeWay: Bool) throws -> DataPart {
    let testIsFile = testOrigin.isFile, validationIsFile = validationOrigin.isFile
    if threeWay, testIsFile || validationIsFile {
      let which = testIsFile ? "test" : "validation"
      throw DataError.invalidOption(
        "the \(which) part comes from \(testIsFile ? testOrigin : validationOrigin); split TRAIN VALIDATION needs both parts free (use split F for the other part)")
    }
    if !testIsFile { return .test }
    guard !validationIsFile else {
      throw DataError.invalidOption("the validation and test parts both come from their own files: there is nothing to split")
    }
    return .validation
  }

  /// The samples to cut separately: one group per class, or a single one.
  private func splitGroups(_ samples: [Int], stratified: Bool) throws -> [[Int]] {
    guard stratified, let labels else { return [samples] }
    var groups = [[Int]](repeating: [], count: classCount)
    for j in samples {
      let c = labels[j]
      guard groups.indices.contains(c) else {
        throw DataError.invalidDataset(
          "\(name): sample \(j + 1) has class \(c + 1) but there are only \(classCount) class names")
      }
      groups[c].append(j)
    }
    return groups
  }

  /// `total` samples shared out between groups by their exact shares
  /// `shares[g] · total / n` (by default the group sizes), rounded down, the rest going to the
  /// largest remainders (ties: the first group), never more than `capacity[g]`.
  static func quotas(_ capacity: [Int], total: Int, of n: Int, shares: [Int]? = nil) -> [Int] {
    let exact = (shares ?? capacity).map { Double($0) * Double(total) / Double(n) }
    var quota = zip(exact, capacity).map { Swift.min(Int($0.rounded(.down)), $1) }
    var missing = total - quota.reduce(0, +)
    let order = capacity.indices.sorted { a, b in
      let ra = exact[a] - Double(quota[a])
      let rb = exact[b] - Double(quota[b])
      return ra != rb ? ra > rb : a < b
    }
    for g in order where missing > 0 && quota[g] < capacity[g] {
      quota[g] += 1
      missing -= 1
    }
    return quota
  }
}
