#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import LineEditor
import NNShell

/// Where `nnsh learn` reads what the learner types at a pause or an exercise.
protocol LessonInput: AnyObject {
  func read(prompt: String) -> StatementInput
  /// Whether the end of input means "leave" (Ctrl-D at a terminal) rather than "run on
  /// to the end" (a pipe that has no more lines).
  var endLeaves: Bool { get }
  /// Called before the lesson ends: the history is saved.
  func close()
}

/// At a terminal: line editing with history and completion, as in the shell.
final class TerminalLessonInput: LessonInput {
  let reader: StatementReader

  init?(color: Bool, names: @escaping () -> [String]) {
    guard let editor = LineEditor(programName: "nnsh", historyFile: HistoryFile.path(programName: "nnsh")) else { return nil }
    reader = StatementReader(editor: editor, color: color, names: names)
  }

  func read(prompt: String) -> StatementInput { reader.read(prompt: prompt) }
  var endLeaves: Bool { true }
  func close() { reader.editor.saveHistory() }
}

/// From a pipe: one line per prompt (more while a bracket is open), echoed after the
/// prompt so the transcript reads as a session; at the end of input, nothing is shown
/// and the lesson runs on.
final class PipedLessonInput: LessonInput {
  private var ended = false

  func read(prompt: String) -> StatementInput {
    guard !ended, var text = Swift.readLine() else {
      ended = true
      return .endOfFile
    }
    var shown = prompt + text
    while Parser.needsMoreInput(text), let more = Swift.readLine() {
      text += "\n" + more
      shown += "\n" + InteractiveShell.continuationPrompt + more
    }
    StandardOutput.write(shown + "\n")
    return .text(text)
  }

  var endLeaves: Bool { false }
  func close() {}
}
