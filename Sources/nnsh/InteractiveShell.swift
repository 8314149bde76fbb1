import NNShell

/// The interactive loop: read a statement (continuing while brackets are open), run it,
/// report errors, and go on.
struct InteractiveShell {
  func run() -> Int32 {
    let console = StandardConsole(interactive: true)
    let interpreter = Interpreter(console: console)
    console.write("\(NnshVersion.string) — type 'help' for the statements, 'quit' or Ctrl-D to leave\n")
    while true {
      console.write("nnsh> ")
      console.flush()
      guard var text = readLine() else {
        console.write("\n")
        return 0
      }
      while Parser.needsMoreInput(text) {
        console.write("...> ")
        console.flush()
        guard let more = readLine() else { break }
        text += "\n" + more
      }
      if interpreter.run(SourceText(name: "<stdin>", text: text)) == .quit { return 0 }
    }
  }
}
