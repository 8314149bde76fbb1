import NNShell

/// The console of `nnsh learn`: the process's standard output and error, which can be
/// muted while `back` replays the lesson up to an earlier pause (its output was read
/// already). Errors are never muted.
final class LessonConsole: Console {
  private let base: StandardConsole
  var muted = false

  init() {
    base = StandardConsole()
  }

  var isInteractive: Bool { base.isInteractive }
  var useColor: Bool { base.useColor }
  var width: Int { base.width }

  func write(_ text: String) {
    if !muted { base.write(text) }
  }

  func writeError(_ text: String) { base.writeError(text) }
  func readLine() -> String? { base.readLine() }
  func flush() { base.flush() }
}
