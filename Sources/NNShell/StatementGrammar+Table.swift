import NNData
import NNEngine

/// The grammar of every statement: its words with their alternatives, its positional
/// values and their kinds, its options with their types. `StatementSpec` (synopsis,
/// option keys, help) and this table are the one description of the language; the
/// parser checks against it, and completion is built from it.
extension StatementGrammar {
  static let int32 = Int(Int32.max)
  static let fileName = SlotKind.path(what: "the file name")

  /// The word sets of the language, named once (completion and help read them too).
  public enum Words {
    public static let layerKinds = WordSet(["dense"], what: "layer kind")
    public static let activations = WordSet(Activation.names, what: "activation")
    public static let losses = WordSet(Loss.allCases.map(\.rawValue), what: "loss")
    public static let initializers = WordSet(Initializer.names, what: "initialiser")
    public static let optimizers = WordSet(["sgd", "momentum", "adam"], what: "optimizer")
    public static let normalizations = WordSet(NormalizationMethod.allCases.map(\.rawValue), what: "normalisation")
    public static let parts = WordSet(["train", "validation", "test", "all"], what: "part of the data")
    public static let forwardModes = WordSet(["sample", "batch", "all"], what: "forward mode")
    public static let stepModes = WordSet(["explain"], what: "step mode")
    public static let pictures = WordSet(["net"], what: "picture")
    public static let plots = ["loss", "boundary", "data"]
    public static let exportFormats = WordSet(["torch"], what: "export format")
    public static let datasets = WordSet(BuiltinDataset.allCases.map(\.rawValue), what: "data set") { w in
      if w == "mnist" {
        return "MNIST is not shipped with nnsh (it is 55 MB): download its four files, unpack them, and use load mnist \"DIR\""
      }
      let names = BuiltinDataset.allCases.map(\.rawValue)
      if let near = Suggestion.nearest(to: w, in: names) { return "unknown data set '\(w)'; did you mean '\(near)'?" }
      return "unknown data set '\(w)' (built in: \(names.joined(separator: " ")); or data X Y)"
    }
    public static let helpTopics = WordSet(
      StatementKind.keywords + Interpreter.helpTopics, what: "help topic", acceptsStrings: true,
      notAWord: "help takes a topic name: help train"
    ) { w in
      var message = "no help on '\(w)'"
      if let near = Suggestion.nearest(to: w, in: StatementKind.keywords + Interpreter.helpTopics) {
        message += "; did you mean '\(near)'?"
      }
      return message
    }
    public static let classModes = WordSet(ClassMode.allCases.map(\.rawValue), what: "class mode") { _ in
      "classes= takes auto, labels or values"
    }
    /// Also `float32`, `double` … (any spelling `SafeTensorsDType(option:)` reads).
    public static let dtypes = WordSet(["f64", "f32"], what: "dtype", acceptsStrings: true) { w in
      SafeTensorsDType(option: w) == nil ? "dtype= takes f64 or f32" : nil
    }
    public static func one(_ word: String) -> WordSet { WordSet([word], what: "'\(word)'") }
  }

  /// The grammar of `kind` (a statement without positional arguments has one empty form).
  public static func of(_ kind: StatementKind) -> StatementGrammar { table[kind] ?? StatementGrammar() }

