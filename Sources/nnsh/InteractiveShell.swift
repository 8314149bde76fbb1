#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import LineEditor
import NNData
import NNEngine
import NNShell
import ShellCompletion

/// The interactive loop on a terminal: read a statement with line editing (continuing
/// with `...> ` while a bracket is open), run it, report errors, and go on. Ctrl-C
/// abandons the line at the prompt and stops `train` or `repeat` at the next boundary
/// while they run; Ctrl-D on an empty line, `quit`, SIGTERM and SIGHUP end the session,
/// with the history saved.
///
///     nnsh> let a = [1 2; 3 4]
///     nnsh> repeat 2 {
///     ...>   show a
///     ...> }
struct InteractiveShell {
  static let prompt = "nnsh> "

  /// `nnsh> `, or `nnsh[2-3-4-1]> ` once the network has layers: its shape at a glance.
  static func prompt(for interpreter: Interpreter) -> String {
    guard let shape = interpreter.networkShape else { return prompt }
    return "nnsh[\(shape)]> "
  }
  static let continuationPrompt = "...> "

  func run() -> Int32 {
    // Line editing needs a terminal on both sides; anything else is a script.
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      let outcome = Session.runText(Session.readStandardInput(), name: "<stdin>", trace: false)
      return outcome == .failed ? 1 : 0
    }
    let status = runSession()
    if let signal = Interrupt.terminationSignal { Interrupt.endProcess(by: signal) }
    return status
  }

  /// The session itself; the editor is gone (terminal restored) when this returns.
  private func runSession() -> Int32 {
    let console = StandardConsole(interactive: true)
    let interpreter = Interpreter(console: console, fileVersion: NnshVersion.number)
    interpreter.shouldStop = { Interrupt.requested }
    interpreter.acknowledgeStop = { Interrupt.clear() }
    guard
      let editor = LineEditor(
        programName: "nnsh", historyFile: HistoryFile.path(programName: "nnsh"))
    else {
      console.writeError("nnsh: warning: line editing is not available on this terminal\n")
      return Session.runText(Session.readStandardInput(), name: "<stdin>", trace: false) == .failed ? 1 : 0
    }
    let reader = StatementReader(editor: editor, color: console.useColor) { interpreter.namesInScope }
    console.write("\(NnshVersion.string) — type 'help' for the statements, 'quit' or Ctrl-D to leave\n")
    console.flush()
    while true {
      let text: String
      switch reader.read(prompt: InteractiveShell.prompt(for: interpreter)) {
      case .text(let line): text = line
      case .abandoned: continue
      case .endOfFile:
        console.write("\n")
        editor.saveHistory()
        return 0
      case .terminated:
        editor.saveHistory()
        return 0
      }
      if !text.contains(where: { !$0.isWhitespace }) { continue }
      Interrupt.clear()
      let outcome = interpreter.run(SourceText(name: "<stdin>", text: text))
      console.flush()
      if outcome == .quit || Interrupt.terminationSignal != nil {
        editor.saveHistory()
        return 0
      }
    }
  }

  /// The prompt in bold when colour is on; `\u{1}` marks the escapes for libedit so
  /// they take no room on the line.
  static func styled(_ prompt: String, color: Bool) -> String {
    guard color else { return prompt }
    let trimmed = prompt.hasSuffix(" ") ? String(prompt.dropLast()) : prompt
    let space = prompt.hasSuffix(" ") ? " " : ""
    return "\u{1}\u{1B}[1;36m\u{1}" + trimmed + "\u{1}\u{1B}[0m\u{1}" + space
  }

  /// The language's words for tab completion, from the statement grammar.
  static func vocabulary() -> CompletionVocabulary { .nnsh() }
}
