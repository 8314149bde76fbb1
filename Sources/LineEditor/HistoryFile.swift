#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Where a program's history lives between sessions.
///
///     HistoryFile.path(programName: "nnsh", environment: ["XDG_STATE_HOME": "/home/a/.local/state"])
///     // "/home/a/.local/state/nnsh/history"
///     HistoryFile.path(programName: "nnsh", environment: ["HOME": "/home/a"])
///     // "/home/a/.nnsh_history"
public enum HistoryFile {
  /// `$XDG_STATE_HOME/PROGRAM/history` when `XDG_STATE_HOME` is an absolute path (the
  /// XDG specification says relative ones are to be ignored), else `~/.PROGRAM_history`;
  /// nil when there is no home directory either.
  public static func path(programName: String, environment: (String) -> String?) -> String? {
    if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
      return join(state, programName + "/history")
    }
    if let home = environment("HOME"), !home.isEmpty {
      return join(home, "." + programName + "_history")
    }
    return nil
  }

  /// The same, from a fixed environment (for tests).
  public static func path(programName: String, environment: [String: String]) -> String? {
    path(programName: programName) { environment[$0] }
  }

  /// The same, from this process's environment.
  public static func path(programName: String) -> String? {
    path(programName: programName) { name in getenv(name).map { String(cString: $0) } }
  }

  private static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// Creates `path`'s parent directories (mode 0700, as XDG asks for state), like
  /// `mkdir -p`. Returns a reason when that failed.
  static func createParentDirectories(of path: String) -> String? {
    let components = path.split(separator: "/").dropLast()
    var current = path.hasPrefix("/") ? "" : "."
    for component in components {
      current += "/" + component
      var info = stat()
      if stat(current, &info) == 0 {
        if info.st_mode & S_IFMT != S_IFDIR { return "\(current) is not a directory" }
        continue
      }
      if mkdir(current, 0o700) != 0 && errno != EEXIST {
        return "cannot create \(current): \(String(cString: strerror(errno)))"
      }
    }
    return nil
  }

  /// The largest history file read: 4 MiB, room for the 1000 entries kept even when each
  /// is a pasted block of a few kilobytes. A larger file is not nnsh's own history.
  static let maxBytes = 4 << 20

  /// What a file of type `mode` is when it is not a regular file; nil for a regular one.
  static func notRegular(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a named pipe (FIFO)"
    case S_IFCHR, S_IFBLK: return "a device"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
  }

  /// Replaces the file at `path` atomically with what `write` puts in the stream it is
  /// given (a new temporary file; libedit's `H_SAVE_FP` writes to a `FILE *`). Returns a
  /// reason when it failed; the old file is then untouched and no temporary file is left.
  ///
  /// The same rules as nnsh's `AtomicFile` (in NNData, which this module may not depend
  /// on: the line editor sits below the language in the module order): a temporary
  /// `.NAME.PID-RANDOM.tmp` beside the target, flushed (a full disk or `ulimit -f` is seen
  /// here, not ignored), synced and renamed over it; a symbolic link
  /// (`~/.nnsh_history -> dotfiles/…`) is followed, so the link stays a link; a target
  /// that exists and is not a regular file is refused. The file is private (0600). The
  /// interactive shell turns SIGINT/SIGTERM/SIGHUP into flags, so no signal ends the
  /// process mid-write; SIGKILL can leave only the temporary file.
  ///
  ///     HistoryFile.replace("/home/a/.nnsh_history") { stream in
  ///       nnsh_history_save_fp(handle, &event, stream) < 0 ? "the write failed" : nil
  ///     }
  static func replace(_ path: String, write: (UnsafeMutablePointer<FILE>) -> String?) -> String? {
    var target = path
    for _ in 0..<40 {
      var link = stat()
      guard lstat(target, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { break }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(target, &buffer, buffer.count - 1)
      guard n > 0 else { break }
      let destination = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let folder = target.lastIndex(of: "/").map { String(target[...$0]) } ?? "./"
      target = destination.hasPrefix("/") ? destination : folder + destination
    }
    var info = stat()
    if stat(target, &info) == 0, let kind = notRegular(info.st_mode) { return "it is \(kind), not a regular file" }
    let slash = target.lastIndex(of: "/")
    let folder = slash.map { String(target[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    var temporary = ""
    var fd: Int32 = -1
    for _ in 0..<16 {
      temporary = folder + "/." + name + ".\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36)).tmp"
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    func abandon(_ reason: String) -> String {
      unlink(temporary)
      return reason
    }
    guard let stream = fdopen(fd, "w") else {
      let reason = String(cString: strerror(errno))
      close(fd)
      return abandon(reason)
    }
    if let problem = write(stream) {
      fclose(stream)
      return abandon(problem)
    }
    errno = 0
    let flushed = fflush(stream) == 0 && ferror(stream) == 0
    let synced = flushed && fsync(fileno(stream)) == 0
    let reason = errno != 0 ? String(cString: strerror(errno)) : "the write failed"
    let closed = fclose(stream) == 0
    guard flushed, synced, closed else { return abandon(closed ? reason : String(cString: strerror(errno))) }
    guard rename(temporary, target) == 0 else { return abandon(String(cString: strerror(errno))) }
    return nil
  }
}