  static let table: [StatementKind: StatementGrammar] = [
    .seed: .init([[.value("seed", .expression)]]),
    .data: .init(
      [[.word("set", Words.datasets)], [.value("X", .expression), .value("Y", .expression)]],
      options: ["n": .integer(1...BuiltinDataset.maxSamples), "noise": .number, "classes": .integer(2...BuiltinDataset.maxClasses)],
      usages: ["data NAME or data X Y", "data NAME or data X Y"]),
    .load: .init(
      [
        [.value("file", fileName), Slot("targets", .expression, optional: true)],
        [
          .value("file", fileName), Slot.word("as", Words.one("as")).expecting("expected 'as' between the file and the name"),
          Slot.value("name", .name).expecting("expected a name after 'as'"),
        ],
        [
          .value("file", fileName), .value("targets", .expression), .word("as", Words.one("as")),
          Slot.value("name", .name).expecting("expected test or validation after 'as'"),
        ],
        [.word("what", WordSet(["weights"], what: "load word")), .value("file", fileName)],
        [.word("what", WordSet(["model"], what: "load word")), .value("file", fileName)],
        [.word("what", WordSet(["mnist"], what: "load word")), .value("folder", .path(what: "the folder of the MNIST files"))],
      ],
      options: [
        "target": .column, "sep": .text, "header": .yesNo, "drop": .text, "classes": .word(Words.classModes), "as": .name,
      ],
      usages: [nil, "load \"X.npy\" as NAME or load \"X.npy\" \"y.npy\"", "load \"X.npy\" \"y.npy\" as test|validation", "load weights \"m.safetensors\"", "load model \"m.safetensors\"", "load mnist \"DIR\""],
      empty: "load needs a file name: load \"data.csv\""),
    .normalize: .init([[Slot("method", .word(Words.normalizations), optional: true)]]),
    .split: .init(
      [[.value("fraction", .expression), Slot("validation", .expression, optional: true)]], options: ["stratify": .yesNo],
      usages: ["split TRAIN [VALIDATION]"]),
    .layer: .init(
      [
        [
          .word("kind", Words.layerKinds), .value("in", .integer(1...int32, what: "the input size")), .arrow,
          .value("out", .integer(1...int32, what: "the layer size")), Slot("activation", .word(Words.activations), optional: true),
        ],
        [
          .word("kind", Words.layerKinds),
          Slot("out", .integer(1...int32, what: "the layer size"), missing: "its output size"),
          Slot("activation", .word(Words.activations), optional: true),
        ],
        [.word("kind", WordSet(["dropout"], what: "layer kind")), .value("p", .expression)],
      ], options: ["alpha": .number], usages: [nil, nil, "layer dropout P"], empty: "layer needs a kind and a size (usage: layer dense [IN ->] OUT [ACTIVATION])"),
    .loss: .init([[.word("loss", Words.losses)]]),
    .initialize: .init([[.word("initializer", Words.initializers)]], options: ["std": .number, "a": .number]),
    .show: .init([[Slot("values", .wordOrExpression(["data"]), optional: true, repeats: true)]], options: ["digits": .integer(1...17)]),
    .forward: .init(
      // The mode's arguments (`sample K`, `batch A..B`, `all`) are checked when it runs.
      [[], [.word("mode", Words.forwardModes)], [.word("mode", Words.forwardModes), .value("which", .expression)]],
      options: ["x": .expression, "y": .expression, "train": .yesNo]),
    .explain: .init([[.value("name", .expression)]]),
    .jacobian: .init(
      [[.value("f", .expression), .word("wrt", Words.one("wrt")), Slot("x", .expression, repeats: true)]],
      mismatch: "expected 'jacobian A wrt B'"),
    .grad: .init(
      [[.value("f", .expression), .word("wrt", Words.one("wrt")), Slot("x", .expression, repeats: true)]],
      mismatch: "expected 'grad F wrt X [Y …]'"),
    .gradcheck: .init(options: ["eps": .number, "tol": .number]),
    .step: .init([[Slot("mode", .word(Words.stepModes), optional: true)]], options: ["lr": .number], usages: ["step [explain] [lr=α]"]),
    .optimizer: .init(
      [[.word("rule", Words.optimizers)]],
      options: ["lr": .number, "beta": .number, "beta1": .number, "beta2": .number, "eps": .number]),
    .train: .init(
      options: [
        "epochs": .integer(1...10_000_000), "batch": .integer(1...int32), "lr": .number, "quiet": .yesNo,
        "report": .integer(1...10_000_000), "patience": .integer(1...10_000_000), "min_delta": .number,
      ]),
    .repeat: .init([[.value("count", .integer(0...int32, what: "the repeat count"))]]),
    .evaluate: .init([[Slot("part", .word(Words.parts), optional: true)]], usages: ["evaluate [train|validation|test|all]"]),
    .predict: .init([[.value("x", .expression)]]),
    .plot: .init(
      [[.value("subject", .wordOrExpression(Words.plots)), Slot("extra", pictureFile + pictureShape, optional: true, repeats: true)]],
      options: [
        "to": .path, "row": .expression, "as": .expression, "ascii": .yesNo, "height": .integer(3...200), "log": .yesNo,
      ],
      usages: ["plot SUBJECT [row=R as \"8x8\"] [to \"file.svg\"]"],
      empty: "plot needs a subject: plot loss, plot boundary, plot data, or plot W1 (any matrix)"),
    .draw: .init(
      [[.word("subject", Words.pictures), Slot("extra", pictureFile, optional: true, repeats: true)]],
      options: ["to": .path, "ascii": .yesNo], usages: ["draw net [to \"net.svg\"]"], empty: "draw needs a subject: draw net"),
    .save: .init(
      [
        [.value("file", fileName)],
        [.word("what", WordSet(["grads"], what: "save word")), .value("file", fileName)],
        [.word("what", WordSet(["session"], what: "save word")), .value("file", fileName)],
        [.word("what", WordSet(["torch"], what: "save word")), .value("folder", .path(what: "the folder name"))],
        [.value("value", .expression), .value("file", fileName)],
      ], options: ["dtype": .word(Words.dtypes)],
      usages: Array(repeating: "save \"m.safetensors\" | save grads \"g.safetensors\" | save X \"X.npy\" | save torch \"DIR\"", count: 5)),
    .export: .init(
      [[.word("format", Words.exportFormats), .value("folder", .path(what: "the folder name"))]],
      usages: ["export torch \"DIR\""]),
    .assert: .init([[.value("claim", .expression)]], options: ["tol": .number]),
    .print: .init([[Slot("pieces", .expression, optional: true, repeats: true)]]),
    .pause: .init([[Slot("message", .text(what: "pause's message"), optional: true)]]),
    .source: .init([[.value("file", fileName)]]),
    .help: .init([[Slot("topic", .word(Words.helpTopics), optional: true)]]),
    .format: .init(options: ["digits": .integer(1...17)]),
    .limit: .init(options: ["memory": .size], usages: ["limit [memory=SIZE]"]),
  ]

  /// `to "f.svg"` and `as "8x8"` written without `=` after a picture's subject.
  static let pictureFile: SlotKind = .pairs([(key: "to", value: fileName, missing: "a file name in double quotes")])
  static let pictureShape: SlotKind = .pairs([(key: "as", value: .expression, missing: "a shape such as \"8x8\"")])
}

extension SlotKind {
  /// The pairs of both kinds, in any order.
  static func + (a: SlotKind, b: SlotKind) -> SlotKind {
    guard case .pairs(let x) = a, case .pairs(let y) = b else { return a }
    return .pairs(x + y)
  }
}
