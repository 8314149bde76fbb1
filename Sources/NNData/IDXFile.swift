/// Reading the IDX format, in which Y. LeCun's MNIST files (and Fashion-MNIST, EMNIST, …)
/// are distributed.
///
/// An IDX file is a 4-byte magic number, the dimensions, and the elements:
///
///     offset  size     content
///     0       2        0x00 0x00
///     2       1        element type: 0x08 unsigned byte, 0x09 signed byte, 0x0B 16-bit,
///                      0x0C 32-bit integer, 0x0D 32-bit float, 0x0E 64-bit float
///     3       1        number of dimensions r (1 for labels, 3 for images)
///     4       4·r      each dimension, a 32-bit big-endian unsigned integer, outermost first
///     4+4r    …        the elements in C order (last index fastest), big-endian
///
/// So `train-images-idx3-ubyte` starts `00 00 08 03 | 00 00 EA 60 | 00 00 00 1C | 00 00 00 1C`:
/// unsigned bytes, 3 dimensions, 60000 images of 28 × 28 pixels.
///
/// Reading refuses, with a message and never a trap: a file shorter than its header, a
/// magic number that does not start with two zero bytes (and says so when the file is
/// gzip-compressed, as the files are downloaded), an unknown element type, no dimensions,
/// a zero dimension, a shape whose element count overflows, and data shorter or longer
/// than the shape says.
///
///     let labels = try IDXFile.read(path: "mnist/train-labels-idx1-ubyte")
///     labels.shape     // [60000]
///     labels.values[0] // 5
public enum IDXFile {
  /// The element types of the format (the third byte of the magic number).
  public enum ElementType: UInt8, Sendable {
    case unsignedByte = 0x08, signedByte = 0x09, short = 0x0B, int = 0x0C, float = 0x0D, double = 0x0E

    /// Bytes per element.
    public var size: Int {
      switch self {
      case .unsignedByte, .signedByte: return 1
      case .short: return 2
      case .int, .float: return 4
      case .double: return 8
      }
    }

    /// The name used in messages ("unsigned bytes").
    public var name: String {
      switch self {
      case .unsignedByte: return "unsigned bytes"
      case .signedByte: return "signed bytes"
      case .short: return "16-bit integers"
      case .int: return "32-bit integers"
      case .float: return "32-bit floats"
      case .double: return "64-bit floats"
      }
    }
  }

  /// What the header of an IDX file says: the element type, the shape, and where the
  /// elements start.
  public struct Header: Equatable, Sendable {
    public var type: ElementType
    /// The dimensions, outermost first (`[60000, 28, 28]`).
    public var shape: [Int]
    /// The byte offset of the first element (`4 + 4 · shape.count`).
    public var dataOffset: Int
    /// The number of elements, the product of the shape.
    public var count: Int
  }

  /// The two bytes every gzip stream starts with.
  static let gzipMagic: [UInt8] = [0x1F, 0x8B]

  /// The most dimensions accepted (the format allows 255; nothing real uses more than 4).
  static let maxRank = 16

  /// Reads and checks the header of `bytes` (the whole file: the size of the data is
  /// checked against the shape). `file` names the file in messages.
  public static func header(_ bytes: [UInt8], file: String) throws -> Header {
    var source = ByteSource(bytes: bytes, file: file)
    return try readHeader(&source)
  }

