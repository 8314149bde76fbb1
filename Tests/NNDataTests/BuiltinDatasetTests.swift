import Foundation
import NNEngine
import Testing

@testable import NNData

@Suite struct BuiltinDatasetTests {
  func make(
    _ kind: BuiltinDataset, seed: UInt64 = 42, n: Int? = nil, noise: Double? = nil, classes: Int? = nil
  ) throws -> Dataset {
    var g = RandomGenerator(seed: seed)
    return try BuiltinDataset.make(kind, n: n, noise: noise, classes: classes, generator: &g)
  }

  static let generated: [BuiltinDataset] = [.xor, .circle, .gauss, .spiral, .moons, .sine]

  @Test(arguments: generated)
  func shapesAndDefaults(_ kind: BuiltinDataset) throws {
    let d = try make(kind)
    #expect(d.name == kind.rawValue)
    #expect(d.sampleCount == 200)
    #expect(d.X.isFinite && d.Y.isFinite)
    if kind == .sine {
      #expect(d.X.shape == Shape(1, 200))
      #expect(d.Y.shape == Shape(1, 200))
      #expect(!d.isClassification)
    } else {
      #expect(d.X.shape == Shape(2, 200))
      #expect(d.Y.shape == Shape(2, 200))
      #expect(d.classNames == ["0", "1"])
      #expect(d.classCounts() == [100, 100])
      #expect(d.featureNames == ["x1", "x2"])
    }
  }

  @Test(arguments: generated)
  func sameSeedSameDataOtherSeedOtherData(_ kind: BuiltinDataset) throws {
    #expect(try make(kind, seed: 7, n: 50) == make(kind, seed: 7, n: 50))
    #expect(try make(kind, seed: 7, n: 50) != make(kind, seed: 8, n: 50))
  }

  @Test func moreClasses() throws {
    let spiral = try make(.spiral, n: 300, noise: 0.1, classes: 3)
    #expect(spiral.Y.shape == Shape(3, 300))
    #expect(spiral.classCounts() == [100, 100, 100])
    let gauss = try make(.gauss, n: 101, classes: 5)
    #expect(gauss.classNames == ["0", "1", "2", "3", "4"])
    #expect(gauss.classCounts() == [21, 20, 20, 20, 20])
    #expect(try make(.xor, classes: 2).sampleCount == 200)
  }

  @Test func xorWithoutNoiseIsTheTruthTable() throws {
    let d = try make(.xor, n: 4, noise: 0)
    #expect(d.X.rowArrays == [[0, 0, 1, 1], [0, 1, 0, 1]])
    #expect(d.labels == [0, 1, 1, 0])
  }

  @Test func circleWithoutNoiseSeparatesDiscAndRing() throws {
    let d = try make(.circle, n: 400, noise: 0)
    for j in 0..<d.sampleCount {
      let r = (d.X[0, j] * d.X[0, j] + d.X[1, j] * d.X[1, j]).squareRoot()
      if d.labels?[j] == 1 { #expect(r <= 0.5 + 1e-12) } else { #expect(r >= 0.7 - 1e-12 && r <= 1 + 1e-12) }
    }
  }

  @Test func sineFollowsTheSine() throws {
    let d = try make(.sine, noise: 0)
    for j in 0..<d.sampleCount {
      #expect(Swift.abs(d.Y[0, j] - sin(d.X[0, j])) < 1e-15)
      #expect(Swift.abs(d.X[0, j]) <= Double.pi)
    }
  }

  @Test func invalidOptionsAreErrors() {
    let bad: [(BuiltinDataset, Int?, Double?, Int?)] = [
      (.xor, 0, nil, nil), (.spiral, -5, nil, nil), (.moons, 1_000_001, nil, nil),
      (.gauss, nil, -1, nil), (.gauss, nil, .nan, nil), (.gauss, nil, .infinity, nil),
      (.spiral, nil, nil, 1), (.gauss, nil, nil, 0), (.gauss, nil, nil, 101), (.xor, nil, nil, 3),
      (.sine, nil, nil, 2), (.iris, 10, nil, nil), (.digits, nil, 0.1, nil), (.iris, nil, nil, 3),
      (.spiral, 2, nil, 3),
    ]
    for (kind, n, noise, classes) in bad {
      guard case .invalidOption(let message)? = dataError({ try make(kind, n: n, noise: noise, classes: classes) })
      else {
        Issue.record("\(kind) n=\(String(describing: n)) noise=\(String(describing: noise)) classes=\(String(describing: classes)) accepted")
        continue
      }
      #expect(!message.isEmpty)
    }
    #expect(throws: Never.self) { try make(.sine, n: 1) }
    #expect(throws: Never.self) { try make(.moons, noise: 0) }
  }

  @Test func iris() throws {
    let d = try make(.iris)
    #expect(d.name == "iris")
    #expect(d.X.shape == Shape(4, 150))
    #expect(d.classNames == ["setosa", "versicolor", "virginica"])
    #expect(d.classCounts() == [50, 50, 50])
    #expect(d.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
    #expect(d.X.column(0) == [5.1, 3.5, 1.4, 0.2])
  }

  @Test func digits() throws {
    let d = try make(.digits)
    #expect(d.name == "digits")
    #expect(d.X.shape == Shape(64, 1797))
    #expect(d.classNames == (0...9).map(String.init))
    #expect(d.classCounts().reduce(0, +) == 1797)
    #expect(d.X.storage.allSatisfy { $0 >= 0 && $0 <= 16 })
    #expect(d.labels?.prefix(3) == [0, 1, 2])
  }

  @Test func shippedFilesAreFoundWithoutTheSourceTree() throws {
    // The bundle SwiftPM copies next to the built binary (the test runner here).
    let path = try BundledResources.path(of: "iris.csv", sourceFile: "/nonexistent/Sources/NNData/x.swift")
    #expect(path.contains(BundledResources.bundleName))
    #expect(Bundle.module.url(forResource: "iris", withExtension: "csv", subdirectory: "Resources") != nil)
    #expect(
      dataError { try BundledResources.path(of: "nothing.csv") }.map { "\($0)" }?.contains("nothing.csv") == true)
  }
}
