import NNEngine
import Testing

@testable import NNData

@Suite struct SplitTests {
  func iris() throws -> Dataset {
    var g = RandomGenerator(seed: 0)
    return try BuiltinDataset.make(.iris, generator: &g)
  }

  @Test func stratifiedKeepsClassProportions() throws {
    var d = try iris()
    var g = RandomGenerator(seed: 42)
    try d.split(trainFraction: 0.8, generator: &g)
    #expect(d.trainIndices.count == 120)
    #expect(d.testIndices.count == 30)
    #expect(d.classCounts(of: d.trainIndices) == [40, 40, 40])
    #expect(d.classCounts(of: d.testIndices) == [10, 10, 10])
    #expect(Set(d.trainIndices).isDisjoint(with: d.testIndices))
    #expect(Set(d.trainIndices + d.testIndices) == Set(0..<150))
    #expect(d.trainIndices == d.trainIndices.sorted())
    #expect(try d.trainX.shape == Shape(4, 120))
    #expect(try d.testY.shape == Shape(3, 30))
  }

  @Test func unbalancedClasses() throws {
    let labels = (0..<100).map { $0 < 90 ? 0 : 1 }
    var d = try Dataset(
      name: "u", X: Matrix(rows: 1, cols: 100), Y: Dataset.oneHot(labels, classCount: 2), classNames: ["a", "b"])
    var g = RandomGenerator(seed: 1)
    try d.split(trainFraction: 0.7, generator: &g)
    #expect(d.classCounts(of: d.trainIndices) == [63, 7])
    #expect(d.classCounts(of: d.testIndices) == [27, 3])
    // Shares that do not divide evenly: 0.5 of 7 + 4 samples.
    let odd = (0..<11).map { $0 < 7 ? 0 : 1 }
    var e = try Dataset(
      name: "o", X: Matrix(rows: 1, cols: 11), Y: Dataset.oneHot(odd, classCount: 2), classNames: ["a", "b"])
    try e.split(trainFraction: 0.5, generator: &g)
    #expect(e.trainIndices.count == 6)  // round(5.5)
    #expect(e.classCounts(of: e.trainIndices) == [4, 2])
  }

  @Test func sameSeedSameSplit() throws {
    var a = try iris(), b = try iris(), c = try iris()
    var g1 = RandomGenerator(seed: 9), g2 = RandomGenerator(seed: 9), g3 = RandomGenerator(seed: 10)
    try a.split(trainFraction: 0.6, generator: &g1)
    try b.split(trainFraction: 0.6, generator: &g2)
    try c.split(trainFraction: 0.6, generator: &g3)
    #expect(a.trainIndices == b.trainIndices)
    #expect(a.trainIndices != c.trainIndices)
  }

  @Test func regressionAndResplitting() throws {
    var g = RandomGenerator(seed: 5)
    var d = try BuiltinDataset.make(.sine, n: 10, generator: &g)
    try d.split(trainFraction: 0.75, generator: &g)
    #expect(d.trainIndices.count == 8)  // round(7.5)
    #expect(d.testIndices.count == 2)
    try d.split(trainFraction: 0.5, generator: &g)
    #expect(d.trainIndices.count == 5)
    #expect(d.testIndices.count == 5)
  }

  @Test func invalidFractionsAndEmptyParts() throws {
    var d = try iris()
    var g = RandomGenerator(seed: 1)
    for f in [0, 1, 1.5, -0.2, Double.nan, Double.infinity] {
      #expect(dataError { try d.split(trainFraction: f, generator: &g) } != nil, "\(f)")
    }
    var small = try Dataset(name: "s", X: Matrix(rows: 1, cols: 3), Y: Matrix(rows: 1, cols: 3))
    #expect(dataError { try small.split(trainFraction: 0.1, generator: &g) }.map { "\($0)" }?.contains("training") == true)
    #expect(dataError { try small.split(trainFraction: 0.9, generator: &g) }.map { "\($0)" }?.contains("test") == true)
    #expect(small.trainIndices == [0, 1, 2])  // unchanged after a refused split
  }
}
