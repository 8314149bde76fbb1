import NNEngine

/// What a statement produces for the person who ran it: a value, a table, a report, a
/// picture or a message. Handlers return one (`Interpreter.dispatch` hands it to the
/// session's `Renderer`) instead of writing text, so the same result can be shown as
/// terminal text, written as SVG, or, later, shown in a notebook.
///
///     show W1        →  .value(ShownValue(name: "W1", notation: "W[1]", matrix: …))
///     gradcheck      →  .gradcheck(GradcheckReport(rows: …, passed: true, …))
///     plot loss      →  .picture(Picture(…))
///
/// Statements inside `repeat`/`time` blocks that only report what they did return nil
/// there (`isChatty`), so a loop builds no results it would not show. The enum is
/// `indirect`, one pointer wide: returning "no result" from every statement of a loop
/// then costs a word, not a copy of the largest payload.
indirect enum Output {
  /// A matrix with its name and notation (`W1`, shown as `W[1] (2×3)` and its rows).
  case value(ShownValue)
  /// Lines worded by the statement (`split: 120 training, 30 test samples`); the
  /// renderer ends the text with a newline.
  case message(String)
  /// Text already laid out (a help page, a matrix body); written as it is.
  case text(String)
  /// Columns aligned by the renderer.
  case table(Table)
  /// What `train` reports when it finishes.
  case training(TrainingReport)
  /// What `gradcheck` found, parameter by parameter.
  case gradcheck(GradcheckReport)
  /// A drawing: lines for a terminal, or an SVG document for `to "f.svg"`.
  case picture(Picture)
  /// Several results, shown in order.
  case report([Output])
  /// A warning or an error about the source, kept structured (severity, message, the span
  /// with its source line, notes): the text renderer writes it to standard error as
  /// `FILE:LINE:COL: warning: …` with the line and carets; a notebook shows it as an error.
  case diagnostic(Diagnostic)
  /// Ctrl-C stopped a long statement; the message says where (`interrupted: train
  /// stopped after epoch 3 of 10`). Written to standard error.
  case interrupted(String)
  /// What `help` shows: a statement's page, the list of statements, or a topic.
  case help(HelpPage)
  /// `show data N`: the first samples of the data set, laid out to the renderer's width.
  case dataSample(DataSample)
  /// `explain`: an equation with its operands and result.
  case explanation(Explanation)
  /// A lesson's own words (`print` in `nnsh learn`): plain text, set apart from results.
  case narration(String)
  /// A statement of a lesson echoed as if typed (`› forward` on a terminal, `nnsh> forward` in a pipe).
  case echo(String)
  /// A claim that held, with what it proved (`✓ J < J0  (0.0123 < 0.4567)`), in `nnsh learn`.
  case assertion(String)
  /// An exercise's answer that is not right yet, with what is wrong (`✗ expected a 4×1 column …`).
  case mistake(String)
}

/// A matrix as a statement shows it.
struct ShownValue {
  /// The name as written (`W1`, `x`, `ans`).
  var name: String
  /// The name as the notes write it (`W[1]`), or `name` itself.
  var notation: String
  var matrix: Matrix
  /// The session's number format when the value was shown (`show W1 digits=8` changes
  /// it for one statement).
  var format: MatrixFormatter
}

/// Rows of cells, cells padded to their column's width and separated by one space.
struct Table {
  enum Alignment: Sendable { case left, right }
  /// The first row is the header, if the table has one.
  var rows: [[String]]
  /// One per column; missing ones are `.left`.
  var alignments: [Alignment] = []
  /// Every column as wide as the widest cell of the whole table (a confusion matrix).
  var equalWidths = false
  /// What each line starts with.
  var indent = "  "
  /// The rows after which a rule (`─────`) as wide as the table is drawn.
  var rulesAfter: [Int] = []
  /// What stands between two cells.
  var separator = " "
}
