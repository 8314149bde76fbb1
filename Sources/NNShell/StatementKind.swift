/// Every statement of the language, with the table that describes it: synopsis, the
/// options it takes, and one line of help. The parser checks options against this table,
/// `help` prints it, and the line editor completes from it.
public enum StatementKind: String, CaseIterable, Sendable {
  case seed, data, load, normalize, split, net, layer, loss, initialize = "init", summary
  case `let`, set, show, forward, backward, explain, jacobian, grad, gradcheck
  case step, zerograd, optimizer, sample, train, `repeat`, evaluate, predict
  case plot, draw, save, assert, time, print, pause, source, vars, help, quit, format
  /// A bare expression: its value is printed.
  case expression = "<expression>"

  /// The statement named `word`, if there is one (`.expression` is never named).
  public init?(keyword word: String) {
    guard let k = StatementKind(rawValue: word), k != .expression else { return nil }
    self = k
  }

  /// The keywords a user can type.
  public static var keywords: [String] {
    allCases.filter { $0 != .expression }.map(\.rawValue)
  }

  public var spec: StatementSpec { StatementSpec.table[self] ?? StatementSpec(self, "", [], "") }
}

/// One row of the statement table.
public struct StatementSpec: Sendable {
  public let kind: StatementKind
  /// How it is written, e.g. `train epochs=N batch=B lr=α`.
  public let synopsis: String
  /// The option keys it accepts (`key=value`).
  public let options: [String]
  public let summary: String

  init(_ kind: StatementKind, _ synopsis: String, _ options: [String], _ summary: String) {
    self.kind = kind
    self.synopsis = synopsis
    self.options = options
    self.summary = summary
  }

  public static let table: [StatementKind: StatementSpec] = Dictionary(
    uniqueKeysWithValues: rows.map { ($0.kind, $0) })

  static let rows: [StatementSpec] = [
    .init(.seed, "seed N", [], "seed every random choice: same seed, same numbers"),
    .init(
      .data, "data NAME [n=N noise=σ classes=K] | data X Y", ["n", "noise", "classes"],
      "use a built-in data set, or matrices X (d×N) and Y (k×N) with samples as columns"),
    .init(
      .load, "load \"file.csv\" target=COL | load weights \"m.safetensors\"",
      ["target", "sep", "header", "drop", "classes", "as"], "load data or parameters from a file"),
    .init(.normalize, "normalize standard|minmax", [], "standardize features (statistics from the training part)"),
    .init(.split, "split FRACTION", ["stratify"], "split the data into a training and a test part (seeded)"),
    .init(.net, "net", [], "start a new, empty network"),
    .init(
      .layer, "layer dense [IN ->] OUT [ACTIVATION]", ["alpha"],
      "add a dense layer; activations: linear relu leaky_relu sigmoid tanh softmax"),
    .init(.loss, "loss mse|bce|ce", [], "choose the loss J"),
    .init(
      .initialize, "init he|xavier|normal|uniform|zeros", ["std", "a"],
      "initialise every W and b"),
    .init(.summary, "summary", [], "one row per layer: shapes, activation, parameter count"),
    .init(.let, "let NAME = EXPR", [], "bind a name to a value"),
    .init(.set, "set W1 = EXPR", [], "overwrite a parameter (shape-checked)"),
    .init(.show, "show NAME...", ["digits"], "print values with their shapes"),
    .init(
      .forward, "forward [x=X y=Y | sample K | batch A..B | all]", ["x", "y"],
      "run the forward pass, keeping every z, a, h and J"),
    .init(.backward, "backward", [], "compute every gradient of J (overwrites the previous ones)"),
    .init(.explain, "explain NAME", [], "the equation that produced a value, with its numbers"),
    .init(.jacobian, "jacobian A wrt B", [], "the Jacobian matrix ∂A/∂B"),
    .init(.grad, "grad F wrt X...", [], "the gradient of a scalar F with respect to each X"),
    .init(.gradcheck, "gradcheck", ["eps", "tol"], "numerical versus analytic gradients for every parameter"),
    .init(.step, "step [lr=α]", ["lr"], "one update θ := θ − α∇θJ"),
    .init(.zerograd, "zerograd", [], "clear the gradients"),
    .init(
      .optimizer, "optimizer sgd|momentum|adam", ["lr", "beta", "beta1", "beta2", "eps"],
      "choose the update rule"),
    .init(.sample, "sample", [], "pick one training example uniformly at random into x and y"),
    .init(
      .train, "train epochs=N batch=B lr=α", ["epochs", "batch", "lr", "quiet", "report"],
      "mini-batch gradient descent (batch=1 is SGD)"),
    .init(.repeat, "repeat N { … }", [], "run a block N times"),
    .init(.evaluate, "evaluate", [], "loss, accuracy and confusion matrix on the test part"),
    .init(.predict, "predict X", [], "the network's output for one input column (or a batch)"),
    .init(.plot, "plot loss|boundary|data|W1", ["to", "row", "as", "ascii"], "pictures in the terminal"),
    .init(.draw, "draw net", ["to", "ascii"], "draw the network"),
    .init(
      .save, "save \"m.safetensors\" | save grads \"g.safetensors\"", ["dtype"],
      "save parameters or gradients"),
    .init(
      .assert, "assert EXPR == EXPR [tol=ε] | assert A < B", ["tol"],
      "check a claim; a false assert is an error"),
    .init(.time, "time { … }", [], "run a block and print how long it took"),
    .init(.print, "print \"text\" [EXPR...]", [], "print text (narration)"),
    .init(.pause, "pause", [], "wait for Enter (only when interactive)"),
    .init(.source, "source \"file.nn\"", [], "run the statements of another file"),
    .init(.vars, "vars", [], "list every name in the session with its shape"),
    .init(.help, "help [TOPIC]", [], "help on a statement or topic"),
    .init(.quit, "quit", [], "leave nnsh"),
    .init(.format, "format digits=N", ["digits"], "how many significant digits values print with"),
    .init(.expression, "EXPR", [], "print the value of an expression"),
  ]
}
