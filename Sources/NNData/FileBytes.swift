#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNEngine

/// Whole-file reading (regular files only) and atomic writing with POSIX calls, so that
/// failures come back as the system's own words ("No such file or directory") inside a
/// `DataError`.
///
///     let bytes = try FileBytes.read(path: "iris.csv")
enum FileBytes {
  /// Files larger than this are refused before allocating (the CSV and safetensors
  /// readers hold the whole file in memory; `.npy` and IDX stream, see `ByteSource`); so
  /// is a file larger than 32 bytes per value of the memory
  /// limit (`limit memory=`), which no matrix could hold.
  static let maxSize = 1 << 34  // 16 GiB

  /// The complete contents of a regular file.
  static func read(path: String) throws -> [UInt8] {
    // Only a regular file: a FIFO would block, a device never end (see `ReadableFile`).
    let opened = try ReadableFile.open(path)
    let fd = opened.descriptor
    defer { close(fd) }
    // No file worth reading is much larger than the matrices it can make.
    let maxSize = Swift.min(FileBytes.maxSize, Swift.max(MemoryBudget.current.maxElements.multipliedReportingOverflow(by: 32).partialValue, 64 << 20))
    let size = opened.size
    guard size >= 0, size <= maxSize else {
      throw DataError.cannotRead(file: path, reason: "the file is too large (\(size) bytes; see limit memory=)")
    }
    // One byte more than the size, so that end of file is seen without growing; the size
    // is only a hint (pipes and /proc files report 0), so grow when it was wrong.
    var bytes = [UInt8](repeating: 0, count: size + 1)
    var used = 0
    while true {
      if used == bytes.count {
        guard bytes.count <= maxSize else {
          throw DataError.cannotRead(file: path, reason: "the file is too large (more than \(maxSize) bytes; see limit memory=)")
        }
        bytes.append(contentsOf: repeatElement(0, count: Swift.max(bytes.count, 1 << 16)))
      }
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return systemRead(fd, base + used, buffer.count - used)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw DataError.cannotRead(file: path, reason: lastError())
      }
      if n == 0 { break }
      used += n
    }
    bytes.removeLast(bytes.count - used)
    return bytes
  }

  /// Writes `bytes` to `path`, replacing the file atomically (see `AtomicFile`).
  static func write(_ bytes: [UInt8], path: String) throws {
    try AtomicFile.write(bytes, to: path)
  }

  /// True when something (a file, a folder, …) exists at `path`.
  static func exists(path: String) -> Bool {
    access(path, F_OK) == 0
  }

  /// True when `path` is a folder.
  static func isDirectory(path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  static func lastError() -> String { String(cString: strerror(errno)) }
}

// `read` is shadowed by the static method above inside `FileBytes`.
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
  read(fd, p, n)
}

