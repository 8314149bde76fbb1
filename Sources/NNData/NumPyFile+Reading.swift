import NNEngine

/// Reading a `.npy` file straight into a matrix's storage.
///
/// The header is read and checked first — magic, version, dictionary, element type, and
/// that the shape's bytes are exactly what the file holds after the header (`fstat`) — so
/// a truncated file or a header that lies about the size is refused before anything is
/// allocated. Then the elements go into one `MatrixStorage`, in C order (last index
/// fastest), charged to the session's memory budget:
///
/// - **float64, little-endian, C order** (what `np.save` writes for a float array): the
///   file's bytes *are* the doubles, and `read(2)` puts them straight into the storage,
///   1 MiB at a time. A C-order `(N, d)` array is exactly nnsh's `d × N` column-major
///   matrix, so a data set's `X` is this storage, with no copy at all;
/// - **anything else** (float32/16, integers, bools, big-endian, Fortran order): each
///   1 MiB chunk of the file is read into one buffer and converted into its place in the
///   storage. Fortran order (first index fastest) is scattered to its C-order place
///   element by element, the multi-index kept across chunks.
///
/// Each chunk is scanned for NaN and ±Inf while it is in the cache, so the data set's
/// finite check costs no second pass over memory. Peak memory is the storage plus one
/// chunk:
///
///     8 · count + 1 MiB          (np.load: the array's size)
///
///     var source = try ByteSource(path: "X.npy")
///     let e = try NumPyFile.readElements(&source)   // e.shape [60000, 784], e.storage
extension NumPyFile {
  /// Bytes per chunk of the converting path, and per `read` of the direct one.
  static let chunkBytes = 1 << 20

  /// What the start of a `.npy` file says, checked against the file's size.
  struct Layout {
    var header: NumPyHeader
    var type: ElementType
    /// The number of elements (the product of the shape).
    var count: Int
    var shape: [Int] { header.shape }
  }

  /// The elements of a `.npy` file as doubles, in C order.
  struct Elements {
    var shape: [Int]
    var storage: MatrixStorage
    /// True when the file held integers or booleans (a sign of class labels).
    var isInteger: Bool
    var dtype: String
    /// The C-order index of the first NaN or infinity, or nil when every value is finite.
    var firstNonFinite: Int?

    /// The elements as a `NumPyArray` (a copy into an array: small arrays, tests, fuzzing).
    func array() throws -> NumPyArray {
      try NumPyArray(shape: shape, values: storage.array, isInteger: isInteger, dtype: dtype)
    }

    /// The array as a matrix exactly as NumPy shows it (`NumPyArray.matrix()`'s rules):
    /// C order `(r, c)` is column-major `c × r`, so a matrix with more than one row and
    /// column is a transposing copy; a scalar, a vector, a row or a column is the storage.
    func matrix() throws -> Matrix {
      let (rows, cols) = try NumPyArray.matrixShape(shape)
      if rows == 1 || cols == 1 { return try Matrix(rows: rows, cols: cols, columnMajor: storage) }
      let transposedView = try Matrix(rows: cols, cols: rows, columnMajor: storage)
      try Matrix.validate(rows: rows, cols: cols)
      let out = try MatrixStorage(checkedCount: rows * cols) { o in
        transposedView.storage.withUnsafeBufferPointer { s in
          for i in 0..<rows {
            for j in 0..<cols { o[i + j * rows] = s[j + i * cols] }
          }
        }
      }
      return try Matrix(rows: rows, cols: cols, columnMajor: out)
    }
  }

  /// The header and elements of `source`.
  static func readElements(_ source: inout ByteSource, chunkBytes: Int = chunkBytes) throws -> Elements {
    let layout = try readLayout(&source)
    return try readElements(&source, layout, chunkBytes: chunkBytes)
  }

