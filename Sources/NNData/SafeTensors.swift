import NNEngine

/// One named tensor of a safetensors file: its shape, its values in C order (the last
/// index varies fastest, as NumPy and PyTorch store them) converted to `Double`, and its
/// dtype — the one read from the file, or the one to write.
///
/// Matrices are column-major in nnsh, so `init(name:matrix:)` and `matrix()` transpose
/// the storage: element (i, j) of an `r × c` matrix is value `i·c + j` of the tensor.
///
///     let t = SafeTensor(name: "W1", matrix: W1)   // shape [3, 2], values row by row
///     try t.matrix(file: "m.safetensors") == W1    // true
public struct SafeTensor: Equatable, Sendable {
  public var name: String
  public var dtype: SafeTensorsDType
  /// The dimensions, outermost first (`[]` for a scalar).
  public var shape: [Int]
  /// Every element in C order.
  public var values: [Double]

  /// A tensor from its parts; the values must number the product of the shape (else a
  /// `SafeTensorsError.invalid`).
  public init(name: String, shape: [Int], values: [Double], dtype: SafeTensorsDType = .f64) throws {
    var count = 1
    for s in shape {
      let (p, overflow) = count.multipliedReportingOverflow(by: s)
      guard s >= 0, !overflow else {
        throw SafeTensorsError.invalid(
          file: "safetensors", reason: "tensor '\(QuotedText.quoted(name))': the shape \(SafeTensorsHeader.describe(shape)) is impossible")
      }
      count = p
    }
    guard count == values.count else {
      throw SafeTensorsError.invalid(
        file: "safetensors", reason: "tensor '\(QuotedText.quoted(name))': the shape \(SafeTensorsHeader.describe(shape)) needs \(count) values, not \(values.count)")
    }
    self.name = name
    self.shape = shape
    self.values = values
    self.dtype = dtype
  }

  /// The tensor of a matrix: shape `[rows, cols]`, or `[rows]` when `vector` is true
  /// (how PyTorch stores a bias; the matrix should then be a column).
  public init(name: String, matrix m: Matrix, vector: Bool = false, dtype: SafeTensorsDType = .f64) {
    var values = [Double](repeating: 0, count: m.count)
    m.storage.withUnsafeBufferPointer { s in
      for i in 0..<m.rows {
        for j in 0..<m.cols { values[i * m.cols + j] = s[i + j * m.rows] }
      }
    }
    self.name = name
    self.shape = vector ? [m.count] : [m.rows, m.cols]
    self.values = values
    self.dtype = dtype
  }

  /// The tensor as a matrix: `[r, c]` is `r × c`, `[n]` a column `n × 1`, `[]` is `1 × 1`.
  /// More dimensions, or a zero-sized one, are refused (`file` names the file).
  public func matrix(file: String) throws -> Matrix {
    let rows: Int, cols: Int
    switch shape.count {
    case 0: (rows, cols) = (1, 1)
    case 1: (rows, cols) = (shape[0], 1)
    case 2: (rows, cols) = (shape[0], shape[1])
    default:
      throw SafeTensorsError.unsupported(
        file: file, reason: "tensor '\(QuotedText.quoted(name))' has \(shape.count) dimensions \(SafeTensorsHeader.describe(shape)); nnsh uses matrices (at most 2)")
    }
    guard rows > 0, cols > 0 else {
      throw SafeTensorsError.unsupported(file: file, reason: "tensor '\(QuotedText.quoted(name))' is empty \(SafeTensorsHeader.describe(shape))")
    }
    var storage = [Double](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { v in
      for i in 0..<rows {
        for j in 0..<cols { storage[i + j * rows] = v[i * cols + j] }
      }
    }
    do {
      return try Matrix(rows: rows, cols: cols, columnMajor: storage)
    } catch let e as EngineError {
      throw SafeTensorsError.refused(file: file, context: "tensor '\(QuotedText.quoted(name))': ", e)
    }
  }
}

/// A safetensors file (Hugging Face's format for tensors, the one PyTorch models are
/// shared in): tensors by name, and metadata from strings to strings.
///
/// The format, byte by byte:
///
///     8 bytes   N, the header length, an unsigned 64-bit little-endian integer
///     N bytes   the header: JSON, {"NAME": {"dtype": "F64", "shape": [3, 2],
///               "data_offsets": [BEGIN, END]}, …, "__metadata__": {"key": "value"}},
///               padded with spaces
///     the rest  the tensors' bytes, little-endian, C order; tensor NAME is bytes
///               BEGIN..<END of this part
///
/// `decode` checks everything the reference implementation checks (see
/// `SafeTensorsHeader`) before it converts a single value, and throws a
/// `SafeTensorsError` that says what is wrong; it never traps. `encoded()` writes the
/// tensors in the order given, each with its own dtype (`F64` or `F32`), the header
/// padded to a multiple of 8 bytes as the reference pads it. `write` replaces a file
/// atomically (`AtomicFile`).
///
///     var file = SafeTensorsFile(tensors: [SafeTensor(name: "W1", matrix: W1)], metadata: ["loss": "mse"])
///     try file.write(path: "m.safetensors")
///     let back = try SafeTensorsFile.read(path: "m.safetensors")
///     try back["W1"]?.matrix(file: "m.safetensors") == W1   // bit for bit
///
/// In Python, `safetensors.numpy.load_file("m.safetensors")["W1"]` is the same 3×2 array.
public struct SafeTensorsFile: Equatable, Sendable {
  /// The tensors: when read, in the order of their data in the file.
  public var tensors: [SafeTensor]
  /// The `__metadata__` of the header (empty when there was none).
  public var metadata: [String: String]

