/// Which encoding of a two-class target a network with `outputs` units reads.
///
/// A two-class data set is stored one-hot (`2 × N`) when it is made, as every
/// classification set is. A network whose output layer has **one unit** (the notes'
/// binary case: one sigmoid unit with `loss bce`, or `J = 1/2 (h − y)²`) reads it as the
/// `1 × N` row `y = 1` for class 2 and `y = 0` for class 1 (`binaryEncoded()`); a network
/// with two outputs reads the one-hot form. Both hold the same labels, so switching
/// between them loses nothing:
///
///     let d = try BuiltinDataset.make(.circle, generator: &g)   // Y is 2 × 200, one-hot
///     try d.encoded(forOutputs: 1)?.Y.shape    // 1 × 200: row 2 of the one-hot Y
///     try d.encoded(forOutputs: 2)             // nil: already one-hot
extension Dataset {
  /// The data set re-encoded for a network with `outputs` output units, or nil when its
  /// targets already fit (or re-encoding does not apply: regression, more than 2 classes).
  public func encoded(forOutputs outputs: Int?) throws -> Dataset? {
    guard let outputs, classCount == 2 else { return nil }
    if outputs == 1 && Y.rows == 2 { return try binaryEncoded() }
    if outputs == 2 && Y.rows == 1 { return try oneHotEncoded() }
    return nil
  }

  /// The output size a final layer without an explicit size takes from these targets:
  /// 1 for two classes under a sigmoid (the 0/1 row), the number of classes for softmax,
  /// and the number of target rows otherwise (regression values, one-hot rows).
  ///
  ///     circle.outputSize(sigmoid: true)    // 1
  ///     iris.outputSize(sigmoid: false)     // 3
  public func outputSize(sigmoid: Bool) -> Int {
    if classCount == 2 && sigmoid { return 1 }
    return isClassification ? classCount : outputCount
  }
}
