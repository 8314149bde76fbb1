#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNEngine

/// Whole-file reading and writing with POSIX calls, so that failures come back as the
/// system's own words ("No such file or directory") inside a `DataError`.
///
///     let bytes = try FileBytes.read(path: "iris.csv")
enum FileBytes {
  /// Files larger than this are refused before allocating (the CSV and .npy readers hold
  /// the whole file in memory); so is a file larger than 32 bytes per value of the memory
  /// limit (`limit memory=`), which no matrix could hold.
  static let maxSize = 1 << 34  // 16 GiB

  /// The complete contents of a regular file.
  static func read(path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw DataError.cannotRead(file: path, reason: lastError()) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw DataError.cannotRead(file: path, reason: lastError()) }
    guard (info.st_mode & S_IFMT) != S_IFDIR else {
      throw DataError.cannotRead(file: path, reason: "it is a directory")
    }
    // A device such as /dev/zero or /dev/urandom never ends.
    let type = info.st_mode & S_IFMT
    guard type != S_IFCHR || isatty(fd) == 1, type != S_IFBLK else {
      throw DataError.cannotRead(file: path, reason: "it is a device, not a file")
    }
    // No file worth reading is much larger than the matrices it can make.
    let maxSize = Swift.min(FileBytes.maxSize, Swift.max(Matrix.maxElements.multipliedReportingOverflow(by: 32).partialValue, 64 << 20))
    let size = Int(info.st_size)
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

  /// Writes `bytes` to `path`, replacing the file.
  static func write(_ bytes: [UInt8], path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw DataError.cannotWrite(file: path, reason: lastError()) }
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return systemWrite(fd, base + offset, buffer.count - offset)
      }
      if n < 0 {
        if errno == EINTR { continue }
        let reason = lastError()
        close(fd)
        throw DataError.cannotWrite(file: path, reason: reason)
      }
      offset += n
    }
    guard close(fd) == 0 else { throw DataError.cannotWrite(file: path, reason: lastError()) }
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

// `read`/`write` are shadowed by the static methods above inside `FileBytes`.
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
  read(fd, p, n)
}
@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
  write(fd, p, n)
}
