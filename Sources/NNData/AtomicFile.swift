#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Synchronization

/// Replacing a file so that it is never seen half-written. Every file nnsh writes goes
/// through here (safetensors, .npy, IDX, SVG, session scripts, the PyTorch export).
///
/// The bytes go to a new temporary file in the same folder as the target (so the final
/// rename stays on one file system), named `.NAME.PID-RANDOM.tmp`; it is written in full,
/// flushed to the disk with `fsync`, closed, and renamed over the target, which replaces
/// it in one step; then the folder is synced so the rename itself survives a crash. The
/// new file gets the permissions of the file it replaces, or the usual ones (0666 minus
/// the umask) when there was none.
///
/// If anything fails — the folder cannot be written, the disk is full, a file-size limit
/// (`ulimit -f`: SIGXFSZ is ignored, so the write fails with EFBIG instead of killing the
/// process) — the temporary file is removed, the old file is untouched, and the error is a
/// `DataError.cannotWrite` naming the target and the system's reason:
///
///     cannot write 'models/m.safetensors': No such file or directory
///     cannot write 'm.npy': File too large
///
/// What the target may be:
/// - a regular file or nothing: replaced or created;
/// - a symbolic link: followed (through a chain of links), and the file it points to is
///   replaced atomically in its own folder, so the link stays a link (as editors and
///   `cp` treat links); a dangling link creates its target;
/// - anything else that exists — a folder, a named pipe (FIFO), a device (`/dev/null`
///   too), a socket — is refused before anything is written (writing to a FIFO would
///   block until a reader came, and a device cannot be replaced by a file).
///
/// Signals: while the temporary file exists, SIGINT, SIGTERM, SIGHUP and SIGQUIT — if they
/// would end the process (their default action) — first remove it, then end the process
/// as they would have; the target is the old file. When the program handles them itself
/// (the interactive shell sets a flag), the write simply finishes. SIGKILL (and a power
/// cut) cannot be caught: they can leave the hidden temporary file, never a truncated
/// target, and the next write of the same target removes such leftovers of processes
/// that no longer exist.
///
///     try AtomicFile.write(bytes, to: "m.safetensors")
public enum AtomicFile {
  /// The steps of a write, for tests that make one of them fail.
  enum Step: Equatable {
    case create, write, sync, close, rename
  }

  /// Writes `bytes` to `path`, replacing any file there atomically.
  /// `newFileMode` is the permission of a file that does not exist yet (less the umask);
  /// a file that exists keeps its own.
  public static func write(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666) throws {
    try write(bytes, to: path, newFileMode: newFileMode, failing: nil)
  }

  /// `write`, with `failing` making that step fail as if the system had refused it with
  /// `errno` (tests use it to check the clean-up; nil in real use).
  static func write(
    _ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666, failing: (step: Step, errno: Int32)?
  ) throws {
    func failure(_ reason: String) -> DataError { .cannotWrite(file: path, reason: reason) }
    func systemError(_ step: Step) -> String? {
      if let failing, failing.step == step { return String(cString: strerror(failing.errno)) }
      return nil
    }
    guard !path.isEmpty else { throw failure("the file name is empty") }
    guard !path.hasSuffix("/") else { throw failure("it names a folder, not a file") }
    ignoreFileSizeSignal()
    // The file that is really replaced: the end of a chain of links.
    guard let target = followLinks(path) else { throw failure("too many levels of symbolic links") }
    let (folder, name) = split(target)

    var info = stat()
    var mode: mode_t = 0o666
    var keepMode = false
    if stat(target, &info) == 0 {
      if let kind = notRegular(info.st_mode) {
        throw failure(kind == "a folder" ? "it is a folder" : "it is \(kind), not a regular file")
      }
      mode = info.st_mode & 0o7777
      keepMode = true
    }
    removeStaleTemporaries(folder: folder, name: name)

    // A new, hidden temporary file next to the target (O_EXCL: never someone else's).
    // It is registered before it is created, so that no signal can come between the two.
    let guardian = TemporaryFileGuard()
    defer { guardian.release() }
    var temporary = ""
    var fd: Int32 = -1
    for _ in 0..<16 {
      temporary = folder + "/." + name + ".\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36)).tmp"
      guardian.register(temporary)
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
      if fd >= 0 || errno != EEXIST { break }
      guardian.register(nil)
    }
    if fd < 0 { guardian.register(nil) }
    if let reason = systemError(.create) {
      if fd >= 0 {
        close(fd)
        unlink(temporary)
      }
      throw failure(reason)
    }
    guard fd >= 0 else { throw failure(lastError()) }

    // From here on, any failure (or a signal that ends the process) removes the
    // temporary file.
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
    guard rename(temporary, target) == 0 else { throw abandon(lastError()) }

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

  /// What a file of type `mode` is, when it is not a regular file ("a folder", "a named
  /// pipe (FIFO)", "a device", "a socket"); nil for a regular file.
  public static func notRegular(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a named pipe (FIFO)"
    case S_IFCHR, S_IFBLK: return "a device"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
  }

  /// The path at the end of the chain of symbolic links that starts at `path` (`path`
  /// itself when it is not a link or does not exist); nil after 40 links, as the system's
  /// own limit (ELOOP) would say.
  static func followLinks(_ path: String) -> String? {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      guard n > 0 else { return current }
      let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      // A relative link is relative to the folder that holds it.
      current = link.hasPrefix("/") ? link : split(current).folder + "/" + link
    }
    return nil
  }

