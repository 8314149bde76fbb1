import NNEngine
import Testing

@testable import NNData

/// `split TRAIN VALIDATION` and parts loaded from their own files (`Dataset.use`).
@Suite struct ValidationSplitTests {
  func iris() throws -> Dataset {
    var g = RandomGenerator(seed: 0)
    return try BuiltinDataset.make(.iris, generator: &g)
  }

  @Test func threeWaySplitIsStratifiedAndDisjoint() throws {
    var d = try iris()
    var g = RandomGenerator(seed: 42)
    try d.split(trainFraction: 0.6, validationFraction: 0.2, generator: &g)
    #expect(d.classCounts(of: d.trainIndices) == [30, 30, 30])
    #expect(d.classCounts(of: d.validationIndices) == [10, 10, 10])
    #expect(d.classCounts(of: d.testIndices) == [10, 10, 10])
    let all = d.trainIndices + d.validationIndices + d.testIndices
    #expect(all.count == 150 && Set(all) == Set(0..<150))
    #expect(d.validationOrigin == .split("split 0.6 0.2"))
    #expect(try d.validationX.shape == Shape(4, 30))
  }

  @Test func twoWaySplitIsTheSplitItWasAndClearsValidation() throws {
    var a = try iris(), b = try iris()
    var g1 = RandomGenerator(seed: 7), g2 = RandomGenerator(seed: 7)
    try a.split(trainFraction: 0.7, validationFraction: 0.15, generator: &g1)
    try a.split(trainFraction: 0.8, generator: &g1)
    #expect(a.validationIndices.isEmpty && a.validationOrigin == .none)
    // The training part of a three-way split is the one a two-way split of the same seed gives.
    try b.split(trainFraction: 0.7, validationFraction: 0.15, generator: &g2)
    var c = try iris()
    var g3 = RandomGenerator(seed: 7)
    try c.split(trainFraction: 0.7, generator: &g3)
    #expect(b.trainIndices == c.trainIndices)
    #expect(Set(b.validationIndices + b.testIndices) == Set(c.testIndices))
  }

  @Test func sameSeedSameThreeWaySplit() throws {
    var a = try iris(), b = try iris()
    var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
    try a.split(trainFraction: 0.5, validationFraction: 0.25, generator: &g1)
    try b.split(trainFraction: 0.5, validationFraction: 0.25, generator: &g2)
    #expect(a.validationIndices == b.validationIndices && a.testIndices == b.testIndices)
  }

  @Test func badFractions() throws {
    var d = try iris()
    var g = RandomGenerator(seed: 1)
    #expect(throws: DataError.self) { try d.split(trainFraction: 0.8, validationFraction: 0.2, generator: &g) }
    #expect(throws: DataError.self) { try d.split(trainFraction: 0.5, validationFraction: 0, generator: &g) }
    #expect(throws: DataError.self) { try d.split(trainFraction: 0.5, validationFraction: 1.5, generator: &g) }
    #expect(d.validationIndices.isEmpty && d.testIndices.isEmpty)
  }

  /// A small two-feature, two-class set.
  func small(_ name: String, features: [String], labels: [Int], classes: [String], values: [[Double]]) throws -> Dataset {
    try Dataset(
      name: name, X: Matrix(rowsOf: values), Y: Dataset.oneHot(labels, classCount: classes.count), featureNames: features,
      classNames: classes)
  }

  @Test func fileAsTestPartReordersFeaturesAndRemapsClasses() throws {
    var d = try small("train", features: ["u", "v"], labels: [0, 1, 2, 0], classes: ["a", "b", "c"], values: [[1, 2, 3, 4], [5, 6, 7, 8]])
    _ = try d.normalize(.minmax)
    // Columns in the other order, and only the classes c and a (encoded 0 and 1 there).
    let t = try small("t", features: ["v", "u"], labels: [0, 1], classes: ["c", "a"], values: [[7, 5], [3, 1]])
    try d.use(t, as: .test, file: "t.csv")
    #expect(d.sampleCount == 6 && d.testIndices == [4, 5] && d.testOrigin == .file("t.csv"))
    // Normalised with the training statistics: u = 3 → (3 − 1)/3, v = 7 → (7 − 5)/3.
    #expect(abs(d.X[0, 4] - 2.0 / 3) < 1e-15 && abs(d.X[1, 4] - 2.0 / 3) < 1e-15)
    #expect(d.labels.map { Array($0[4...]) } == [2, 0])
    #expect(d.trainIndices == [0, 1, 2, 3])
    // Replacing a file part drops its samples; a split then cuts only the own samples.
    try d.use(t, as: .test, file: "t2.csv")
    #expect(d.sampleCount == 6 && d.testOrigin == .file("t2.csv"))
    var g = RandomGenerator(seed: 0)
    try d.split(trainFraction: 0.75, generator: &g, stratified: false)
    #expect(d.testIndices == [4, 5] && d.validationIndices.count == 1 && d.trainIndices.count == 3)
    #expect(throws: DataError.self) { try d.split(trainFraction: 0.5, validationFraction: 0.25, generator: &g) }
  }

  @Test func fileWithUnknownClassOrColumnIsRefusedAndChangesNothing() throws {
    var d = try small("train", features: ["u", "v"], labels: [0, 1], classes: ["a", "b"], values: [[1, 2], [3, 4]])
    let before = d
    let unknownClass = try small("t", features: ["u", "v"], labels: [0, 1], classes: ["a", "z"], values: [[1, 2], [3, 4]])
    #expect {
      try d.use(unknownClass, as: .test, file: "t.csv")
    } throws: { "\($0)".contains("'z'") }
    let unknownColumn = try small("t", features: ["u", "w"], labels: [0, 1], classes: ["a", "b"], values: [[1, 2], [3, 4]])
    #expect {
      try d.use(unknownColumn, as: .validation, file: "v.csv")
    } throws: { "\($0)".contains("'w'") }
    #expect(d == before)
  }

  @Test func replacingASplitPartReturnsItsSamplesToTraining() throws {
    var d = try iris()
    var g = RandomGenerator(seed: 5)
    try d.split(trainFraction: 0.8, generator: &g)
    let t = try iris()
    let returned = try d.use(t, as: .test, file: "iris2.csv")
    #expect(returned == 30 && d.trainIndices == Array(0..<150) && d.testIndices == Array(150..<300))
  }
}
