import LineEditor
import NNShell

/// One lesson of `nnsh learn`, run in its own session with the learner at each stop.
///
/// Each `pause` is a prompt in the lesson's session, `learn 6 · 3/12> ` (lesson · pause
/// / pauses): any statement runs there (`show a1`, `explain dW2`, `set W1[1,1] = 0.5`
/// then `forward`), an error is shown and changes nothing, an empty line goes on,
/// `back` returns to the previous pause and `quit` (or Ctrl-D) leaves with status 0.
/// Each `exercise` prompts `learn 6 · exercise> ` for an expression until it is right
/// (`Interpreter.respond`). `back` rebuilds the session: the lesson is run again from the
/// start, silently, up to the pause before, which is as good as going back because a
/// lesson is deterministic (it seeds what it draws). What the learner typed stays in the
/// history either way.
final class LearnSession {
  let text: String
  let name: String
  /// `learn 6`, or `learn my.nn`: the prompt's first part.
  let label: String
  let console = LessonConsole()
  let input: LessonInput
  /// The pauses the lesson has (a pause inside a loop counts once).
  let pauseCount: Int
  /// Whether the first prompt said what can be typed at it (once per lesson, not per `back`).
  var toldHowToGoOn = false

  /// What the learner asked for at a stop.
  enum Choice { case resume, back, quit }

  init(text: String, name: String, label: String) {
    self.text = text
    self.name = name
    self.label = label
    pauseCount = LearnSession.pauses(in: Parser.statements(of: SourceText(name: name, text: text)))
    input = LearnSession.makeInput(color: console.useColor, names: { [] })
  }

  /// Line editing at a terminal; lines as they come from a pipe, or where libedit cannot start.
  static func makeInput(color: Bool, names: @escaping () -> [String]) -> LessonInput {
    guard Terminal.stdinIsTerminal else { return PipedLessonInput() }
    return TerminalLessonInput(color: color, names: names) ?? PipedLessonInput()
  }

  static func pauses(in statements: some Sequence<Statement>) -> Int {
    statements.reduce(0) { $0 + ($1.kind == .pause ? 1 : 0) + ($1.block.map { pauses(in: $0) } ?? 0) }
  }

  /// Runs the lesson (again after each `back`); the exit status.
  func run() -> Int32 {
    var target = 0
    while true {
      let run = LessonRun(session: self, replayingTo: target)
      let outcome = run.interpreter.run(SourceText(name: name, text: text))
      console.muted = false
      console.flush()
      if let back = run.backTo {
        target = back
        continue
      }
      input.close()
      return outcome == .failed ? 1 : 0
    }
  }
}

/// One run of a lesson's script: its interpreter, and where the learner asked to go.
final class LessonRun {
  unowned let session: LearnSession
  let interpreter: Interpreter
  /// Pauses before this one are replayed silently (`back`).
  let target: Int
  /// The pause `back` asked for (0: the start), once the learner said `back`.
  var backTo: Int?
  /// The last pause reached, where `back` at an exercise returns.
  var lastPause = 0

  init(session: LearnSession, replayingTo target: Int) {
    self.session = session
    self.target = target
    interpreter = Interpreter(console: session.console, fileVersion: NnshVersion.number)
    interpreter.echoStatements = true
    interpreter.shouldStop = { Interrupt.requested }
    interpreter.acknowledgeStop = { Interrupt.clear() }
    session.console.muted = target > 0
    if let terminal = session.input as? TerminalLessonInput {
      terminal.reader.names = { [unowned interpreter] in interpreter.namesInScope }
    }
    interpreter.pauseHandler = { [unowned self] k in self.pause(k) }
    interpreter.exerciseHandler = { [unowned self] p in self.exercise(&p) }
  }

  var replaying: Bool { session.console.muted }

  func pause(_ k: Int) -> LessonAction {
    lastPause = k
    if k < target { return .resume }
    if k == target {
      session.console.muted = false
      session.console.write("(back at pause \(k) of \(session.pauseCount))\n")
    }
    let prompt = "\(session.label) · " + (k <= session.pauseCount ? "\(k)/\(session.pauseCount)" : "\(k)") + "> "
    if !session.toldHowToGoOn && session.input is TerminalLessonInput {
      session.toldHowToGoOn = true
      session.console.write("(any statement runs here; Enter goes on, 'back' steps back, 'quit' leaves)\n")
    }
    return act(on: explore(prompt: prompt))
  }

  func exercise(_ p: inout ExerciseProgress) -> LessonAction {
    if replaying { return .resume }
    let prompt = "\(session.label) · exercise> "
    let input = session.input
    while true {
      switch input.read(prompt: prompt) {
      case .text(let line):
        let word = LessonRun.words(line)
        if word.isEmpty { continue }
        if word == "back" { return act(on: .back, to: lastPause) }
        if word == "quit" { return .leave }
        switch interpreter.respond(to: line, in: &p) {
        case .done: return .resume
        case .again: continue
        case .statement: if runTyped(line) == .quit { return .leave }
        }
      case .abandoned: continue
      case .endOfFile:
        if input.endLeaves { return .leave }
        interpreter.showSolution(p)
        return .resume
      case .terminated: return .leave
      }
    }
  }

  /// The learner's statements at a pause until they go on, step back or leave.
  func explore(prompt: String) -> LearnSession.Choice {
    let input = session.input
    while true {
      switch input.read(prompt: prompt) {
      case .text(let line):
        let word = LessonRun.words(line)
        if word.isEmpty { return .resume }
        if word == "back" { return .back }
        if word == "quit" { return .quit }
        if runTyped(line) == .quit { return .quit }
      case .abandoned: continue
      case .endOfFile: return input.endLeaves ? .quit : .resume
      case .terminated: return .quit
      }
    }
  }

  /// The line's words, one space apart: what `back` and `quit` are recognised by.
  static func words(_ line: String) -> String {
    line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }

  func act(on choice: LearnSession.Choice, to back: Int? = nil) -> LessonAction {
    switch choice {
    case .resume: return .resume
    case .quit: return .leave
    case .back:
      backTo = back ?? max(0, lastPause - 1)
      return .leave
    }
  }

  /// A statement typed at a stop: run in the lesson's session, not echoed (it was typed).
  func runTyped(_ line: String) -> Interpreter.Outcome {
    interpreter.echoStatements = false
    defer { interpreter.echoStatements = true }
    Interrupt.clear()
    let outcome = interpreter.run(SourceText(name: "<stdin>", text: line))
    session.console.flush()
    return outcome
  }
}
