import NNEngine
import Testing

@testable import NNData

@Suite struct ShuffleTests {
  /// Six samples whose single feature is their original number (0…5), classes a/b/c.
  func numbered() throws -> Dataset {
    try Dataset(
      name: "n", X: Matrix(rowsOf: [[0, 1, 2, 3, 4, 5]]),
      Y: Dataset.oneHot([0, 0, 1, 1, 2, 2], classCount: 3), classNames: ["a", "b", "c"])
  }

  @Test func samplesMoveWithTheirTargets() throws {
    var d = try numbered()
    var g = RandomGenerator(seed: 3)
    d.shuffle(generator: &g)
    let order = d.X.storage.map { Int($0) }
    #expect(order.sorted() == [0, 1, 2, 3, 4, 5])
    #expect(order != [0, 1, 2, 3, 4, 5])
    // Sample j (originally sample order[j]) keeps its class: 0,1 → a; 2,3 → b; 4,5 → c.
    #expect(d.labels == order.map { $0 / 2 })
    #expect(d.trainIndices == [0, 1, 2, 3, 4, 5])
    #expect(d.testIndices == [])
  }

  @Test func sameSeedSameOrder() throws {
    var a = try numbered(), b = try numbered(), c = try numbered()
    var g1 = RandomGenerator(seed: 11), g2 = RandomGenerator(seed: 11), g3 = RandomGenerator(seed: 12)
    a.shuffle(generator: &g1)
    b.shuffle(generator: &g2)
    c.shuffle(generator: &g3)
    #expect(a == b)
    #expect(a.X != c.X)
  }

  @Test func everySampleStaysInItsPart() throws {
    var g = RandomGenerator(seed: 0)
    var d = try BuiltinDataset.make(.iris, generator: &g)
    try d.split(trainFraction: 0.8, generator: &g)
    let testBefore = try d.testX.sortedColumns
    let trainBefore = try d.trainX.sortedColumns
    let counts = d.classCounts(of: d.testIndices)
    d.shuffle(generator: &g)
    #expect(try d.testX.sortedColumns == testBefore)
    #expect(try d.trainX.sortedColumns == trainBefore)
    #expect(d.classCounts(of: d.testIndices) == counts)
    #expect(d.trainIndices == d.trainIndices.sorted())
    #expect(d.trainIndices.count == 120)
    #expect(Set(d.trainIndices + d.testIndices) == Set(0..<150))
    // iris is stored class by class; shuffled, the first five are not all setosa.
    #expect(Set(d.labels?.prefix(5) ?? []).count > 1)
  }

  @Test func permuteRefusesWhatIsNotAPermutation() throws {
    var d = try numbered()
    let before = d
    #expect(dataError { try d.permute([0, 1, 2]) } != nil)
    #expect(dataError { try d.permute([0, 1, 2, 3, 4, 4]) } != nil)
    #expect(dataError { try d.permute([0, 1, 2, 3, 4, 6]) } != nil)
    #expect(d == before)
    try d.permute([5, 4, 3, 2, 1, 0])
    #expect(d.X.storage == [5, 4, 3, 2, 1, 0])
    #expect(d.labels == [2, 2, 1, 1, 0, 0])
  }
}

extension Matrix {
  /// The columns (samples) in lexicographic order: equal for the same samples in any order.
  var sortedColumns: [[Double]] { (0..<cols).map { column($0) }.sorted { $0.lexicographicallyPrecedes($1) } }
}