  /// Reads and checks everything before the data: magic, version, header, element type,
  /// the element count against the memory limit and the data's size against the file's.
  static func readLayout(_ source: inout ByteSource) throws -> Layout {
    let file = source.file
    let start = try source.bytes(10)
    guard start.count >= 10, Array(start[0..<6]) == magic else {
      throw DataError.invalidNumPy(file: file, reason: "it does not start with the magic string \\x93NUMPY")
    }
    let major = start[6]
    let minor = start[7]
    let headerStart: Int
    let headerLength: Int
    switch (major, minor) {
    case (1, 0):
      headerStart = 10
      headerLength = Int(start[8]) | Int(start[9]) << 8
    case (2, 0), (3, 0):
      let more = try source.bytes(2)
      guard more.count == 2 else {
        throw DataError.invalidNumPy(file: file, reason: "the file ends inside the header length")
      }
      headerStart = 12
      headerLength = Int(start[8]) | Int(start[9]) << 8 | Int(more[0]) << 16 | Int(more[1]) << 24
    default:
      throw DataError.unsupportedNumPy(
        file: file, reason: "format version \(major).\(minor) is not supported (only 1.0, 2.0 and 3.0)")
    }
    let headerBytes = headerLength <= maxHeaderLength ? try source.bytes(headerLength) : []
    guard headerLength <= maxHeaderLength, headerStart + headerLength <= source.size, headerBytes.count == headerLength
    else {
      throw DataError.invalidNumPy(
        file: file,
        reason: "the header length \(headerLength) runs past the end of the file (\(source.size) bytes)")
    }
    let dataStart = headerStart + headerLength
    let header = try NumPyHeader.parse(headerBytes[...], file: file)
    let type = try ElementType(descr: header.descr, file: file)

    var count = 1
    for s in header.shape {
      let (p, overflow) = count.multipliedReportingOverflow(by: s)
      guard !overflow else {
        throw DataError.invalidNumPy(
          file: file, reason: "the shape \(NumPyArray.describe(header.shape)) overflows")
      }
      count = p
    }
    let maxElements = MemoryBudget.current.maxElements  // the running session's
    guard count <= maxElements else {
      throw DataError.unsupportedNumPy(
        file: file,
        reason: "the array \(NumPyArray.describe(header.shape)) has \(count) elements, "
          + "more than the \(maxElements) nnsh accepts")
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.size)
    let available = source.size - dataStart
    guard !overflow, byteCount == available else {
      throw DataError.invalidNumPy(
        file: file,
        reason: "the shape \(NumPyArray.describe(header.shape)) of \(header.descr) needs "
          + "\(overflow ? "too many" : String(byteCount)) bytes of data but the file has \(available)")
    }
    return Layout(header: header, type: type, count: count)
  }

