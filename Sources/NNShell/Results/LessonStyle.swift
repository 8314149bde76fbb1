/// How a lesson (`nnsh learn`) sets its three voices apart on a terminal: the narration
/// plain, each echoed statement bold after a cyan `› `, each proved claim after a green
/// `✓`. Without colour (a pipe, `NO_COLOR`) an echoed statement reads as typed at the
/// shell's prompt, `nnsh> forward`, so a piped transcript is a session a reader can replay.
///
///     echo("forward", color: true)    →  "\u{1B}[1;36m› \u{1B}[0;1mforward\u{1B}[0m"
///     echo("forward", color: false)   →  "nnsh> forward"
///     assertion("J < J0  (0.01 < 0.4)", color: false)  →  "✓ J < J0  (0.01 < 0.4)"
enum LessonStyle {
  static func echo(_ statement: String, color: Bool) -> String {
    guard color else { return "nnsh> " + statement }
    // A statement over several lines keeps its marker's indentation on each.
    let lines = statement.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.enumerated().map { i, line in
      "\u{1B}[1;36m" + (i == 0 ? "› " : "  ") + "\u{1B}[0;1m" + line + ANSI.reset
    }.joined(separator: "\n")
  }

  static func assertion(_ claim: String, color: Bool) -> String {
    color ? "\u{1B}[1;32m✓\u{1B}[0m " + claim : "✓ " + claim
  }

  /// A wrong answer's mark, `✗`, red on a terminal.
  static func wrong(_ text: String, color: Bool) -> String {
    color ? "\u{1B}[1;31m✗\u{1B}[0m " + text : "✗ " + text
  }
}
