#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Where the interpreter's output goes, and what it knows about the terminal.
///
/// Results go to standard output and diagnostics to standard error, so a script's
/// transcript can be piped and its errors still seen.
public protocol Console: AnyObject {
  /// Writes text to standard output (callers add newlines).
  func write(_ text: String)
  /// Writes text to standard error.
  func writeError(_ text: String)
  /// True for a person at a terminal: `pause` waits, progress redraws in place.
  var isInteractive: Bool { get }
  /// Colour is used only on a terminal and never when `NO_COLOR` is set.
  var useColor: Bool { get }
  /// The width to lay pictures and matrices out to.
  var width: Int { get }
  /// Reads one line for `pause` (nil at end of input).
  func readLine() -> String?
  /// Flushes buffered output (before a pause, at the end of a statement).
  func flush()
}

/// The console of a real process: stdout and stderr. Writes to standard output are
/// checked (`StandardOutput`): the first that fails is reported and ends the process.
public final class StandardConsole: Console {
  public let isInteractive: Bool
  public let useColor: Bool
  public let width: Int

  public init(interactive: Bool? = nil) {
    let tty = isatty(STDOUT_FILENO) == 1
    isInteractive = interactive ?? (tty && isatty(STDIN_FILENO) == 1)
    useColor = tty && getenv("NO_COLOR") == nil
    width = StandardConsole.terminalWidth(tty: tty)
  }

  static func terminalWidth(tty: Bool) -> Int {
    if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n >= 20 { return min(n, 1000) }
    if tty {
      var size = winsize()
      if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
    }
    return 80
  }

  public func write(_ text: String) {
    StandardOutput.write(text)
  }

  public func writeError(_ text: String) {
    StandardOutput.flush()
    var t = text
    t.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stderr) }
    fflush(stderr)
  }

  public func readLine() -> String? {
    StandardOutput.flush()
    let line = Swift.readLine()
    // A terminal echoes the Enter; input from a pipe does not, so end the line here.
    if isatty(STDIN_FILENO) != 1 { write("\n") }
    return line
  }

  public func flush() {
    StandardOutput.flush()
  }
}

/// A console that keeps everything, for tests.
public final class CapturingConsole: Console {
  public var output = ""
  public var errors = ""
  public var isInteractive = false
  public var useColor = false
  public var width = 80
  public var input: [String] = []

  public init() {}
  public func write(_ text: String) { output += text }
  public func writeError(_ text: String) { errors += text }
  public func readLine() -> String? { input.isEmpty ? nil : input.removeFirst() }
  public func flush() {}
}
