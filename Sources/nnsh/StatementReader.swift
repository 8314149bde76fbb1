import LineEditor
import NNShell

/// What reading one statement at a prompt gave.
enum StatementInput: Equatable {
  /// The text (several lines when a bracket was open), possibly blank.
  case text(String)
  /// Ctrl-C, or Ctrl-D inside an open block: the line or block was dropped.
  case abandoned
  /// Ctrl-D on an empty line (or the terminal went away).
  case endOfFile
  /// SIGTERM or SIGHUP.
  case terminated
}

/// Reads one statement at a terminal with line editing: the first line at `prompt`,
/// more at `...> ` while a `{`, `[` or `(` is open, with tab completion from the
/// statement grammar and the session's names, and each statement kept in the history.
/// The interactive shell and `nnsh learn`'s pauses read through it alike.
final class StatementReader {
  let editor: LineEditor
  let color: Bool
  /// The lines of a block typed so far, so completion on a continuation line knows
  /// which brackets are open.
  private var pending = ""
  /// The session's names, offered where a name may stand.
  var names: () -> [String]

  init(editor: LineEditor, color: Bool, names: @escaping () -> [String]) {
    self.editor = editor
    self.color = color
    self.names = names
    var completer = LanguageCompleter(vocabulary: InteractiveShell.vocabulary())
    editor.completer = { [unowned self] before, after in
      completer.vocabulary.names = self.names()
      return completer.complete(before: self.pending.isEmpty ? before : self.pending + "\n" + before, after: after)
    }
  }

  func read(prompt: String) -> StatementInput {
    pending = ""
    defer { pending = "" }
    var text: String
    switch editor.readLine(prompt: InteractiveShell.styled(prompt, color: color)) {
    case .line(let line): text = line
    case .interrupted: return .abandoned
    case .endOfFile: return .endOfFile
    case .terminated: return .terminated
    }
    while Parser.needsMoreInput(text) {
      pending = text
      switch editor.readLine(prompt: InteractiveShell.styled(InteractiveShell.continuationPrompt, color: color)) {
      case .line(let more): text += "\n" + more
      case .interrupted: return .abandoned
      case .endOfFile:
        // Ctrl-D inside a block abandons the block, not the session.
        StandardOutput.write("\n")
        return .abandoned
      case .terminated: return .terminated
      }
    }
    if text.contains(where: { !$0.isWhitespace }) { editor.addHistory(text) }
    return .text(text)
  }
}
