/// Every statement of the language, with the table that describes it: synopsis, the
/// options it takes, and one line of help. The parser checks options against this table,
/// `help` prints it, and the line editor completes from it.
public enum StatementKind: String, CaseIterable, Sendable {
  case seed, data, load, normalize, split, shuffle, net, layer, loss, initialize = "init", summary
  case `let`, set, show, forward, backward, explain, jacobian, grad, gradcheck
  case step, zerograd, optimizer, sample, train, `repeat`, evaluate, predict
  case plot, draw, save, export, assert, time, print, pause, source, vars, help, quit, format, limit
  case schedule
  case exercise
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
  /// One line a user can type, shown by `help NAME`.
  public let example: String

  init(_ kind: StatementKind, _ synopsis: String, _ options: [String], _ summary: String, _ example: String = "") {
    self.kind = kind
    self.synopsis = synopsis
    self.options = options
    self.summary = summary
    self.example = example
  }

  public static let table: [StatementKind: StatementSpec] = Dictionary(
    uniqueKeysWithValues: rows.map { ($0.kind, $0) })

  static let rows: [StatementSpec] = [
    .init(.seed, "seed N", [], "seed every random choice: same seed, same numbers", "seed 42"),
    .init(
      .data, "data NAME [n=N noise=σ classes=K] | data X Y", ["n", "noise", "classes"],
      "use a built-in data set, or matrices X (d×N) and Y (k×N) with samples as columns", "data spiral n=300 noise=0.1 classes=3"),
    .init(
      .load, "load \"file.csv\" target=COL [as test|validation] | load \"X.npy\" [\"y.npy\" [as test|validation] | as NAME] | load mnist \"DIR\" | load weights|model \"m.safetensors\" | load checkpoint \"c.safetensors\"",
      ["target", "sep", "header", "drop", "classes", "as"], "load data, an array, parameters or a checkpoint (help checkpoint) from a file; as test|validation: a part from its own file",
      "load \"train.csv\" target=species; load \"test.csv\" target=species as test"),
    .init(.normalize, "normalize standard|minmax", [], "standardize features (statistics from the training part)", "normalize standard"),
    .init(
      .split, "split TRAIN [VALIDATION]", ["stratify"],
      "split the data into training and test parts, or training, validation and test (seeded, stratified)", "split 0.7 0.15"),
    .init(.shuffle, "shuffle", [], "reorder the samples at random (seeded; each keeps its part)", "shuffle; show data 5"),
    .init(.net, "net", [], "start a new, empty network", "net"),
    .init(
      .layer, "layer dense [IN ->] OUT [ACTIVATION] | layer dropout P", ["alpha"],
      "add a dense layer (activations: linear relu leaky_relu sigmoid tanh softmax; an output layer may leave OUT to the data: layer dense softmax gives one unit per class, layer dense sigmoid on 2 classes one unit with y = 0/1), or inverted dropout after it",
      "layer dense 2 -> 16 relu; layer dropout 0.5"),
    .init(
      .loss, "loss mse|bce|ce [l2=λ] [l1=λ]", ["l2", "l1"],
      "choose the loss J; l2=/l1= add λ/2·Σ‖W‖² and λ·Σ|w| (weights only, not biases)", "loss ce l2=0.001"),
    .init(
      .initialize, "init he|xavier|normal|uniform|zeros", ["std", "a"],
      "initialise every W and b", "init normal std=0.1"),
    .init(.summary, "summary", [], "one row per layer: shapes, activation, parameter count", "summary"),
    .init(.let, "let NAME = EXPR", [], "bind a name to a value", "let z = W1 * x + b1"),
    .init(.set, "set W1 = EXPR", [], "overwrite a parameter, or entries of it: set W1[1, 2] = 0.5 (shape-checked)", "set W1 = [1 -1; 0.5 2; -1 0]"),
    .init(
      .show, "show NAME... | show data [N] | show optimizer", ["digits"],
      "print values with their shapes, N samples as a table, or the optimizer's state", "show a1 dW2 digits=8"),
    .init(
      .forward, "forward [x=X y=Y | sample K | batch A..B | all] [train=yes]", ["x", "y", "train"],
      "run the forward pass, keeping every z, a, h and J (train=yes: dropout on, masks in mask1 …)", "forward batch 1..8 train=yes"),
    .init(
      .backward, "backward [explain]", [],
      "compute every gradient of J (overwrites them); explain: one chain-rule step at a time",
      "forward sample 1; backward explain; show dW1"),
    .init(.explain, "explain NAME", [], "the equation that produced a value, with its numbers", "explain dW2"),
    .init(.jacobian, "jacobian A wrt B", [], "the Jacobian matrix ∂A/∂B: entry (i, k) is ∂vec(A)ᵢ/∂vec(B)ₖ, vec stacking columns (column-major, as Magnus & Neudecker: for z = W x, ∂z/∂W = xᵀ ⊗ I)", "jacobian a2 wrt z2"),
    .init(.grad, "grad F wrt X...", [], "the gradient of a scalar F with respect to each X", "let f = 3 * x1^2 * x2; grad f wrt x1 x2"),
    .init(.gradcheck, "gradcheck", ["eps", "tol"], "numerical versus analytic gradients for every parameter", "forward sample 1; gradcheck"),
    .init(.step, "step [explain] [lr=α]", ["lr"], "one update θ := θ − α∇θJ (explain: every term of the rule)", "step explain lr=0.1"),
    .init(.zerograd, "zerograd", [], "clear the gradients", "zerograd"),
    .init(
      .optimizer, "optimizer sgd|momentum|adam|adamw [lr=α] [weight_decay=λ]", ["lr", "beta", "beta1", "beta2", "eps", "weight_decay"],
      "choose the update rule (help optimizer: every rule and default)", "optimizer adamw lr=0.001 weight_decay=0.01"),
    .init(.sample, "sample", [], "pick one training example uniformly at random into x and y", "sample; forward; backward; step"),
    .init(
      .train, "train epochs=N batch=B lr=α [l2=λ l1=λ clip=N patience=P min_delta=δ dtype=f32]",
      ["epochs", "batch", "lr", "quiet", "report", "l2", "l1", "clip", "patience", "min_delta", "dtype"],
      "mini-batch gradient descent (batch=1 is SGD); l2/l1 penalties and clip= for this run; patience= stops when the validation loss stops improving; dtype=f32 computes in float32 (faster on large layers; the last digits differ from float64, deterministic for a thread count; gradcheck, explain and the session stay float64; not for tiny nets or exact comparisons: help dtype)",
      "split 0.7 0.15; train epochs=200 lr=0.1 l2=0.001 clip=5 patience=10"),
    .init(.repeat, "repeat N { … }", [], "run a block N times", "repeat 1000 { sample; forward; backward; step }"),
    .init(.evaluate, "evaluate [train|validation|test|all]", [], "loss, accuracy and confusion matrix (regression: MSE, R²)", "split 0.8; train epochs=50 quiet=yes; evaluate; assert accuracy > 0.9"),
    .init(.predict, "predict X", [], "the output and class of each input column", "predict [5.1; 3.5; 1.4; 0.2]"),
    .init(.plot, "plot loss|boundary|data|lr|W1", ["to", "row", "as", "ascii", "height", "log"], "pictures in the terminal", "plot W1 row=5 as \"8x8\" to \"w1.svg\""),
    .init(
      .draw, "draw net | draw graph F [to \"g.svg\" | to \"g.dot\"]", ["to", "ascii"],
      "draw the network, or the graph of F with values and gradients",
      "let x1 = 2; let x2 = 3; let f = 3 * x1^2 * x2; grad f wrt x1 x2; draw graph f"),
    .init(
      .save, "save \"m.safetensors\" | save grads \"g.safetensors\" | save X \"X.npy\" | save session \"s.nn\" | save torch \"DIR\" | save checkpoint \"c.safetensors\"",
      ["dtype"],
      "save the model or the gradients (safetensors), a value (NumPy), a PyTorch module, a checkpoint (help checkpoint)", "save \"m.safetensors\" dtype=f32"),
    .init(
      .export, "export torch \"DIR\" | export onnx \"m.onnx\" [dtype=f32]", ["dtype"],
      "a PyTorch module (model.py, model.safetensors, a README, and train.py: help torch), or an ONNX model (float64, or dtype=f32) for onnxruntime",
      "export onnx \"model.onnx\""),
    .init(
      .assert, "assert EXPR == EXPR [tol=ε] | assert A < B", ["tol"],
      "check a claim; a false assert is an error", "assert J < J0"),
    .init(.time, "time { … }", [], "run a block and print how long it took", "time { train epochs=10 quiet=yes }"),
    .init(.print, "print \"text\" [EXPR...]", [], "print text (narration)", "print \"loss is\" J"),
    .init(
      .pause, "pause [\"message\"]", [],
      "print the message, then wait for Enter (only when interactive); in nnsh learn, a prompt in the lesson's session",
      "pause \"look at a1\""),
    .init(.source, "source \"file.nn\"", [], "run the statements of another file", "source \"setup.nn\""),
    .init(.vars, "vars", [], "list every name in the session with its shape", "vars"),
    .init(.help, "help [TOPIC]", [], "help on a statement or topic", "help train"),
    .init(.quit, "quit", [], "leave nnsh", "quit"),
    .init(.format, "format digits=N", ["digits"], "how many significant digits values print with", "format digits=8"),
    .init(
      .limit, "limit [memory=SIZE]", ["memory"],
      "the memory budget per matrix (2G, 500M, default); alone, prints every limit", "limit memory=2G"),
    .init(
      .schedule, "schedule step every=N gamma=γ | exponential gamma=γ | cosine [min=α] | warmup epochs=N | none",
      ["every", "gamma", "min", "epochs"], "the learning rate of each epoch of train (help schedule)", "schedule cosine min=0.001"),
    .init(
      .exercise, "exercise \"task\" answer=EXPR solution=\"EXPR\" [hint=\"…\"] [tol=ε]", ["answer", "solution", "hint", "tol"],
      "ask the learner for a value (nnsh learn); unattended, check that the solution gives the answer",
      "exercise \"Compute z1 from W1, x and b1\" answer=z1 solution=\"W1 * x + b1\" hint=\"z[1] = W[1] x + b[1]\""),
    .init(.expression, "EXPR", [], "print the value of an expression", "W1' * x"),
  ]

  /// `help NAME` as text (the synopsis, what it does, its options, an example; see
  /// `TextRenderer.text(_: StatementSpec)`).
  public var page: String { TextRenderer.text(self) }

  /// `help` and `nnsh --help`: one line per statement (long synopses on their own line).
  public static func overview() -> String {
    TextRenderer.overview(StatementKind.allCases.filter { $0 != .expression }.map(\.spec))
  }
}
