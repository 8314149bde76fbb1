import LineEditor
import NNShell
import ShellCompletion

/// `complete_request`, `inspect_request` and `is_complete_request`: the shell's own
/// completion, help and continuation rule, answered for a notebook cell.
extension Kernel {
  /// Tab: the shell's completion (`LanguageCompleter` over the statement grammar and the
  /// session's names) of the text before the cursor. Cursor positions count Unicode
  /// code points, as protocol 5.2 and later say.
  func complete(code: String, cursor: Int?) -> JSONObject {
    let scalars = Array(code.unicodeScalars)
    let position = min(max(0, cursor ?? scalars.count), scalars.count)
    let before = String(String.UnicodeScalarView(scalars[..<position]))
    let after = String(String.UnicodeScalarView(scalars[position...]))
    let completer = LanguageCompleter(vocabulary: .nnsh(names: interpreter.namesInScope))
    let found = completer.complete(before: before, after: after)
    return [
      "status": "ok", "matches": found.candidates.map(\.text),
      "cursor_start": position - found.word.unicodeScalars.count, "cursor_end": position,
      "metadata": [:] as JSONObject,
    ]
  }

  /// Shift-Tab: `help NAME` for the word at the cursor (a statement, a help topic, or
  /// `help functions` for a function), as the shell prints it.
  func inspect(code: String, cursor: Int?) -> JSONObject {
    let word = Kernel.word(in: code, at: cursor)
    guard !word.isEmpty,
      let text = Kernel.help(word) ?? (Interpreter.functionNames.contains(word) ? Kernel.help("functions") : nil)
    else {
      return ["status": "ok", "found": false, "data": [:] as JSONObject, "metadata": [:] as JSONObject]
    }
    return ["status": "ok", "found": true, "data": ["text/plain": text] as JSONObject, "metadata": [:] as JSONObject]
  }

  /// The help page of a topic, from a session of its own (help changes nothing, but the
  /// notebook's session should not even log it); nil when there is none.
  static func help(_ topic: String) -> String? {
    let console = CapturingConsole()
    let scratch = Interpreter(console: console)
    guard scratch.run(SourceText(name: "<inspect>", text: "help \(topic)")) == .completed else { return nil }
    return console.output
  }

  /// The name around the cursor (letters, digits, `_`): `tra|in` → `train`.
  static func word(in code: String, at cursor: Int?) -> String {
    let scalars = Array(code.unicodeScalars)
    let position = min(max(0, cursor ?? scalars.count), scalars.count)
    func isNamePart(_ s: Unicode.Scalar) -> Bool { s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) }
    var start = position
    while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
    var end = position
    while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
    return String(String.UnicodeScalarView(scalars[start..<end]))
  }

  /// Whether `jupyter console` should run the text or read another line: incomplete
  /// while a `{`, `[` or `(` is open (the shell's continuation rule); invalid when it
  /// has a syntax error more lines cannot fix; complete otherwise.
  func isComplete(_ code: String) -> JSONObject {
    if Parser.needsMoreInput(code) { return ["status": "incomplete", "indent": "  "] }
    if Parser.diagnose(SourceText(name: "<cell>", text: code)).hasErrors { return ["status": "invalid"] }
    return ["status": "complete"]
  }
}