  /// Reads and checks the header at the start of `source`, the size of the data against
  /// the shape included, before anything is allocated for the elements.
  static func readHeader(_ source: inout ByteSource) throws -> Header {
    let file = source.file
    let size = source.size
    let magic = try source.bytes(4)
    if magic.count >= 2 && Array(magic[0..<2]) == gzipMagic {
      throw DataError.compressedFile(file: file)
    }
    guard magic.count >= 4 else {
      throw DataError.invalidIDX(
        file: file, reason: "the file has \(size) byte\(size == 1 ? "" : "s"), fewer than the 4 of the magic number")
    }
    guard magic[0] == 0, magic[1] == 0 else {
      throw DataError.invalidIDX(
        file: file, reason: "the magic number \(hex(magic[0..<4])) does not start with two zero bytes")
    }
    guard let type = ElementType(rawValue: magic[2]) else {
      throw DataError.invalidIDX(
        file: file, reason: "the element type \(hex(magic[2..<3])) is unknown "
          + "(0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)")
    }
    let rank = Int(magic[3])
    guard rank >= 1, rank <= maxRank else {
      throw DataError.invalidIDX(
        file: file, reason: "the magic number \(hex(magic[0..<4])) gives \(rank) dimensions (1 to \(maxRank) accepted)")
    }
    let dataOffset = 4 + 4 * rank
    let dims = try source.bytes(4 * rank)
    guard dims.count == 4 * rank else {
      throw DataError.invalidIDX(
        file: file, reason: "the file ends inside the \(rank) dimensions of the header (\(size) bytes)")
    }
    var shape: [Int] = []
    var count = 1
    for a in 0..<rank {
      let o = 4 * a
      let size = Int(dims[o]) << 24 | Int(dims[o + 1]) << 16 | Int(dims[o + 2]) << 8 | Int(dims[o + 3])
      guard size >= 1 else {
        throw DataError.invalidIDX(file: file, reason: "dimension \(a + 1) of the header is 0")
      }
      let (p, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw DataError.invalidIDX(file: file, reason: "the shape \(describe(shape + [size])) overflows")
      }
      shape.append(size)
      count = p
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.size)
    let available = size - dataOffset
    guard !overflow, byteCount == available else {
      let need = overflow ? "too many" : String(byteCount)
      let extra = overflow ? 0 : available - byteCount
      let what = extra > 0 ? "holds \(extra) byte\(extra == 1 ? "" : "s") more" : "is truncated"
      throw DataError.invalidIDX(
        file: file, reason: "the header's shape \(describe(shape)) of \(type.name) needs \(need) bytes of data "
          + "but the file has \(available) (it \(what))")
    }
    return Header(type: type, shape: shape, dataOffset: dataOffset, count: count)
  }

  /// Reads the IDX file at `path` into doubles.
  public static func read(path: String) throws -> (shape: [Int], type: ElementType, values: [Double]) {
    var source = try ByteSource(path: path)
    return try read(&source)
  }

  /// Decodes the bytes of a whole IDX file; `file` names it in messages.
  public static func decode(_ bytes: [UInt8], file: String) throws -> (shape: [Int], type: ElementType, values: [Double]) {
    var source = ByteSource(bytes: bytes, file: file)
    return try read(&source)
  }

  private static func read(_ source: inout ByteSource) throws -> (shape: [Int], type: ElementType, values: [Double]) {
    let h = try readHeader(&source)
    var out = [Double](repeating: 0, count: h.count)
    try out.withUnsafeMutableBufferPointer { o in
      if let base = o.baseAddress { try readElements(&source, h, divisor: 1, into: base) }
    }
    return (h.shape, h.type, out)
  }

  /// The elements of a checked file as doubles, each divided by `divisor` (255 turns
  /// pixels into [0, 1]; a division, so that 51/255 is exactly the double nearest 0.2).
  static func decode(_ bytes: [UInt8], _ h: Header, divisor: Double) throws -> [Double] {
    var source = ByteSource(bytes: bytes, file: "IDX")
    _ = try source.bytes(h.dataOffset)
    var out = [Double](repeating: 0, count: h.count)
    try out.withUnsafeMutableBufferPointer { o in
      if let base = o.baseAddress { try readElements(&source, h, divisor: divisor, into: base) }
    }
    return out
  }

  /// Bytes per chunk: the file is converted through one buffer of this size.
  static let chunkBytes = 1 << 20

