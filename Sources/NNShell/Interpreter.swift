#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData
import NNEngine

/// Runs nnsh statements against one session: the variables, the network, the optimizer,
/// the data, the random generator.
///
/// A script is parsed whole first; if any statement has a syntax error, every error is
/// reported and nothing runs. Statements then run in order; the first runtime error is
/// reported as `FILE:LINE:COL: error: …` and stops the script. Errors and warnings are
/// results like any other (`Output.diagnostic`): the renderer writes them (the text
/// renderer to standard error). Each statement either
/// completes or leaves the session as it was before it: statements check everything
/// they can before they change anything (and the few that change things as they go —
/// `train`, `repeat` — stop only between whole updates).
///
///     let shell = Interpreter(console: StandardConsole())
///     shell.run(SourceText(name: "<stdin>", text: "let x = [1; 2]\nx' * x"))
public final class Interpreter {
  public let console: Console
  /// Where results and progress are shown (see `Renderer`): the console's text by default.
  var renderer: Renderer
  /// `--trace`: echo each top-level statement, with its line number, before its output.
  public var trace = false
  /// `nnsh learn`: echo each top-level statement as if typed at the prompt (`nnsh> …`),
  /// except the narration (`print`, `pause`), so a walkthrough reads like a session.
  public var echoStatements = false
  /// Polled between batches and iterations; true once the user pressed Ctrl-C.
  public var shouldStop: () -> Bool = { false }
  /// Called when a long statement notices `shouldStop`, to clear the request.
  public var acknowledgeStop: () -> Void = {}
  /// `nnsh learn`: called at each `pause` with its number in the run (1, 2, …), so the
  /// learner can explore the session there; `.leave` ends the run as `quit` does.
  public var pauseHandler: ((Int) -> LessonAction)?
  /// `nnsh learn`: called at each `exercise` to ask the learner (see `respond(to:in:)`).
  public var exerciseHandler: ((inout ExerciseProgress) -> LessonAction)?
  /// How many pauses this session has reached.
  var pausesReached = 0

  // MARK: Session state

  /// User variables (`let`), including `x` and `y`, each with the autodiff node it was
  /// computed as, so `grad` and `jacobian` can follow it back.
  var variables: [String: Variable] = [:]
  /// Every top-level statement that completed, in order, for `save session`.
  var sessionLog: [Statement] = []
  /// How each variable computed by an expression was computed, for `explain`.
  var definitions: [String: Definition] = [:]
  var network = Network()
  /// The initialiser for new layers; `init` changes it and re-initialises every layer.
  var initializer: Initializer? = nil
  var optimizer = Optimizer(.sgd, learningRate: 0.01)
  var lossHistory: [Double] = []
  var testLossHistory: [Double] = []
  var passLossHistory = PassLossHistory()
  /// The learning-rate schedule `train` follows (`schedule …`), and the rate of every
  /// epoch trained, for `plot lr`.
  var schedule = Schedule()
  var rateHistory: [Double] = []
  /// Where the last `train` left the schedule and the sample order (for `save checkpoint`),
  /// and what `load checkpoint` hands on to the next `train` (`Interpreter+Checkpoint.swift`).
  var trainingPosition = TrainingPosition()
  var pendingResume: TrainingPosition?
  /// The validation loss of every epoch (NaN where not computed or there was no validation part).
  var validationLossHistory: [Double] = []
  var dataset: Dataset?
  /// The set-up of the last `train` that finished, for `export torch`'s train.py.
  var lastTraining: TorchTrainingSetup?
  var generator = RandomGenerator(seed: 0)
  var formatter = MatrixFormatter()
  /// Bumped whenever a parameter changes, so cached autodiff leaves are not reused.
  var parameterVersion = 0
  var parameterLeaves: [(W: Variable, b: Variable)]? = nil
  var parameterLeavesVersion = -1
  var forwardRecord: ForwardRecord?
  /// What the last `grad F wrt …` found for every node of F, for `draw graph F`.
  var lastGradient: GradientRecord?
  /// The files being `source`d, innermost last, to refuse cycles.
  var sourceStack: [String] = []
  /// How deep blocks and sources are nested (silences chatty statements inside loops).
  var blockDepth = 0

  /// What the last `forward` ran on, to rebuild its autodiff graph on demand. The values
  /// themselves stay in the network's buffers; the graph can be rebuilt only while the
  /// parameters are still those of the pass (no copy of them is kept: `step` in a loop
  /// would otherwise copy every parameter on every iteration).
  struct ForwardRecord {
    var x: Variable
    var y: Variable?
    var parameterVersion: Int
    var graph: NetworkGraph?
  }

  /// The session's memory budget: every matrix alive in the session is charged to it, and
  /// every limit derived from memory (the largest matrix, a value's history) is read from it.
  public let memory: MemoryBudget
  /// The version written into saved files (the `nnsh` metadata key, the header of
  /// `save session`): the executable's own.
  public let fileVersion: String

