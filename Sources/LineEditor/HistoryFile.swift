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
}