  /// Reads the `h.count` elements after the header of `source`, divided by `divisor`,
  /// into `o` (which has room for them), one chunk at a time: no copy of the file is
  /// held beside the doubles.
  static func readElements(
    _ source: inout ByteSource, _ h: Header, divisor: Double, into o: UnsafeMutablePointer<Double>,
    chunkBytes: Int = chunkBytes
  ) throws {
    let n = h.count
    let chunk = Swift.max(1, chunkBytes / h.type.size)
    let raw = UnsafeMutableRawPointer.allocate(byteCount: chunk * h.type.size, alignment: 8)
    defer { raw.deallocate() }
    var done = 0
    while done < n {
      let m = Swift.min(chunk, n - done)
      let got = try source.read(into: raw, count: m * h.type.size)
      guard got == m * h.type.size else {
        throw DataError.invalidIDX(
          file: source.file,
          reason: "the file ends after \(source.position) bytes, inside the data of the shape "
            + "\(describe(h.shape)) (it changed while being read)")
      }
      convert(UnsafeRawBufferPointer(start: raw, count: got), h.type, count: m, divisor: divisor, into: o + done)
      done += m
    }
  }

  /// Converts `n` big-endian elements of `type` to doubles divided by `divisor`.
  static func convert(
    _ data: UnsafeRawBufferPointer, _ type: ElementType, count n: Int, divisor: Double, into o: UnsafeMutablePointer<Double>
  ) {
    // Big-endian elements; the bytes are only as aligned as the header makes them.
    func load<T: FixedWidthInteger>(_ k: Int, _: T.Type) -> T {
      T(bigEndian: data.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self))
    }
    switch type {
    case .unsignedByte: for k in 0..<n { o[k] = Double(data[k]) / divisor }
    case .signedByte: for k in 0..<n { o[k] = Double(Int8(bitPattern: data[k])) / divisor }
    case .short: for k in 0..<n { o[k] = Double(Int16(bitPattern: load(k, UInt16.self))) / divisor }
    case .int: for k in 0..<n { o[k] = Double(Int32(bitPattern: load(k, UInt32.self))) / divisor }
    case .float: for k in 0..<n { o[k] = Double(Float(bitPattern: load(k, UInt32.self))) / divisor }
    case .double: for k in 0..<n { o[k] = Double(bitPattern: load(k, UInt64.self)) / divisor }
    }
  }

  /// The bytes of an IDX file holding `values` (converted to `type`) with `shape`: what
  /// the tests and anyone making MNIST-like files need.
  public static func encode(_ values: [Double], shape: [Int], type: ElementType = .unsignedByte) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type.rawValue, UInt8(truncatingIfNeeded: shape.count)]
    for s in shape { bytes += (0..<4).map { UInt8(truncatingIfNeeded: s >> (24 - 8 * $0)) } }
    func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    // Integers out of the type's range are clamped (and NaN is 0) rather than trapping.
    func whole(_ v: Double) -> Int { v.isFinite ? Int(Swift.max(-0x1p62, Swift.min(0x1p62, v.rounded()))) : 0 }
    for v in values {
      switch type {
      case .unsignedByte: bytes.append(UInt8(clamping: whole(v)))
      case .signedByte: bytes.append(UInt8(bitPattern: Int8(clamping: whole(v))))
      case .short: append(Int16(clamping: whole(v)))
      case .int: append(Int32(clamping: whole(v)))
      case .float: append(Float(v).bitPattern)
      case .double: append(v.bitPattern)
      }
    }
    return bytes
  }

  /// Writes an IDX file (see `encode`).
  public static func write(_ values: [Double], shape: [Int], type: ElementType = .unsignedByte, path: String) throws {
    try FileBytes.write(encode(values, shape: shape, type: type), path: path)
  }

  /// "0x00000803".
  static func hex(_ bytes: ArraySlice<UInt8>) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
  }

  /// "(60000, 28, 28)".
  static func describe(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }
}
