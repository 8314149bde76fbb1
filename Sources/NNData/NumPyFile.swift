import NNEngine

/// Reading and writing NumPy's `.npy` format (`numpy.save` / `numpy.load`).
///
/// A `.npy` file is the magic `\x93NUMPY`, a version (1.0, 2.0 or 3.0), the length of a
/// header (2 bytes in 1.0, 4 bytes after), the header — a Python dictionary literal such
/// as `{'descr': '<f8', 'fortran_order': False, 'shape': (150, 4), }`, padded with spaces
/// and a newline so that the data starts on a multiple of 64 bytes — and then the raw
/// elements.
///
/// Reading accepts:
/// - versions 1.0, 2.0 and 3.0 (whose header may hold UTF-8);
/// - element types `f8 f4 f2`, `i8 i4 i2 i1`, `u8 u4 u2 u1` and `b1` (bool), little- or
///   big-endian (`<`, `>`, `=`, `|`); integers and bools set `isInteger`, and 64-bit
///   integers beyond 2⁵³ are rounded to the nearest double;
/// - C order and Fortran order (`fortran_order: True`, converted to C order);
/// - any number of dimensions (`NumPyArray.matrix()` takes up to two).
///
/// It refuses, with a message and never a trap: a bad magic or version, a header that
/// runs past the end of the file or does not parse, object arrays (which would need
/// pickle), strings, complex numbers, dates and structured types, shapes whose product
/// overflows, and data shorter or longer than the shape says.
///
/// Writing produces what `numpy.save` produces for a C-ordered float64 array: version 1.0,
/// `'<f8'`, the header laid out and padded byte for byte as NumPy does.
///
///     let X = try NumPyFile.read(path: "X.npy").matrix()    // samples × features
///     try NumPyFile.write(W1, path: "W1.npy")               // np.load("W1.npy") is W1
public enum NumPyFile {
  /// The six magic bytes, "\x93NUMPY".
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  /// Longest header accepted (NumPy itself refuses more than 10 000 characters by default).
  static let maxHeaderLength = 1 << 20

  // MARK: Reading

  /// Reads the `.npy` file at `path` (see `NumPyFile+Reading.swift` for how).
  public static func read(path: String) throws -> NumPyArray {
    var source = try ByteSource(path: path)
    return try readElements(&source).array()
  }

  /// Reads the `.npy` file at `path` as a matrix exactly as NumPy shows it (the rules of
  /// `NumPyArray.matrix()`), straight into the matrix's storage; a 2-d array with more
  /// than one row and column is then transposed once (C order is row-major).
  public static func readMatrix(path: String) throws -> Matrix {
    var source = try ByteSource(path: path)
    let elements = try readElements(&source)
    do {
      return try elements.matrix()
    } catch DataError.invalidDataset(let message) {
      throw DataError.invalidDataset("\(path): " + message)
    }
  }

  /// Decodes the bytes of a `.npy` file; `file` names it in messages.
  public static func decode(_ bytes: [UInt8], file: String) throws -> NumPyArray {
    var source = ByteSource(bytes: bytes, file: file)
    return try readElements(&source).array()
  }

  /// An element type nnsh reads: kind, size and byte order.
  struct ElementType {
    enum Kind { case float, signed, unsigned, bool }
    var kind: Kind
    var size: Int
    var bigEndian: Bool

    var isInteger: Bool { kind != .float }

    init(descr: String, file: String) throws {
      var text = Substring(descr)
      var big = false
      if let first = text.first, "<>=|".contains(first) {
        big = first == ">"
        text = text.dropFirst()
      }
      let kindChar = text.first
      let size = Int(text.dropFirst()) ?? 0
      func unsupported(_ what: String) -> DataError {
        DataError.unsupportedNumPy(file: file, reason: "\(what) ('\(QuotedText.quoted(descr))') are not supported; "
          + "save a numeric array, e.g. np.save(path, a.astype(np.float64))")
      }
      switch (kindChar, size) {
      case ("f", 2), ("f", 4), ("f", 8): kind = .float
      case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
      case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
      case ("b", 1), ("?", 1): kind = .bool
      case ("O", _): throw unsupported("object arrays")
      case ("U", _), ("S", _), ("a", _): throw unsupported("string arrays")
      case ("c", _): throw unsupported("complex numbers")
      case ("M", _), ("m", _): throw unsupported("dates and times")
      case ("V", _): throw unsupported("raw or structured records")
      case ("f", _), ("i", _), ("u", _): throw unsupported("\(size * 8)-bit numbers")
      default:
        throw DataError.invalidNumPy(file: file, reason: "'\(QuotedText.quoted(descr))' is not a type descriptor")
      }
      self.size = size
      self.bigEndian = big
    }

