#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import CLibEdit
import NNData

/// The lines entered so far, kept by libedit's history (so up/down and Ctrl-R search
/// them) and saved to a file between sessions.
///
/// Bounded: once `capacity` entries are kept, the oldest goes. An entry equal to the
/// one before it is not added again. A multi-line block is one entry. A history file
/// that cannot be read or written gives one warning line, never an error; when an
/// existing file cannot be read, this session does not overwrite it.
///
///     let history = History(file: "/home/a/.nnsh_history", capacity: 1000, programName: "nnsh")
///     history.load()
///     history.add("train epochs=100")
///     history.save()
public final class History {
  /// The file read by `load()` and written by `save()` (nil: this session only).
  public let file: String?
  public let capacity: Int
  let handle: OpaquePointer?
  private let programName: String
  private let warn: (String) -> Void
  /// Cleared when an existing file could not be read, to leave it as it was.
  private var mayWrite = true
  private var warnedAboutWriting = false

  /// - Parameter warn: receives each warning line (without a newline); by default
  ///   they go to standard error.
  public init(
    file: String?, capacity: Int = 1000, programName: String,
    warn: ((String) -> Void)? = nil
  ) {
    self.file = file
    self.capacity = max(1, capacity)
    self.programName = programName
    self.warn = warn ?? History.writeToStandardError
    handle = history_init()
    var event = HistEvent()
    if let handle {
      _ = nnsh_history_setsize(handle, &event, Int32(clamping: self.capacity))
      _ = nnsh_history_setunique(handle, &event, 1)
    }
  }

  deinit {
    if let handle { history_end(handle) }
  }

  /// Adds a line (or a multi-line block) unless it is blank or repeats the last entry.
  public func add(_ entry: String) {
    guard let handle else { return }
    var text = entry
    while text.last == "\n" || text.last == "\r" { text.removeLast() }
    guard text.contains(where: { !$0.isWhitespace }) else { return }
    var event = HistEvent()
    _ = nnsh_history_enter(handle, &event, text)
  }

  /// Every entry, oldest first.
  public var entries: [String] {
    guard let handle else { return [] }
    var result: [String] = []
    var event = HistEvent()
    guard nnsh_history_last(handle, &event) == 0 else { return [] }
    repeat {
      if let s = event.str { result.append(String(cString: s)) }
    } while nnsh_history_prev(handle, &event) == 0
    return result
  }

  /// Reads the file. A missing file is a first session, not a problem. A file that is
  /// not a regular one (a FIFO would block, `/dev/zero` would never end) or is larger than
  /// `HistoryFile.maxBytes` is not read: one warning, and the shell starts without it.
  public func load() {
    guard let handle, let file else { return }
    // Opened without blocking and checked before libedit reads it.
    let fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      if errno != ENOENT { cannotRead(file, reason: String(cString: strerror(errno))) }
      return
    }
    var info = stat()
    let statted = fstat(fd, &info) == 0
    let reason = String(cString: strerror(errno))
    close(fd)
    guard statted else {
      cannotRead(file, reason: reason)
      return
    }
    if let kind = AtomicFile.notRegular(info.st_mode) {
      cannotRead(file, reason: kind == "a folder" ? "it is a directory" : "it is \(kind), not a regular file")
      return
    }
    guard Int(info.st_size) <= HistoryFile.maxBytes else {
      cannotRead(file, reason: "it is larger than \(HistoryFile.maxBytes >> 20) MiB")
      return
    }
    var event = HistEvent()
    if let line = HistoryFileCheck.firstMalformedLine(in: file) {
      // libedit would read past its buffer on this line (see HistoryFileCheck).
      cannotRead(file, reason: "line \(line) is not a libedit history entry")
    } else if nnsh_history_load(handle, &event, file) < 0 {
      cannotRead(file, reason: "it is not a libedit history file")
    }
  }

  /// Writes every entry to the file, creating its directory if needed, and replacing
  /// the file atomically (see `HistoryFile.replace`). Failing to write warns once per
  /// session.
  public func save() {
    guard let handle, let file, mayWrite else { return }
    var problem = HistoryFile.createParentDirectories(of: file)
    if problem == nil {
      problem = HistoryFile.replace(file) { stream in
        var event = HistEvent()
        errno = 0
        guard nnsh_history_save_fp(handle, &event, stream) >= 0 else {
          return errno != 0 ? String(cString: strerror(errno)) : "the write failed"
        }
        return nil
      }
    }
    if let problem, !warnedAboutWriting {
      warnedAboutWriting = true
      warn("\(programName): warning: cannot write the history file \(file): \(problem)")
    }
  }

  private func cannotRead(_ file: String, reason: String) {
    mayWrite = false
    warn("\(programName): warning: cannot read the history file \(file) (\(reason)); this session's history will not be saved")
  }

  private static func writeToStandardError(_ line: String) {
    fflush(stdout)
    fputs(line + "\n", stderr)
    fflush(stderr)
  }
}
