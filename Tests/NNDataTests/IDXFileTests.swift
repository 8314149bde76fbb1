import NNEngine
import Testing

@testable import NNData

/// The IDX format: headers and elements of every type, files the tests build byte by
/// byte, and each way a file can be malformed.
@Suite struct IDXFileTests {
  /// A header followed by `data`: magic 00 00 TYPE RANK, then each dimension big-endian.
  static func file(type: UInt8 = 0x08, shape: [Int], data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
    for s in shape { bytes += [UInt8(s >> 24 & 0xFF), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] }
    return bytes + data
  }

  func reason(_ bytes: [UInt8]) -> String? {
    guard let e = dataError({ try IDXFile.header(bytes, file: "f") }) else { return nil }
    if case .invalidIDX(let file, let reason) = e, file == "f" { return reason }
    return "\(e)"
  }

  @Test func unsignedBytesHeaderAndValues() throws {
    let bytes = Self.file(shape: [2, 2, 3], data: (0..<12).map { UInt8($0) })
    let h = try IDXFile.header(bytes, file: "f")
    #expect(h.type == .unsignedByte)
    #expect(h.shape == [2, 2, 3])
    #expect(h.dataOffset == 16)
    #expect(h.count == 12)
    #expect(try IDXFile.decode(bytes, h, divisor: 1) == (0..<12).map(Double.init))
    #expect(try IDXFile.decode(bytes, h, divisor: 2)[3] == 1.5)
  }

  @Test func everyElementTypeIsBigEndian() throws {
    let shorts = Self.file(type: 0x0B, shape: [2], data: [0x01, 0x02, 0xFF, 0xFE])
    #expect(try IDXFile.decode(shorts, try IDXFile.header(shorts, file: "s"), divisor: 1) == [258, -2])
    let signed = Self.file(type: 0x09, shape: [2], data: [0x7F, 0x80])
    #expect(try IDXFile.decode(signed, try IDXFile.header(signed, file: "b"), divisor: 1) == [127, -128])
    let ints = Self.file(type: 0x0C, shape: [1], data: [0xFF, 0xFF, 0xFF, 0xFD])
    #expect(try IDXFile.decode(ints, try IDXFile.header(ints, file: "i"), divisor: 1) == [-3])
    let floats = Self.file(type: 0x0D, shape: [1], data: [0x3F, 0xC0, 0x00, 0x00])
    #expect(try IDXFile.decode(floats, try IDXFile.header(floats, file: "f"), divisor: 1) == [1.5])
    let doubles = Self.file(type: 0x0E, shape: [1], data: [0xC0, 0x04, 0, 0, 0, 0, 0, 0])
    #expect(try IDXFile.decode(doubles, try IDXFile.header(doubles, file: "d"), divisor: 1) == [-2.5])
  }

  @Test func encodeIsTheInverseOfDecode() throws {
    for type in [IDXFile.ElementType.unsignedByte, .signedByte, .short, .int, .float, .double] {
      let values: [Double] = type == .unsignedByte ? [0, 1, 255, 7] : [0, -1, 100, 7]
      let bytes = IDXFile.encode(values, shape: [2, 2], type: type)
      let h = try IDXFile.header(bytes, file: "e")
      #expect(h.type == type)
      #expect(h.shape == [2, 2])
      #expect(try IDXFile.decode(bytes, h, divisor: 1) == values, "\(type)")
    }
    // Out-of-range values are clamped, never a trap.
    let clamped = IDXFile.encode([-5, 300, .nan, 1e300], shape: [4])
    #expect(Array(clamped[8...]) == [0, 255, 0, 255])
  }

  @Test func readsAFileFromDisk() throws {
    let path = temporaryPath("-labels-idx1-ubyte")
    try IDXFile.write([5, 0, 4, 1], shape: [4], path: path)
    let a = try IDXFile.read(path: path)
    #expect(a.shape == [4])
    #expect(a.type == .unsignedByte)
    #expect(a.values == [5, 0, 4, 1])
  }

  @Test func malformedHeaders() {
    #expect(reason([0, 0]).map { $0.contains("fewer than the 4 of the magic number") } == true)
    #expect(reason([0, 1, 8, 1, 0, 0, 0, 0]).map { $0.contains("0x00010801 does not start with two zero bytes") } == true)
    #expect(reason([0, 0, 0x0A, 1, 0, 0, 0, 1, 0]).map { $0.contains("element type 0x0A is unknown") } == true)
    #expect(reason([0, 0, 8, 0]).map { $0.contains("gives 0 dimensions") } == true)
    #expect(reason([0, 0, 8, 3, 0, 0, 0, 1]).map { $0.contains("ends inside the 3 dimensions") } == true)
    #expect(reason(Self.file(shape: [2, 0], data: [])).map { $0.contains("dimension 2 of the header is 0") } == true)
    // 2³² − 1 per dimension, three times: the element count overflows.
    let huge = Self.file(shape: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], data: [])
    #expect(reason(huge).map { $0.contains("overflows") } == true)
  }

  @Test func dataOfTheWrongSize() {
    let short = reason(Self.file(shape: [2, 3], data: [1, 2, 3, 4, 5]))
    #expect(short == "the header's shape (2, 3) of unsigned bytes needs 6 bytes of data but the file has 5 (it is truncated)")
    let long = reason(Self.file(shape: [2], data: [1, 2, 3]))
    #expect(long == "the header's shape (2) of unsigned bytes needs 2 bytes of data but the file has 3 (it holds 1 byte more)")
    let floats = reason(Self.file(type: 0x0D, shape: [2], data: [0, 0, 0, 0]))
    #expect(floats?.contains("needs 8 bytes") == true)
  }

  @Test func gzipIsRecognised() {
    let e = dataError { try IDXFile.header([0x1F, 0x8B, 8, 0, 0, 0], file: "mnist/train-images-idx3-ubyte") }
    #expect(e == .compressedFile(file: "mnist/train-images-idx3-ubyte"))
    #expect(e?.description.contains("mv mnist/train-images-idx3-ubyte mnist/train-images-idx3-ubyte.gz && gunzip") == true)
    #expect(DataError.compressedFile(file: "a.gz").description.contains("unpack it first (gunzip a.gz)"))
  }

  @Test func missingFileIsAReadError() {
    let e = dataError { try IDXFile.read(path: "/nonexistent/t10k-labels-idx1-ubyte") }
    #expect(e == .cannotRead(file: "/nonexistent/t10k-labels-idx1-ubyte", reason: "No such file or directory"))
  }
}