    /// Converts `count` elements of this type at `raw` to doubles at `o`.
    func decode(_ raw: UnsafeRawBufferPointer, count: Int, into o: UnsafeMutablePointer<Double>) {
      switch (kind, size) {
      case (.float, 8):
        for k in 0..<count { o[k] = Double(bitPattern: load(raw, k, UInt64.self)) }
      case (.float, 4):
        for k in 0..<count { o[k] = Double(Float(bitPattern: load(raw, k, UInt32.self))) }
      case (.float, _):
        for k in 0..<count { o[k] = ElementType.half(load(raw, k, UInt16.self)) }
      case (.signed, 8):
        for k in 0..<count { o[k] = Double(Int64(bitPattern: load(raw, k, UInt64.self))) }
      case (.signed, 4):
        for k in 0..<count { o[k] = Double(Int32(bitPattern: load(raw, k, UInt32.self))) }
      case (.signed, 2):
        for k in 0..<count { o[k] = Double(Int16(bitPattern: load(raw, k, UInt16.self))) }
      case (.signed, _):
        for k in 0..<count { o[k] = Double(Int8(bitPattern: raw[k])) }
      case (.unsigned, 8):
        for k in 0..<count { o[k] = Double(load(raw, k, UInt64.self)) }
      case (.unsigned, 4):
        for k in 0..<count { o[k] = Double(load(raw, k, UInt32.self)) }
      case (.unsigned, 2):
        for k in 0..<count { o[k] = Double(load(raw, k, UInt16.self)) }
      case (.unsigned, _):
        for k in 0..<count { o[k] = Double(raw[k]) }
      case (.bool, _):
        for k in 0..<count { o[k] = raw[k] != 0 ? 1 : 0 }
      }
    }

    /// Element `k` as an unsigned integer of the element's width, in host order.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ k: Int, _: T.Type) -> T {
      let v = raw.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self)
      return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
    }

    /// IEEE 754 half precision (binary16) to double, exactly.
    static func half(_ h: UInt16) -> Double {
      let sign: Double = h & 0x8000 != 0 ? -1 : 1
      let exponent = Int(h >> 10 & 0x1F)
      let fraction = Double(h & 0x3FF)
      switch exponent {
      case 0: return sign * fraction * 0x1p-24  // subnormal (or zero)
      case 31: return fraction == 0 ? sign * .infinity : .nan
      default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
      }
    }
  }

  // MARK: Writing

  /// Writes `matrix` as a 2-d float64 array of shape `(rows, cols)`, C order, format 1.0.
  public static func write(_ matrix: Matrix, path: String) throws {
    try FileBytes.write(encode(NumPyArray(matrix)), path: path)
  }

  /// Writes `array` (any shape) as float64, C order, format 1.0.
  public static func write(_ array: NumPyArray, path: String) throws {
    try FileBytes.write(encode(array), path: path)
  }

  /// The bytes of a `.npy` file holding `array` as `<f8`, laid out exactly as
  /// `numpy.save` lays it out.
  public static func encode(_ array: NumPyArray) -> [UInt8] {
    let shapeText = NumPyArray.describe(array.shape)
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
    // NumPy leaves room to grow the first dimension in place (21 digits in all).
    if let first = array.shape.first {
      header += String(repeating: " ", count: Swift.max(0, 21 - String(first).count))
    }
    // Spaces and a final newline so that the data starts on a multiple of 64 bytes.
    // Version 1.0 has room for 65 535 header bytes; only absurd shapes need 2.0.
    let headerLength = header.utf8.count + 1
    var prefixLength = 10
    if headerLength + 64 > 0xFFFF { prefixLength = 12 }
    let padding = 64 - (prefixLength + headerLength) % 64
    header += String(repeating: " ", count: padding) + "\n"
    let total = header.utf8.count

    var bytes = magic
    if prefixLength == 10 {
      bytes += [1, 0, UInt8(total & 0xFF), UInt8(total >> 8 & 0xFF)]
    } else {
      bytes += [2, 0] + (0..<4).map { UInt8(total >> (8 * $0) & 0xFF) }
    }
    bytes.reserveCapacity(bytes.count + total + array.count * 8)
    bytes += Array(header.utf8)
    for v in array.values {
      let bits = v.bitPattern.littleEndian
      withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
    }
    return bytes
  }
}
