#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Replacing a file so that it is never seen half-written.
///
/// The bytes go to a new temporary file in the same folder as the target (so the final
/// rename stays on one file system), named `.NAME.PID-RANDOM.tmp`; it is written in full,
/// flushed to the disk with `fsync`, closed, and renamed over the target, which replaces
/// it in one step; then the folder is synced so the rename itself survives a crash. The
/// new file gets the permissions of the file it replaces, or the usual ones (0666 minus
/// the umask) when there was none.
///
/// If anything fails — the folder cannot be written, the disk is full, the target is a
/// folder — the temporary file is removed, the old file is untouched, and the error is a
/// `DataError.cannotWrite` naming the target and the system's reason:
///
///     cannot write 'models/m.safetensors': No such file or directory
///
/// Should the process be killed in the middle, only the hidden temporary file can be
/// left, never a truncated target. A symbolic link at `path` is replaced by the new file
/// (not followed), as `rename` does.
///
///     try AtomicFile.write(bytes, to: "m.safetensors")
public enum AtomicFile {
  /// The steps of a write, for tests that make one of them fail.
  enum Step: Equatable {
    case create, write, sync, close, rename
  }

  /// Writes `bytes` to `path`, replacing any file there atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    try write(bytes, to: path, failing: nil)
  }

  /// `write`, with `failing` making that step fail as if the system had refused it with
  /// `errno` (tests use it to check the clean-up; nil in real use).
  static func write(_ bytes: [UInt8], to path: String, failing: (step: Step, errno: Int32)?) throws {
    func failure(_ reason: String) -> DataError { .cannotWrite(file: path, reason: reason) }
    func systemError(_ step: Step) -> String? {
      if let failing, failing.step == step { return String(cString: strerror(failing.errno)) }
      return nil
    }
    guard !path.isEmpty else { throw failure("the file name is empty") }
    guard !path.hasSuffix("/") else { throw failure("it names a folder, not a file") }
    let (folder, name) = split(path)

    var info = stat()
    var mode: mode_t = 0o666
    var keepMode = false
    if stat(path, &info) == 0 {
      guard (info.st_mode & S_IFMT) != S_IFDIR else { throw failure("it is a folder") }
      mode = info.st_mode & 0o7777
      keepMode = true
    }

    // A new, hidden temporary file next to the target (O_EXCL: never someone else's).
    var temporary = ""
    var fd: Int32 = -1
    for _ in 0..<16 {
      temporary = folder + "/." + name + ".\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36)).tmp"
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o666))
      if fd >= 0 || errno != EEXIST { break }
    }
    if let reason = systemError(.create) {
      if fd >= 0 {
        close(fd)
        unlink(temporary)
      }
      throw failure(reason)
    }
    guard fd >= 0 else { throw failure(lastError()) }

    // From here on, any failure removes the temporary file.
    var closed = false
    func abandon(_ reason: String) -> DataError {
      if !closed { close(fd) }
      unlink(temporary)
      return failure(reason)
    }
    if keepMode { _ = fchmod(fd, mode) }

    // An injected write failure strikes halfway, like a disk that fills up.
    let limit = systemError(.write) == nil ? bytes.count : bytes.count / 2
    var offset = 0
    while offset < limit {
      let chunk = Swift.min(limit - offset, 1 << 24)
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return systemWrite(fd, base + offset, chunk)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw abandon(lastError())
      }
      if n == 0 { throw abandon("nothing could be written") }
      offset += n
    }
    if let reason = systemError(.write) { throw abandon(reason) }
    if let reason = systemError(.sync) { throw abandon(reason) }
    guard fsync(fd) == 0 else { throw abandon(lastError()) }
    closed = true
    if let reason = systemError(.close) {
      close(fd)
      throw abandon(reason)
    }
    guard close(fd) == 0 else { throw abandon(lastError()) }
    if let reason = systemError(.rename) { throw abandon(reason) }
    guard rename(temporary, path) == 0 else { throw abandon(lastError()) }

    // Make the rename durable (best effort: some file systems refuse to sync a folder).
    let folderFD = open(folder, O_RDONLY | O_CLOEXEC)
    if folderFD >= 0 {
      _ = fsync(folderFD)
      close(folderFD)
    }
  }

  /// Creates the folder `path` unless it exists (its parent must exist).
  public static func makeFolder(_ path: String) throws {
    var info = stat()
    if stat(path, &info) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFDIR else { throw DataError.cannotWrite(file: path, reason: "it is a file, not a folder") }
      return
    }
    guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw DataError.cannotWrite(file: path, reason: lastError()) }
  }

  /// The folder and the file name of `path` (`"."` when there is no folder).
  static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
  }

  static func lastError() -> String { String(cString: strerror(errno)) }
}

// `write` is shadowed by the static method above inside `AtomicFile`.
@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
  write(fd, p, n)
}