  /// Removes `.NAME.PID-RANDOM.tmp` files in `folder` left by a process that was killed
  /// (SIGKILL) while writing `NAME` and no longer exists. Files of live processes — this
  /// one's included — are left alone.
  static func removeStaleTemporaries(folder: String, name: String) {
    let prefix = "." + name + "."
    for (entryName, _) in DirectoryEntries.read(folder) ?? [] {
      guard entryName.hasPrefix(prefix), entryName.hasSuffix(".tmp") else { continue }
      let middle = entryName.dropFirst(prefix.count).dropLast(4)
      guard let dash = middle.lastIndex(of: "-"), let pid = pid_t(middle[..<dash]), pid > 0 else { continue }
      if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
        unlink(folder + "/" + entryName)
      }
    }
  }

  /// A file-size limit (`ulimit -f`) makes the kernel send SIGXFSZ, which ends the
  /// process by default; ignored, the write fails with EFBIG and becomes an error.
  public static func ignoreFileSizeSignal() {
    signal(SIGXFSZ, SIG_IGN)
  }
}

/// The temporary file of the write in progress, for the signal handler that removes it.
///
/// Only the path (copied into memory allocated once, before any handler is installed)
/// and an atomic flag are shared with the handler, which calls nothing but `unlink`,
/// `sigaction` and `raise` — all async-signal-safe. One write at a time (nnsh saves from
/// one thread).
final class TemporaryFileGuard {
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
  nonisolated(unsafe) static let path = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
  static let active = Atomic<Bool>(false)

  private var replaced: [(Int32, sigaction)] = []

  /// Installs the handler for each signal whose action is the default one (ending the
  /// process); nothing is registered yet.
  init() {
    Self.active.store(false, ordering: .releasing)
    Self.path[0] = 0
    for signo in Self.signals {
      var old = sigaction()
      guard sigaction(signo, nil, &old) == 0 else { continue }
      guard old.sa_flags & Int32(SA_SIGINFO) == 0, old.__sigaction_handler.sa_handler == nil else { continue }
      var action = sigaction()
      action.__sigaction_handler.sa_handler = removeTemporaryAndDie
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      if sigaction(signo, &action, nil) == 0 { replaced.append((signo, old)) }
    }
  }

  /// The temporary file the handler removes (nil: none).
  func register(_ temporary: String?) {
    Self.active.store(false, ordering: .releasing)
    guard let temporary else { return }
    let bytes = Array(temporary.utf8)
    guard bytes.count <= Int(PATH_MAX) else { return }
    for (i, b) in bytes.enumerated() { Self.path[i] = CChar(bitPattern: b) }
    Self.path[bytes.count] = 0
    Self.active.store(true, ordering: .releasing)
  }

  /// Puts the signals' previous actions back and forgets the file.
  func release() {
    for (signo, old) in replaced {
      var action = old
      sigaction(signo, &action, nil)
    }
    replaced = []
    Self.active.store(false, ordering: .releasing)
  }
}

/// Removes the temporary file, then ends the process by the same signal.
private let removeTemporaryAndDie: @convention(c) (Int32) -> Void = { signo in
  if TemporaryFileGuard.active.load(ordering: .acquiring) { unlink(TemporaryFileGuard.path) }
  var action = sigaction()
  action.__sigaction_handler.sa_handler = SIG_DFL
  sigemptyset(&action.sa_mask)
  sigaction(signo, &action, nil)
  raise(signo)  // delivered when the handler returns (the signal is blocked inside it)
}

// `write` is shadowed by the static method above inside `AtomicFile`.
@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
  write(fd, p, n)
}