  public init(tensors: [SafeTensor] = [], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The tensor called `name`, if there is one.
  public subscript(name: String) -> SafeTensor? {
    tensors.first { $0.name == name }
  }

  public var names: [String] { tensors.map(\.name) }

  // MARK: Reading

  /// Reads and checks the file at `path`.
  public static func read(path: String) throws -> SafeTensorsFile {
    try decode(try FileBytes.read(path: path), file: path)
  }

  /// Decodes the bytes of a whole safetensors file; `file` names it in messages.
  public static func decode(_ bytes: [UInt8], file: String) throws -> SafeTensorsFile {
    func invalid(_ reason: String) -> SafeTensorsError { .invalid(file: file, reason: reason) }
    guard bytes.count >= 8 else {
      throw invalid(
        "the file has \(bytes.count) byte\(bytes.count == 1 ? "" : "s"); it should start with an 8-byte header length")
    }
    var length: UInt64 = 0
    for k in (0..<8).reversed() { length = length << 8 | UInt64(bytes[k]) }
    guard length <= UInt64(SafeTensorsHeader.maxLength) else {
      throw invalid(
        "the header length \(length) is larger than the \(SafeTensorsHeader.maxLength) bytes allowed "
          + "(the first 8 bytes should be the header's length)")
    }
    let n = Int(length)
    guard 8 + n <= bytes.count else {
      throw invalid("the header length \(n) runs past the end of the file (\(bytes.count) bytes)")
    }
    let header = try SafeTensorsHeader.parse(bytes[8..<(8 + n)], dataLength: bytes.count - 8 - n, file: file)

    // Everything is checked: only now convert.
    let dataStart = 8 + n
    var tensors: [SafeTensor] = []
    tensors.reserveCapacity(header.entries.count)
    try bytes.withUnsafeBytes { raw in
      for e in header.entries {
        let slice = UnsafeRawBufferPointer(rebasing: raw[(dataStart + e.begin)..<(dataStart + e.end)])
        tensors.append(try SafeTensor(name: e.name, shape: e.shape, values: e.dtype.decode(slice, count: e.count), dtype: e.dtype))
      }
    }
    return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
  }

  // MARK: Writing

  /// The bytes of the file: the tensors in order, each in its own dtype (`F64` or `F32`).
  /// `file` names the file in messages.
  public func encoded(file: String = "safetensors") throws -> [UInt8] {
    var seen = Set<String>()
    var entries: [SafeTensorsHeader.Entry] = []
    var offset = 0
    for t in tensors {
      guard seen.insert(t.name).inserted else {
        throw SafeTensorsError.invalid(file: file, reason: "two tensors are named '\(QuotedText.quoted(t.name))'")
      }
      guard t.dtype.isWritable else {
        throw SafeTensorsError.unsupported(
          file: file, reason: "tensor '\(QuotedText.quoted(t.name))': nnsh writes F64 and F32 tensors, not \(t.dtype.rawValue)")
      }
      let size = t.values.count * t.dtype.size
      entries.append(.init(name: t.name, dtype: t.dtype, shape: t.shape, begin: offset, end: offset + size, count: t.values.count))
      offset += size
    }
    let header = SafeTensorsHeader.encode(entries, metadata: metadata)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: header)
    for t in tensors { t.dtype.encode(t.values, into: &bytes) }
    return bytes
  }

  /// Writes the file to `path`, atomically: either the whole new file is there, or the
  /// old one (if any) is untouched.
  public func write(path: String) throws {
    try AtomicFile.write(try encoded(file: path), to: path)
  }
}
