import Foundation
import NNEngine
import Testing

@testable import NNData

/// The streaming IDX reader: every element type through chunks that split the data at
/// every place, every truncation refused from the header before anything is allocated,
/// and MNIST's pixels read straight into X.
@Suite struct IDXReadingTests {
  func read(_ bytes: [UInt8], chunkBytes: Int, divisor: Double = 1) throws -> [Double] {
    var source = ByteSource(bytes: bytes, file: "t-idx")
    let h = try IDXFile.readHeader(&source)
    var out = [Double](repeating: -1, count: h.count)
    try out.withUnsafeMutableBufferPointer { o in
      if let base = o.baseAddress { try IDXFile.readElements(&source, h, divisor: divisor, into: base, chunkBytes: chunkBytes) }
    }
    return out
  }

  @Test func everyTypeThroughEveryChunkSize() throws {
    for type in [IDXFile.ElementType.unsignedByte, .signedByte, .short, .int, .float, .double] {
      let values: [Double] = (0..<30).map { type == .unsignedByte ? Double($0 * 8) : Double($0 - 12) }
      let bytes = IDXFile.encode(values, shape: [5, 6], type: type)
      for chunk in [1, 3, 8, 20, 1 << 20] {
        #expect(try read(bytes, chunkBytes: chunk) == values, "\(type) chunk \(chunk)")
      }
      #expect(try read(bytes, chunkBytes: 7, divisor: 2) == values.map { $0 / 2 })
    }
  }

  @Test func everyTruncationAndEveryExtraByteIsRefused() throws {
    for type in [IDXFile.ElementType.unsignedByte, .int, .double] {
      let full = IDXFile.encode([1, 2, 3, 4, 5, 6], shape: [3, 2], type: type)
      for cut in 0..<full.count {
        switch dataError({ try read(Array(full[0..<cut]), chunkBytes: 4) }) {
        case .invalidIDX?: break
        case let other: Issue.record("\(type) cut at \(cut): \(String(describing: other))")
        }
      }
      #expect(dataError { try read(full + [9], chunkBytes: 4) } != nil)
    }
  }

  @Test func mnistReadsItsImagesStraightIntoX() throws {
    let folder = temporaryPath("-mnist")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let train = (0..<(4 * 6)).map { Double($0 * 10) }
    let test = (0..<(2 * 6)).map { Double(255 - $0) }
    try IDXFile.write(train, shape: [4, 2, 3], path: folder + "/train-images-idx3-ubyte")
    try IDXFile.write([1, 0, 9, 1], shape: [4], path: folder + "/train-labels-idx1-ubyte")
    try IDXFile.write(test, shape: [2, 2, 3], path: folder + "/t10k-images-idx3-ubyte")
    try IDXFile.write([3, 3], shape: [2], path: folder + "/t10k-labels-idx1-ubyte")
    let budget = MemoryBudget(limit: 64 << 20)
    let previous = MemoryBudget.install(budget)
    defer { MemoryBudget.current = previous }
    let d = try MNIST.load(directory: folder)
    #expect(d.X.shape == Shape(6, 6))
    #expect(d.X.storage.array == (train + test).map { $0 / 255 })
    #expect(d.labels == [1, 0, 9, 1, 3, 3])
    #expect(d.testIndices == [4, 5])
    // What is charged: X and the one-hot Y, nothing else.
    #expect(budget.live == 8 * (6 * 6 + 10 * 6))
    // A truncated test-images file is refused, and nothing is left charged.
    try FileBytes.write(Array(IDXFile.encode(test, shape: [2, 2, 3]).dropLast()), path: folder + "/t10k-images-idx3-ubyte")
    let before = budget.live
    guard case .invalidIDX(let file, _)? = dataError({ try MNIST.load(directory: folder) }) else {
      Issue.record("truncated images not refused")
      return
    }
    #expect(file.hasSuffix("t10k-images-idx3-ubyte"))
    #expect(budget.live == before)
  }
}
