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
    public static let optimizers = WordSet(["sgd", "momentum", "adam", "adamw"], what: "optimizer")
    public static let schedules = WordSet(["step", "exponential", "cosine", "warmup", "none"], what: "schedule")
    public static let normalizations = WordSet(NormalizationMethod.allCases.map(\.rawValue), what: "normalisation")
    public static let parts = WordSet(["train", "validation", "test", "all"], what: "part of the data")
    /// The parts a file of its own may be (`load "t.csv" target=y as test`).
    public static let fileParts = WordSet(["test", "validation"], what: "part of the data")
    public static let stepModes = WordSet(["explain"], what: "step mode")
    public static let pictures = WordSet(["net", "graph"], what: "picture")
    public static let backwardModes = WordSet(["explain"], what: "backward mode")
    /// `draw graph F`: the form of draw with a value.
    public static let graphPicture = WordSet(["graph"], what: "picture")
    public static let plots = ["loss", "boundary", "data", "lr"]
    /// The word of one form of export; any other word is named against both formats.
    public static func exportFormat(_ word: String) -> WordSet {
      WordSet([word], what: "export format", notAWord: "expected torch or onnx after export (export onnx \"model.onnx\")") { w in
        if let near = Suggestion.nearest(to: w, in: ["torch", "onnx"]) { return "unknown export format '\(w)'; did you mean '\(near)'?" }
        return "unknown export format '\(w)' (one of: torch, onnx)"
      }
    }
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
      [[.word("set", Words.datasets)], [.value("X", .matrix), .value("Y", .matrix)]],
      options: ["n": .integer(1...BuiltinDataset.maxSamples), "noise": .number, "classes": .integer(2...BuiltinDataset.maxClasses)],
      usages: ["data NAME or data X Y", "data NAME or data X Y"],
      formOptions: [nil, .none("data X Y takes no options")]),
    .load: .init(
      [
        [.value("file", fileName)],
        // Before `as NAME`: `load "t.csv" target=y as test` is the test part, not a variable.
        [
          .value("file", fileName), Slot.word("as", Words.one("as")).expecting("expected 'as' between the file and the name"),
          Slot("part", .word(Words.fileParts), missing: "a name after 'as' (or test, validation for a data file)")
            .expecting("expected a name after 'as' (or test, validation for a data file)"),
        ],
        [
          .value("file", fileName),
          Slot.value("targets", .path(what: "the targets' file name"))
            .expecting("expected the targets' file name in double quotes, or 'as NAME'"),
        ],
        [
          .value("file", fileName), Slot.word("as", Words.one("as")).expecting("expected 'as' between the file and the name"),
          Slot("name", .name, missing: "a name after 'as'").expecting("expected a name after 'as'"),
        ],
        [
          .value("file", fileName), Slot.value("targets", .path(what: "the targets' file name")), .word("as", Words.one("as")),
          Slot.value("part", .word(Words.fileParts)).expecting("expected test or validation after 'as'"),
        ],
        [.word("what", WordSet(["weights"], what: "load word")), .value("file", fileName)],
        [.word("what", WordSet(["model"], what: "load word")), .value("file", fileName)],
        [.word("what", WordSet(["mnist"], what: "load word")), .value("folder", .path(what: "the folder of the MNIST files"))],
        [.word("what", WordSet(["checkpoint"], what: "load word")), .value("file", fileName)],
      ],
      options: [
        "target": .column, "sep": .text, "header": .yesNo, "drop": .text, "classes": .word(Words.classModes), "as": .name,
      ],
      usages: [
        nil, "load \"f.csv\" target=COL as test|validation, or load \"X.npy\" as NAME", numPyUsage, numPyUsage,
        "load \"X.npy\" \"y.npy\" as test|validation", "load weights \"m.safetensors\"", "load model \"m.safetensors\"",
        "load mnist \"DIR\"", "load checkpoint \"c.safetensors\"",
      ],
      empty: "load needs a file name: load \"data.csv\"",
      // One entry per form, in the order above.
      formOptions: [
        nil,
        FormOptions(["target", "sep", "header", "drop", "classes"]) { _ in
          "load \"f.csv\" … as test|validation takes the CSV options target= sep= header= drop= classes="
        },
        FormOptions([]) { $0 == "as" ? "as= names one array; with two files the pair is a data set" : "load \"X.npy\" \"y.npy\" takes no options" },
        FormOptions([]) { $0 == "as" ? "the name is given twice (as X and as=)" : "load \"X.npy\" as NAME (one NumPy array) takes no options; a CSV file is loaded as a part: as test or as validation" },
        .none("load \"X.npy\" \"y.npy\" as test|validation takes no options"),
        .none("load weights takes no options"), .none("load model takes no options"), .none("load mnist takes no options"),
        .none("load checkpoint takes no options (the data is loaded as before, not from the checkpoint)"),
      ]),
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
        // No size: an output layer sized by the data (`layer dense softmax`).
        [.word("kind", Words.layerKinds), .word("activation", Words.activations)],
        [
          .word("kind", Words.layerKinds),
          Slot("out", .integer(1...int32, what: "the layer size"), missing: "its output size"),
          Slot("activation", .word(Words.activations), optional: true),
        ],
        [.word("kind", WordSet(["dropout"], what: "layer kind")), Slot("p", .expression, missing: "the probability P that a unit is dropped")],
      ], options: ["alpha": .number], usages: [nil, nil, nil, "layer dropout P"],
      empty: "layer needs a kind and a size (usage: layer dense [IN ->] OUT [ACTIVATION])"),
    .loss: .init([[.word("loss", Words.losses)]], options: ["l2": .number, "l1": .number]),
    .initialize: .init([[.word("initializer", Words.initializers)]], options: ["std": .number, "a": .number]),
    .show: .init(
      [
        [.word("subject", Words.one("data")), Slot("count", .integer(1...int32, what: "the number of samples"), optional: true)],
        [.word("subject", Words.one("optimizer"))],
        // Left out, it is an error when it runs: `show ]` is one mistake, not two.
        [Slot("values", .expression, optional: true, repeats: true)],
      ],
      options: ["digits": .integer(1...17)], usages: ["show data [N]", "show optimizer", nil]),
    .forward: .init(
      [
        [], [.word("mode", WordSet(["all"], what: "forward mode"))],
        [.word("mode", WordSet(["sample"], what: "forward mode")), .value("which", .expression)],
        [.word("mode", WordSet(["batch"], what: "forward mode")), .value("which", .expression)],
      ],
      options: ["x": .expression, "y": .expression, "train": .yesNo],
      usages: ["forward x=X y=Y", "forward all", "forward sample K", "forward batch A..B"],
      formOptions: ["all", "sample", "batch"].reduce(into: [nil]) { forms, mode in
        forms.append(FormOptions(["train"]) { _ in "forward \(mode) takes no x= or y= (they are the input of forward x=X y=Y)" })
      }),
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
      options: ["lr": .number, "beta": .number, "beta1": .number, "beta2": .number, "eps": .number, "weight_decay": .number]),
    .train: .init(
      options: [
        "epochs": .integer(1...10_000_000), "batch": .integer(1...int32), "lr": .number, "quiet": .yesNo,
        "report": .integer(1...10_000_000), "l2": .number, "l1": .number, "clip": .number,
        "patience": .integer(1...10_000_000), "min_delta": .number, "dtype": .word(Words.dtypes),
      ]),
    .schedule: .init(
      [[.word("shape", Words.schedules)]],
      options: ["every": .integer(1...10_000_000), "gamma": .number, "min": .number, "epochs": .integer(0...10_000_000)],
      usages: ["schedule step every=N gamma=γ | exponential gamma=γ | cosine [min=α] | warmup epochs=N | none"]),
    .repeat: .init([[.value("count", .integer(0...int32, what: "the repeat count"))]]),
    .evaluate: .init([[Slot("part", .word(Words.parts), optional: true)]], usages: ["evaluate [train|validation|test|all]"]),
    .predict: .init([[.value("x", .expression)]]),
    .plot: .init(
      Words.plots.map { [.word("subject", WordSet([$0], what: "picture")), pictureExtras] }
        + [[.value("matrix", .matrix), pictureExtras]],
      options: [
        "to": .path, "row": .expression, "as": .expression, "ascii": .yesNo, "height": .integer(3...200), "log": .yesNo,
      ],
      usages: Array(repeating: "plot SUBJECT [row=R as \"8x8\"] [to \"file.svg\"]", count: Words.plots.count + 1),
      empty: "plot needs a subject: plot loss, plot boundary, plot data, plot lr, or plot W1 (any matrix)",
      // One entry per form, in the order above: the picture words, then the matrix.
      formOptions: Words.plots.map { word in
        FormOptions(word == "loss" ? ["to", "ascii", "height", "log"] : ["to", "ascii", "height"], refusal: plotRefusal)
      } + [FormOptions(["to", "row", "as", "ascii", "height"], refusal: plotRefusal)]),
    .draw: .init(
      [
        [.word("subject", Words.pictures), Slot("extra", pictureFile, optional: true, repeats: true)],
        [.word("subject", Words.graphPicture), .value("f", .expression), Slot("extra", pictureFile, optional: true, repeats: true)],
      ],
      options: ["to": .path, "ascii": .yesNo], usages: ["draw net [to \"net.svg\"]", "draw graph F [to \"g.svg\" | to \"g.dot\"]"],
      empty: "draw needs a subject: draw net, or draw graph F"),
    .backward: .init([[Slot("mode", .word(Words.backwardModes), optional: true)]], usages: ["backward [explain]"]),
    .save: .init(
      [
        [.value("file", fileName)],
        [.word("what", WordSet(["grads"], what: "save word")), .value("file", fileName)],
        [.word("what", WordSet(["session"], what: "save word")), .value("file", fileName)],
        [.word("what", WordSet(["torch"], what: "save word")), .value("folder", .path(what: "the folder name"))],
        [.word("what", WordSet(["checkpoint"], what: "save word")), .value("file", fileName)],
        [.value("value", .matrix), .value("file", fileName)],
      ], options: ["dtype": .word(Words.dtypes)],
      usages: Array(
        repeating: "save \"m.safetensors\" | save grads \"g.safetensors\" | save X \"X.npy\" | save torch \"DIR\" | save checkpoint \"c.safetensors\"",
        count: 6),
      formOptions: [
        nil, nil, .none("save session takes no options"), .none("save torch \"DIR\" takes no options (it writes float64)"),
        .none("save checkpoint takes no options (it writes float64, so a resumed run is exact)"),
        .none("save X \"X.npy\" takes no options (the file holds float64)"),
      ]),
    .export: .init(
      [
        [.word("format", Words.exportFormat("torch")), .value("folder", .path(what: "the folder name"))],
        [.word("format", Words.exportFormat("onnx")), .value("file", fileName)],
      ],
      options: ["dtype": .word(Words.dtypes)],
      usages: ["export torch \"DIR\"", "export onnx \"model.onnx\" [dtype=f32]"],
      formOptions: [.none("export torch \"DIR\" takes no options (it writes float64)"), nil]),
    .assert: .init([[.value("claim", .expression)]], options: ["tol": .number]),
    .print: .init([[Slot("pieces", .expression, optional: true, repeats: true)]]),
    .pause: .init([[Slot("message", .text(what: "pause's message"), optional: true)]]),
    .source: .init([[.value("file", fileName)]]),
    .help: .init([[Slot("topic", .word(Words.helpTopics), optional: true)]]),
    .format: .init(options: ["digits": .integer(1...17)]),
    .limit: .init(options: ["memory": .size], usages: ["limit [memory=SIZE]"]),
    .exercise: .init(
      [[.value("task", .text(what: "the exercise's task"))]],
      options: ["answer": .expression, "solution": .expressionText, "hint": .text, "tol": .number],
      empty: "exercise needs its task in double quotes: exercise \"Compute z1\" answer=z1 solution=\"W1 * x + b1\"",
      required: ["answer", "solution"]),
  ]

  static let numPyUsage = "load \"X.npy\" as NAME or load \"X.npy\" \"y.npy\""
  static let pictureExtras = Slot("extra", pictureFile + pictureShape, optional: true, repeats: true)

  /// Why a picture does not take an option: `row=` and `as` shape a matrix, `log=` scales the loss.
  static let plotRefusal: @Sendable (String) -> String = { key in
    switch key {
    case "row": return "row= applies to a matrix (plot W1 row=5 as \"8x8\")"
    case "as": return "'as' applies to a matrix (plot W1 row=5 as \"8x8\")"
    default: return "\(key)= applies to plot loss"
    }
  }

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
