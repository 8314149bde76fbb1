import Foundation
import NNEngine
import Testing

@testable import NNData

/// The streaming `.npy` reader (`NumPyFile+Reading.swift`): every element type, byte
/// order and memory order through chunks small enough to split elements' runs at every
/// place, truncation at every byte, headers that lie about the size, and the direct path
/// handing its storage to the data set without a copy.
@Suite struct NumPyReadingTests {
  /// A `.npy` file (version 1.0) of `values` (C order) stored as `descr`, in Fortran
  /// order when asked, with the header padded to 64 bytes as NumPy pads it.
  static func file(_ descr: String, shape: [Int], values: [Double], fortran: Bool = false) -> [UInt8] {
    var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(NumPyArray.describe(shape)), }"
    header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
    let h = Array(header.utf8)
    var bytes = NumPyFile.magic + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h
    // Fortran order: the file lists the elements first index fastest.
    var order = Array(values.indices)
    if fortran {
      var f = NumPyFile.FortranOrder(shape: shape)
      order = values.indices.map { _ in f.next() }
    }
    let big = descr.first == ">"
    func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: big ? v.bigEndian : v.littleEndian) { bytes += $0 } }
    for k in order {
      let v = values[k]
      switch descr.dropFirst() {
      case "f8": put(v.bitPattern)
      case "f4": put(Float(v).bitPattern)
      case "i8": put(Int64(v))
      case "i4": put(Int32(v))
      case "i2": put(Int16(v))
      case "i1": put(Int8(v))
      case "u8": put(UInt64(v))
      case "u4": put(UInt32(v))
      case "u2": put(UInt16(v))
      case "u1": put(UInt8(v))
      case "b1": put(UInt8(v != 0 ? 1 : 0))
      default: Issue.record("no encoder for \(descr)")
      }
    }
    return bytes
  }

  func elements(_ bytes: [UInt8], chunkBytes: Int = NumPyFile.chunkBytes) throws -> NumPyFile.Elements {
    var source = ByteSource(bytes: bytes, file: "t.npy")
    return try NumPyFile.readElements(&source, chunkBytes: chunkBytes)
  }

  static let descrs = ["<f8", ">f8", "<f4", ">f4", "<i8", ">i8", "<i4", ">i4", "<i2", "|i1", "|u1", "<u2", ">u4", "<u8", "|b1"]

  @Test func everyTypeAndOrderThroughEveryChunkSize() throws {
    for shape in [[3, 4], [2, 3, 4], [5], [1, 7]] {
      let count = shape.reduce(1, *)
      for descr in Self.descrs {
        let unsigned = descr.contains("u") || descr.contains("b")
        let values = (0..<count).map { k in descr.hasSuffix("b1") ? Double(k % 2) : Double(unsigned ? k : k - 5) }
        for fortran in [false, true] {
          let bytes = Self.file(descr, shape: shape, values: values, fortran: fortran)
          // 8 bytes: one double per chunk; 24 and 40: chunks that end mid-row.
          for chunk in [8, 24, 40, 1 << 20] {
            let e = try elements(bytes, chunkBytes: chunk)
            #expect(e.shape == shape)
            #expect(e.storage.array == values, "\(descr) \(shape) fortran=\(fortran) chunk=\(chunk)")
            #expect(e.isInteger == !descr.contains("f"), "\(descr)")
            #expect(e.firstNonFinite == nil)
            #expect(e.dtype == descr)
          }
        }
      }
    }
  }

  @Test func theFirstNonFiniteValueIsFoundInCOrder() throws {
    var values = (0..<12).map(Double.init)
    values[7] = .nan
    values[9] = .infinity
    for descr in ["<f8", ">f8", "<f4"] {
      for fortran in [false, true] {
        for chunk in [8, 16, 1 << 20] {
          let e = try elements(Self.file(descr, shape: [3, 4], values: values, fortran: fortran), chunkBytes: chunk)
          #expect(e.firstNonFinite == 7, "\(descr) fortran=\(fortran) chunk=\(chunk)")
        }
      }
    }
    values[2] = -.infinity  // first in C order, though after index 9 in the Fortran file
    #expect(try elements(Self.file("<f8", shape: [3, 4], values: values, fortran: true), chunkBytes: 8).firstNonFinite == 2)
    // Integers are always finite; a data set names the NumPy row and column.
    let x = try elements(Self.file("<f8", shape: [3, 4], values: values))
    let y = try elements(Self.file("<i8", shape: [3], values: [0, 1, 0]))
    #expect(
      dataError { try NumPyFile.dataset(x: x, y: y, xName: "X.npy", yName: "y.npy", classes: .auto) }
        == .nonFiniteValue(file: "X.npy", row: 1, column: 3, value: -.infinity))
  }

  @Test func fortranOrderOffsets() {
    var f = NumPyFile.FortranOrder(shape: [2, 3])
    #expect((0..<6).map { _ in f.next() } == [0, 3, 1, 4, 2, 5])
    var cube = NumPyFile.FortranOrder(shape: [2, 3, 4])
    let offsets = (0..<24).map { _ in cube.next() }
    #expect(offsets.prefix(4) == [0, 12, 4, 16])
    #expect(Set(offsets).count == 24)
  }

  @Test func everyTruncationIsRefusedBeforeAllocating() throws {
    for descr in ["<f8", "|u1", "<i8"] {
      let full = Self.file(descr, shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
      for cut in 0..<full.count {
        switch dataError({ try elements(Array(full[0..<cut]), chunkBytes: 8) }) {
        case .invalidNumPy?: break
        case let other: Issue.record("\(descr) cut at \(cut): \(String(describing: other))")
        }
      }
      // One byte too many is a lie too.
      #expect(dataError { try elements(full + [0]) } != nil)
    }
    let data = Self.file("<f8", shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
    #expect(
      dataError { try elements(Array(data.dropLast(3))) }
        == .invalidNumPy(file: "t.npy", reason: "the shape (3, 2) of <f8 needs 48 bytes of data but the file has 45"))
  }

  @Test func aHeaderThatLiesAboutTheSizeIsRefused() throws {
    // The header says (4, 2) but the file holds the 6 values of (3, 2); and the reverse.
    let six = Self.file("<f8", shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
    let header = Array(six.prefix(128))
    let long = Self.file("<f8", shape: [4, 2], values: Array(repeating: 0, count: 8))
    let liar = Array(long.prefix(128)) + Array(six[128...])
    #expect(header.count == 128)
    #expect(
      dataError { try elements(liar) }
        == .invalidNumPy(file: "t.npy", reason: "the shape (4, 2) of <f8 needs 64 bytes of data but the file has 48"))
    let short = Self.file("<i4", shape: [1, 2], values: [1, 2])
    #expect(
      dataError { try elements(Array(short.prefix(128)) + Array(repeating: 0, count: 12)) }
        == .invalidNumPy(file: "t.npy", reason: "the shape (1, 2) of <i4 needs 8 bytes of data but the file has 12"))
    // A shape beyond the memory limit is refused from the header alone.
    let budget = MemoryBudget(limit: 1 << 20)
    let previous = MemoryBudget.install(budget)
    defer { MemoryBudget.current = previous }
    let huge = Self.file("<f8", shape: [1 << 20, 2], values: [])
    guard case .unsupportedNumPy(_, let reason)? = dataError({ try elements(huge) }) else {
      Issue.record("an array over the limit was not refused")
      return
    }
    #expect(reason.contains("more than the 131072 nnsh accepts"))
    #expect(budget.live == 0)
  }

  @Test func objectArraysFIFOsAndFoldersAreRefused() throws {
    let pickled = Self.file("|O", shape: [2], values: [])
    guard case .unsupportedNumPy(_, let reason)? = dataError({ try elements(pickled) }) else {
      Issue.record("object array not refused")
      return
    }
    #expect(reason.contains("object arrays"))
    let folder = temporaryPath("")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(dataError { try NumPyFile.read(path: folder) } == .cannotRead(file: folder, reason: "it is a directory"))
    let fifo = folder + "/pipe.npy"
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(
      dataError { try NumPyFile.dataset(xPath: fifo, yPath: fifo) }
        == .cannotRead(file: fifo, reason: "it is a named pipe (FIFO), not a regular file"))
  }

  @Test func aZeroRowArrayIsNoDataSet() throws {
    let folder = temporaryPath("")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileBytes.write(Self.file("<f8", shape: [0, 3], values: []), path: folder + "/X.npy")
    try FileBytes.write(Self.file("<i8", shape: [0], values: []), path: folder + "/y.npy")
    #expect(
      dataError { try NumPyFile.dataset(xPath: folder + "/X.npy", yPath: folder + "/y.npy") }
        == .invalidDataset("\(folder)/X.npy: the array (0, 3) holds no samples"))
  }

  /// The direct path: the data set's X is the very storage the file was read into, and
  /// the reader charges nothing but it to the budget.
  @Test func theDirectPathHandsItsStorageToTheDataSet() throws {
    let n = 1000, d = 30
    let values = (0..<(n * d)).map { Double($0 % 97) / 7 }
    let budget = MemoryBudget(limit: 64 << 20)
    let previous = MemoryBudget.install(budget)
    defer { MemoryBudget.current = previous }
    let x = try elements(Self.file("<f8", shape: [n, d], values: values))
    #expect(budget.live == 8 * n * d)
    let y = try elements(Self.file("|u1", shape: [n], values: (0..<n).map { Double($0 % 3) }))
    let base = x.storage.withUnsafeBufferPointer { $0.baseAddress }
    let data = try NumPyFile.dataset(x: x, y: y, xName: "X.npy", yName: "y.npy", classes: .auto)
    #expect(data.X.storage.withUnsafeBufferPointer { $0.baseAddress } == base)
    #expect(data.X.shape == Shape(d, n))
    #expect(data.X.column(1) == Array(values[d..<(2 * d)]))
    #expect(data.Y.shape == Shape(3, n))
    #expect(data.labels == (0..<n).map { $0 % 3 })
  }

  @Test func labelsBecomeOneHotInSortedOrder() throws {
    let (Y, names) = try ClassEncoding.oneHot([3, 1, 3, 10], file: "y.npy")
    #expect(names == ["1", "3", "10"])
    #expect(Y.rowArrays == [[0, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]])
    #expect(
      dataError { try ClassEncoding.oneHot([4, 4], file: "y.npy") }
        == .invalidDataset("y.npy: every label is 4; a classification needs at least 2 classes"))
    let many = MatrixStorage((0..<(CSVReader.maxClasses + 5)).map(Double.init))
    #expect(
      dataError { try ClassEncoding.oneHot(many, file: "y.npy") }
        == .tooManyClasses(file: "y.npy", name: "y", count: CSVReader.maxClasses + 1, limit: CSVReader.maxClasses))
  }

  @Test func aMatrixAsNumPyShowsIt() throws {
    let path = temporaryPath(".npy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileBytes.write(Self.file(">i2", shape: [2, 3], values: [1, 2, 3, 4, 5, 6], fortran: true), path: path)
    #expect(try NumPyFile.readMatrix(path: path).rowArrays == [[1, 2, 3], [4, 5, 6]])
    try FileBytes.write(Self.file("<f8", shape: [3], values: [1, 2, 3]), path: path)
    #expect(try NumPyFile.readMatrix(path: path).shape == Shape(3, 1))
    try FileBytes.write(Self.file("<f8", shape: [1, 3], values: [1, 2, 3]), path: path)
    #expect(try NumPyFile.readMatrix(path: path).rowArrays == [[1, 2, 3]])
    try FileBytes.write(Self.file("<f8", shape: [2, 1, 1], values: [1, 2]), path: path)
    #expect(
      dataError { try NumPyFile.readMatrix(path: path) }
        == .invalidDataset("\(path): a 3-d array (2, 1, 1) is not a matrix; reshape it in NumPy to two dimensions, e.g. a.reshape(len(a), -1)"))
  }
}
