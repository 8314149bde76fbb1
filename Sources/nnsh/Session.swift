import NNShell

/// Running a whole piece of source non-interactively.
enum Session {
  static func runText(_ text: String, name: String, trace: Bool) -> Interpreter.Outcome {
    let console = StandardConsole(interactive: false)
    let interpreter = Interpreter(console: console, fileVersion: NnshVersion.number)
    interpreter.trace = trace
    let outcome = interpreter.run(SourceText(name: name, text: text))
    console.flush()
    return outcome
  }

  static func readStandardInput() -> String {
    var lines: [String] = []
    while let line = readLine(strippingNewline: false) { lines.append(line) }
    return lines.joined()
  }
}
