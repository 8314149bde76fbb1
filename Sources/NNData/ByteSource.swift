#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The bytes a reader takes in order, from an open regular file (`read(2)` straight into
/// the caller's memory) or from bytes already in memory (tests, the fuzzer).
///
/// The `.npy` and IDX readers take a file's header from here, check it against `size`
/// (what `fstat` says) *before* allocating anything, and then read the data straight into
/// the matrix's storage, or through one bounded buffer when it needs converting. So a file
/// is never held whole in memory beside the matrix it becomes:
///
///     peak = the matrix (8 bytes per element) + one chunk (≤ 1 MiB)
///
/// `read(2)` rather than `mmap`: a mapped file that another program truncates turns a
/// later access into SIGBUS, which no statement could report; the pages of a mapping are
/// faulted in at first touch, which would move the cost into the first training epoch;
/// and the data must be read once anyway (finite check, conversion). Copying from the
/// page cache costs what NumPy's `np.load` pays too.
///
///     var source = try ByteSource(path: "X.npy")   // DataError.cannotRead for a FIFO, …
///     defer { source.close() }
///     let magic = try source.bytes(6)
struct ByteSource: ~Copyable {
  private enum Origin {
    case file(Int32)
    case memory([UInt8])
  }

  private let origin: Origin
  /// The name in messages.
  let file: String
  /// The size of the whole file in bytes, from `fstat` (or of the bytes in memory).
  let size: Int
  /// Bytes consumed so far.
  private(set) var position = 0

  /// Opens a regular file (see `ReadableFile`: FIFOs, directories and devices are refused).
  init(path: String) throws {
    let opened = try ReadableFile.open(path)
    origin = .file(opened.descriptor)
    file = path
    size = Swift.max(0, opened.size)
  }

  /// Bytes already in memory, as if they were a file named `file`.
  init(bytes: [UInt8], file: String) {
    origin = .memory(bytes)
    self.file = file
    size = bytes.count
  }

  deinit {
    if case .file(let fd) = origin { _ = systemClose(fd) }
  }

  /// Fills `count` bytes at `p` from the current position; returns how many were read,
  /// fewer than `count` only at the end of the file (which may come before `size` if the
  /// file shrank since it was opened).
  mutating func read(into p: UnsafeMutableRawPointer, count: Int) throws -> Int {
    var done = 0
    switch origin {
    case .memory(let bytes):
      done = Swift.min(count, bytes.count - position)
      if done > 0 {
        bytes.withUnsafeBytes { raw in
          if let base = raw.baseAddress { p.copyMemory(from: base + position, byteCount: done) }
        }
      }
    case .file(let fd):
      while done < count {
        // At most 1 GiB per call: Linux returns at most about 2 GiB from one read.
        let n = systemRead(fd, p + done, Swift.min(count - done, 1 << 30))
        if n < 0 {
          if errno == EINTR { continue }
          throw DataError.cannotRead(file: file, reason: AtomicFile.lastError())
        }
        if n == 0 { break }
        done += n
      }
    }
    position += Swift.max(0, done)
    return Swift.max(0, done)
  }

  /// Up to `count` bytes as an array (fewer at the end of the file): for headers.
  mutating func bytes(_ count: Int) throws -> [UInt8] {
    let wanted = Swift.max(0, Swift.min(count, size - position))
    var out = [UInt8](repeating: 0, count: wanted)
    let n = try out.withUnsafeMutableBytes { raw -> Int in
      guard let base = raw.baseAddress else { return 0 }
      return try read(into: base, count: wanted)
    }
    out.removeLast(out.count - n)
    return out
  }
}

// `read` and `close` are shadowed inside `ByteSource`.
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
  read(fd, p, n)
}

@inline(__always) private func systemClose(_ fd: Int32) -> Int32 {
  close(fd)
}
