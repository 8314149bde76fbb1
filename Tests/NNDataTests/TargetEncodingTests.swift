import Testing
@testable import NNEngine
@testable import NNData

/// Two classes read as a 0/1 row by one output unit and one-hot by two; the size an
/// output layer without one takes from the targets.
@Suite struct TargetEncodingTests {
  func make(_ kind: BuiltinDataset, classes: Int? = nil) throws -> Dataset {
    var g = RandomGenerator(seed: 1)
    return try BuiltinDataset.make(kind, classes: classes, generator: &g)
  }

  @Test func oneOutputReadsRowTwoOfTheOneHotTargets() throws {
    let d = try make(.circle)
    #expect(d.Y.rows == 2)
    let binary = try #require(try d.encoded(forOutputs: 1))
    #expect(binary.Y.shape == Shape(1, d.sampleCount))
    #expect(binary.Y.storage == d.Y.row(1))
    #expect(binary.labels == d.labels)
    #expect(try d.encoded(forOutputs: 2) == nil)
  }

  @Test func twoOutputsReadTheBinaryRowOneHotAgain() throws {
    let d = try make(.moons)
    let binary = try #require(try d.encoded(forOutputs: 1))
    #expect(try binary.encoded(forOutputs: 1) == nil)
    let back = try #require(try binary.encoded(forOutputs: 2))
    #expect(back.Y == d.Y)
  }

  @Test func otherTargetsAreLeftAlone() throws {
    #expect(try make(.iris).encoded(forOutputs: 1) == nil)
    #expect(try make(.sine).encoded(forOutputs: 1) == nil)
    #expect(try make(.xor).encoded(forOutputs: nil) == nil)
    #expect(try make(.xor).encoded(forOutputs: 3) == nil)
  }

  @Test func outputSizeFromTheTargets() throws {
    #expect(try make(.circle).outputSize(sigmoid: true) == 1)
    #expect(try make(.circle).outputSize(sigmoid: false) == 2)
    #expect(try make(.spiral, classes: 3).outputSize(sigmoid: false) == 3)
    #expect(try make(.iris).outputSize(sigmoid: true) == 3)
    #expect(try make(.sine).outputSize(sigmoid: false) == 1)
  }
}