  /// Reads the data after `readLayout` into a new storage (see the type's description).
  /// Nothing is kept when it fails: the storage is freed and the budget credited back.
  static func readElements(_ source: inout ByteSource, _ layout: Layout, chunkBytes: Int = chunkBytes) throws
    -> Elements
  {
    let type = layout.type
    let count = layout.count
    let scatter = layout.header.fortranOrder && layout.shape.count > 1
    // One chunk holds whole elements, and its doubles fit in `chunkBytes` too.
    let chunk = Swift.max(1, chunkBytes / 8)
    let checksFinite = type.kind == .float
    var firstNonFinite: Int? = nil
    let storage = try MatrixStorage(checkedCount: count) { out in
      guard let base = out.baseAddress, count > 0 else { return }
      if type.kind == .float, type.size == 8, !type.bigEndian, !scatter {
        // The file's bytes are the storage's doubles.
        var done = 0
        while done < count {
          let n = Swift.min(chunk, count - done)
          try readExactly(&source, into: UnsafeMutableRawPointer(base + done), bytes: n * 8, layout)
          if firstNonFinite == nil, let k = firstNonFiniteIndex(base + done, n) { firstNonFinite = done + k }
          done += n
        }
        return
      }
      let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk * type.size, alignment: 8)
      defer { raw.deallocate() }
      let converted = scatter ? UnsafeMutablePointer<Double>.allocate(capacity: chunk) : nil
      defer { converted?.deallocate() }
      var order = scatter ? FortranOrder(shape: layout.shape) : nil
      var done = 0
      while done < count {
        let n = Swift.min(chunk, count - done)
        guard let rawBase = raw.baseAddress else { return }
        try readExactly(&source, into: rawBase, bytes: n * type.size, layout)
        let bytes = UnsafeRawBufferPointer(start: rawBase, count: n * type.size)
        if let converted, var o = order {
          type.decode(bytes, count: n, into: converted)
          for k in 0..<n {
            let v = converted[k]
            let at = o.next()
            base[at] = v
            if checksFinite, !v.isFinite, firstNonFinite.map({ at < $0 }) ?? true { firstNonFinite = at }
          }
          order = o
        } else {
          type.decode(bytes, count: n, into: base + done)
          if checksFinite, firstNonFinite == nil, let k = firstNonFiniteIndex(base + done, n) {
            firstNonFinite = done + k
          }
        }
        done += n
      }
    }
    return Elements(
      shape: layout.shape, storage: storage, isInteger: type.isInteger, dtype: layout.header.descr,
      firstNonFinite: firstNonFinite)
  }

  /// Reads exactly `bytes` bytes; a file that ends early (it shrank after its size was
  /// checked) is an error naming where.
  private static func readExactly(
    _ source: inout ByteSource, into p: UnsafeMutableRawPointer, bytes: Int, _ layout: Layout
  ) throws {
    let got = try source.read(into: p, count: bytes)
    guard got == bytes else {
      throw DataError.invalidNumPy(
        file: source.file,
        reason: "the file ends after \(source.position) bytes, inside the data of the shape "
          + "\(NumPyArray.describe(layout.shape)) of \(layout.header.descr) (it changed while being read)")
    }
  }

  /// The index of the first NaN or infinity among `n` doubles at `p`, or nil.
  static func firstNonFiniteIndex(_ p: UnsafePointer<Double>, _ n: Int) -> Int? {
    // Non-finite is an exponent of all ones; adding 1 to the exponent field carries into
    // the sign bit exactly then. And, add and or: the compiler vectorises the pass, and
    // only a (rare) bad chunk is searched.
    let exponent: UInt64 = 0x7FF0_0000_0000_0000
    var carries: UInt64 = 0
    for k in 0..<n { carries |= (p[k].bitPattern & exponent) &+ (1 << 52) }
    let bad = carries >> 63
    guard bad != 0 else { return nil }
    for k in 0..<n where !p[k].isFinite { return k }
    return nil
  }

  /// The C-order offsets of the elements of a Fortran-order array, in file order: the
  /// multi-index advances its first axis fastest, and the C offset is kept in step with it.
  ///
  ///     var f = FortranOrder(shape: [2, 3])   // file: a00 a10 a01 a11 a02 a12
  ///     (0..<6).map { _ in f.next() }         // [0, 3, 1, 4, 2, 5]
  struct FortranOrder {
    let shape: [Int]
    /// C strides: the last axis is 1.
    let stride: [Int]
    var index: [Int]
    var offset = 0

    init(shape: [Int]) {
      self.shape = shape
      var stride = [Int](repeating: 1, count: shape.count)
      for a in stride.indices.dropLast().reversed() { stride[a] = stride[a + 1] * shape[a + 1] }
      self.stride = stride
      index = [Int](repeating: 0, count: shape.count)
    }

    /// The C offset of the current element; then advances to the next.
    @inline(__always)
    mutating func next() -> Int {
      let current = offset
      var a = 0
      while a < shape.count {
        index[a] += 1
        offset += stride[a]
        if index[a] < shape[a] { break }
        offset -= stride[a] * shape[a]
        index[a] = 0
        a += 1
      }
      return current
    }
  }
}
