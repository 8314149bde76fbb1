/// What a notebook front end (the Jupyter kernel) is given to show, beside the text its
/// `Console` receives. The kernel turns each call into one message: a result into
/// `execute_result`, a picture into `display_data` with `image/svg+xml` and a text
/// fallback, `train`'s progress into one display updated in place, a failure into the
/// cell's `error`.
///
///     interpreter.showResults(in: display)   // from then on, results go to `display`
public protocol NotebookDisplay: AnyObject {
  /// The value of a bare expression (`W1`, `v' * v`), as the shell prints it: the
  /// cell's `Out[n]`. Values that `show` prints are text on the console, like `print`'s.
  func showResult(_ text: String)
  /// A picture: the SVG document `to "f.svg"` would write, and the terminal's drawing.
  func showPicture(svg: String, text: String)
  /// `train`'s live line: the first call of a run shows it, later ones replace it.
  func showProgress(_ line: String)
  /// The run whose progress was shown has ended (finished or stopped).
  func endProgress()
  /// An error of the cell (each diagnostic of a script with syntax errors), or the
  /// interruption that stopped it.
  func showFailure(_ failure: NotebookFailure)
}

/// An error or an interruption, as a notebook shows it.
public struct NotebookFailure: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A located diagnostic (`In[3]:2:7: error: …`).
    case error
    /// Ctrl-C, or the notebook's interrupt, stopped a long statement.
    case interrupted
  }
  public var kind: Kind
  /// The first line: `In[3]:2:7: error: unknown name 'W9'`, or `interrupted: train stopped after epoch 3 of 10`.
  public var summary: String
  /// Every line, as the shell prints it: the summary, the quoted source line and the caret.
  public var lines: [String]

  public init(kind: Kind, summary: String, lines: [String]) {
    self.kind = kind
    self.summary = summary
    self.lines = lines
  }
}

extension Interpreter {
  /// Shows this session's results in a notebook from now on (see `NotebookDisplay`);
  /// text that is not a result (messages, tables, help) still goes to the console.
  public func showResults(in display: NotebookDisplay) {
    renderer = NotebookRenderer(console: console, display: display)
  }
}

/// Results for a notebook: values, pictures, failures and progress to the display, the
/// rest as the text renderer writes it, to the console. Pictures written to a file
/// (`to "f.svg"`) are written as in the shell. Colour is never used: a notebook shows
/// SVG for pictures and plain text for the rest.
final class NotebookRenderer: Renderer {
  let console: Console
  let display: NotebookDisplay
  private let text: TextRenderer
  /// The running `train`'s progress and when its line was last shown.
  private var training: (progress: TrainingProgress, start: Double, lastShown: Double)?
  /// A display update costs a message to every front end: a few a second are plenty.
  static let progressInterval = 0.25

  init(console: Console, display: NotebookDisplay) {
    self.console = console
    self.display = display
    text = TextRenderer(console: console)
  }

  /// The kind of the statement whose result is being shown.
  private var kind: StatementKind?

  func render(_ output: Output, of kind: StatementKind) throws {
    self.kind = kind
    defer { self.kind = nil }
    try render(output)
  }

  /// Batch events are wanted: they are what the one updating display shows.
  var drawsLiveProgress: Bool { true }

  func render(_ output: Output) throws {
    switch output {
    case .value(let v) where kind == .expression:
      display.showResult(v.format.laidOut(width: console.width).format(v.matrix, name: v.notation))
    case .picture(let picture) where picture.file == nil:
      let lines = try TextRenderer.terminalLines(of: picture, width: console.width, color: false)
      display.showPicture(svg: try picture.svg().text, text: lines.joined(separator: "\n"))
    case .report(let outputs):
      for o in outputs { try render(o) }
    case .diagnostic(let d) where d.severity == .error:
      let lines = d.rendered().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      display.showFailure(NotebookFailure(kind: .error, summary: lines.first ?? "", lines: lines))
    case .interrupted(let message):
      display.showFailure(NotebookFailure(kind: .interrupted, summary: message, lines: [message]))
    default:
      try text.render(output)
    }
  }

  func progress(_ event: ProgressEvent) {
    switch event {
    case .trainingBegan(let epochs, let samples, let digits):
      training = (TrainingProgress(epochs: epochs, samples: samples, digits: digits), Clock.now(), -Double.infinity)
    case .trainingBatch(let b):
      guard var t = training else { return }
      let now = Clock.now()
      guard now - t.lastShown >= NotebookRenderer.progressInterval || b.isLast else { return }
      t.lastShown = now
      training = t
      display.showProgress(t.progress.liveLine(b, seconds: now - t.start, width: console.width))
    case .trainingEnded:
      if training != nil { display.endProgress() }
      training = nil
    case .trainingEpoch, .gradcheckEntries, .iteration:
      break
    }
  }
}
