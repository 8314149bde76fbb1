#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData

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
  /// is a pasted block of a few kilobytes. A larger file is not nnsh's own history. (The
  /// shell's other limits are in NNShell's `Limits`, which this module does not import.)
  static let maxBytes = 4 << 20

  /// Replaces the file at `path` atomically with what `write` puts in the stream it is
  /// given (libedit's `H_SAVE_FP` writes to a `FILE *`; here an anonymous temporary file,
  /// read back whole, a history being at most `maxBytes`). Returns a reason when it
  /// failed; the old file is then untouched and no temporary file is left.
  ///
  /// The writing itself is nnsh's one atomic path, `AtomicFile`: a temporary beside the
  /// target, synced and renamed over it; a symbolic link (`~/.nnsh_history -> dotfiles/…`)
  /// is followed, so the link stays a link; a target that exists and is not a regular file
  /// is refused. A new file is private (0600).
  ///
  ///     HistoryFile.replace("/home/a/.nnsh_history") { stream in
  ///       nnsh_history_save_fp(handle, &event, stream) < 0 ? "the write failed" : nil
  ///     }
  static func replace(_ path: String, write: (UnsafeMutablePointer<FILE>) -> String?) -> String? {
    // An anonymous file, not an in-memory stream: libedit calls fchmod on the stream's
    // descriptor.
    guard let stream = tmpfile() else { return String(cString: strerror(errno)) }
    defer { fclose(stream) }
    if let problem = write(stream) { return problem }
    errno = 0
    guard fflush(stream) == 0, ferror(stream) == 0 else {
      return errno != 0 ? String(cString: strerror(errno)) : "the write failed"
    }
    let size = ftell(stream)
    guard size >= 0, size <= maxBytes else { return "the history is larger than \(maxBytes >> 20) MiB" }
    rewind(stream)
    var bytes = [UInt8](repeating: 0, count: size)
    guard fread(&bytes, 1, size, stream) == size else { return "the write failed" }
    do {
      try AtomicFile.write(bytes, to: path, newFileMode: 0o600)
    } catch DataError.cannotWrite(_, let reason) {
      return reason
    } catch {
      return "\(error)"
    }
    return nil
  }
}
