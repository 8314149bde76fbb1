import Foundation
import NNEngine
import Testing

@testable import NNData

/// Reads a generated 60 000 × 785 integer CSV (~100 MB, MNIST-sized) and a float-heavy
/// one. Skipped unless NNSH_BENCHMARK is set; meaningful in a release build:
///
///     NNSH_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing \
///       --scratch-path .build-data --filter CSVBenchmark
@Suite(.serialized) struct CSVBenchmark {
  static let enabled = ProcessInfo.processInfo.environment["NNSH_BENCHMARK"] != nil

  /// Pixel-like integers 0–255, mostly 0, and a label 0–9 in the first column.
  static func mnistLike(rows: Int) -> [UInt8] {
    var g = RandomGenerator(seed: 1)
    var out = [UInt8]()
    out.reserveCapacity(rows * 1800)
    out += Array(("label," + (1...784).map { "p\($0)" }.joined(separator: ",") + "\n").utf8)
    for _ in 0..<rows {
      out += Array(String(g.index(below: 10)).utf8)
      for _ in 0..<784 {
        out.append(0x2C)
        let v = g.index(below: 4) == 0 ? g.index(below: 256) : 0
        out += Array(String(v).utf8)
      }
      out.append(0x0A)
    }
    return out
  }

  func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  @Test(.enabled(if: CSVBenchmark.enabled)) func mnistSizedCSV() throws {
    let bytes = Self.mnistLike(rows: 60_000)
    let path = temporaryPath(".csv")
    try FileBytes.write(bytes, path: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var d: Dataset? = nil
    let t = try seconds { d = try CSVReader.read(path: path, target: .name("label")) }
    print(String(format: "CSV benchmark: %d bytes, 60000 x 785 integers read in %.3f s", bytes.count, t))
    #expect(d?.X.shape == Shape(784, 60_000))
    #expect(d?.classNames?.count == 10)
    #expect(t < 2)
  }

  @Test(.enabled(if: CSVBenchmark.enabled)) func floatHeavyCSV() throws {
    var g = RandomGenerator(seed: 2)
    var text = (1...100).map { "f\($0)" }.joined(separator: ",") + ",y\n"
    for _ in 0..<20_000 {
      text += (0..<100).map { _ in String(g.normal()) }.joined(separator: ",") + ",\(g.normal())\n"
    }
    let bytes = Array(text.utf8)
    var d: Dataset? = nil
    let t = try seconds { d = try CSVReader.read(bytes: bytes, name: "floats.csv") }
    print(String(format: "CSV benchmark: %d bytes, 20000 x 101 17-digit floats read in %.3f s", bytes.count, t))
    #expect(d?.X.shape == Shape(100, 20_000))
  }
}