  public init(console: Console, memory: MemoryBudget = MemoryBudget(), fileVersion: String = "0.1.0") {
    self.console = console
    self.memory = memory
    self.fileVersion = fileVersion
    renderer = TextRenderer(console: console)
    formatter.width = console.width
  }

  /// How a run ended.
  public enum Outcome: Equatable, Sendable {
    case completed
    /// A syntax or runtime error was reported.
    case failed
    /// `quit` ran.
    case quit
  }

  /// Parses and runs a whole piece of source. Errors are printed to the console.
  @discardableResult
  public func run(_ source: SourceText) -> Outcome {
    // This session's budget while it runs (its literals, values, temporaries), and the
    // thread's previous one after: another session on this thread keeps its own.
    let previous = MemoryBudget.install(memory)
    defer { MemoryBudget.current = previous }
    // Checked whole first, then parsed again as it runs: a large script's statements
    // are never all held at once.
    let parsed = Parser.diagnose(source)
    for d in parsed.diagnostics { report(.diagnostic(d)) }
    if parsed.hasErrors { return .failed }
    // A script file is the first link of any `source` chain, so a file that sources
    // itself is a cycle at once.
    let isFile = !source.name.hasPrefix("<") && access(source.name, F_OK) == 0
    if isFile { sourceStack.append(source.name) }
    defer { if isFile { sourceStack.removeLast() } }
    return execute(Parser.statements(of: source))
  }

  /// Runs parsed statements, stopping at the first error.
  func execute(_ statements: some Sequence<Statement>) -> Outcome {
    let previous = MemoryBudget.install(memory)  // as in `run`: these statements are this session's
    defer { MemoryBudget.current = previous }
    for statement in statements {
      do {
        if trace && blockDepth == 0 {
          try renderer.render(.message("\(statement.span.start.line) > \(statementText(statement))"))
        } else if echoStatements && blockDepth == 0 && ![.print, .pause, .exercise].contains(statement.kind) {
          // An exercise is not echoed: its text holds the solution.
          try renderer.render(.echo(statementText(statement)))
        }
        try execute(statement)
        if blockDepth == 0 { sessionLog.append(statement) }
        console.flush()
      } catch let signal as ControlSignal {
        console.flush()
        switch signal {
        case .quit: return .quit
        case .interrupted(let message):
          report(.interrupted(message))
          // In a lesson (`nnsh learn`) the learner stopped one long statement, as Ctrl-C
          // does in the shell: the lesson goes on with the next one.
          if pauseHandler != nil { continue }
          return .failed
        }
      } catch let d as Diagnostic {
        console.flush()
        report(.diagnostic(d))
        return .failed
      } catch {
        console.flush()
        report(.diagnostic(Diagnostic.error(Interpreter.message(for: error), at: statement.span)))
        return .failed
      }
    }
    return .completed
  }

  /// The source text of a statement (all its lines), for `--trace`.
  func statementText(_ s: Statement) -> String {
    if s.span.start.line == s.span.end.line { return String(s.span.text) }
    let lines = (s.span.start.line...s.span.end.line).map { s.span.source.line($0) }
    return lines.joined(separator: "\n")
  }

  /// Non-error ways out of a statement.
  enum ControlSignal: Error {
    case quit
    /// Ctrl-C stopped a long statement; the message says where.
    case interrupted(String)
  }

  /// True at the top level, false inside `repeat`/`time` blocks: statements such as
  /// `forward` and `step` report what they did only where a person reads each one.
  var isChatty: Bool { blockDepth == 0 }

  /// Hands a diagnostic or an interruption to the renderer. Rendering these makes no
  /// picture and writes no file, so it does not fail; a renderer that throws anyway (a
  /// front end's own) has nothing to report it to but itself, so its error is dropped.
  func report(_ output: Output) {
    try? renderer.render(output)
  }

  /// A runtime error at `span`.
  func error(_ message: String, at span: SourceSpan) -> Diagnostic {
    Diagnostic.error(message, at: span)
  }

  /// Bumps the parameter version: cached leaves and graphs over old parameters are stale.
  func parametersChanged() {
    parameterVersion &+= 1
    parameterLeaves = nil
  }

  /// Starts a new, empty network (`net`), keeping the loss.
  func resetNetwork(loss: Loss? = nil) {
    let regularization = network.regularization
    network = Network(loss: loss ?? network.loss)
    network.regularization = regularization
    optimizer.reset()
    lossHistory = []
    testLossHistory = []
    passLossHistory.removeAll()
    rateHistory = []
    validationLossHistory = []
    trainingPosition = TrainingPosition()
    pendingResume = nil
    forwardRecord = nil
    parametersChanged()
  }
}
