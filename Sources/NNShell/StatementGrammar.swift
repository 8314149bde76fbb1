/// The grammar of one statement: the forms its positional arguments may take and the
/// kind of value each `key=` option holds. The parser matches every statement against
/// it (so `layer dense 2 -> 3 relux` on line 40 is reported before line 1 runs), hands
/// the handler the matched `StatementArguments`, and the executable builds completion
/// from it.
///
///     layer dense [IN ->] OUT [ACTIVATION]
///     StatementGrammar(forms: [
///       [.word("kind", layerKinds), .value("in", .integer(1...max, "the input size")), .arrow,
///        .value("out", .integer(…)), .word("activation", activations).optional],
///       [.word("kind", layerKinds), .value("out", .integer(…)), .word("activation", activations).optional],
///     ], options: ["alpha": .number])
///
/// What can be checked without the session is checked here: the words, the number and
/// order of arguments, string literals where a file name stands, and literal numbers
/// against an option's range. Names that must exist, shapes and values computed from
/// expressions are the interpreter's business.
public struct StatementGrammar: Sendable {
  /// The alternatives, tried in order; the first that matches is the statement's form.
  public var forms: [[Slot]]
  /// The value each option key takes (the keys are `StatementSpec.options`).
  public var options: [String: OptionKind]
  /// How the statement is written, for "usage:" in messages, per form (nil: the synopsis).
  public var usages: [String?]
  /// The message when a statement that needs arguments has none (nil: "needs more arguments").
  public var empty: String?
  /// The message for any argument that does not fit (nil: one that names the argument).
  public var mismatch: String?
  /// The options each form takes, where a form takes fewer than all of them (nil, or no
  /// entry: every option of the statement). `KEY VALUE` pairs count as the options they
  /// spell without `=` (`to "f.svg"` is `to="f.svg"`).
  public var formOptions: [FormOptions?]
  /// Options the statement cannot do without (`exercise … answer= solution=`).
  public var required: [String] = []

  public init(
    _ forms: [[Slot]] = [[]], options: [String: OptionKind] = [:], usages: [String?] = [], empty: String? = nil,
    mismatch: String? = nil, formOptions: [FormOptions?] = [], required: [String] = []
  ) {
    self.required = required
    self.forms = forms
    self.options = options
    self.usages = usages
    self.empty = empty
    self.mismatch = mismatch
    self.formOptions = formOptions
  }

  /// The option keys form `index` takes (nil: all of the statement's).
  public func optionKeys(ofForm index: Int) -> [String]? {
    formOptions.indices.contains(index) ? formOptions[index]?.keys : nil
  }
}

/// The options one form of a statement takes, and what it says of any other: `data X Y`
/// takes none ("data X Y takes no options"), `plot loss` no `row=`.
///
///     FormOptions.none("load mnist takes no options")
///     FormOptions(["to", "ascii"]) { key in "\(key)= applies to a matrix" }
public struct FormOptions: Sendable {
  public var keys: [String]
  /// The message for an option `key` the form does not take.
  public var refusal: @Sendable (_ key: String) -> String

  public init(_ keys: [String], refusal: @escaping @Sendable (_ key: String) -> String) {
    self.keys = keys
    self.refusal = refusal
  }

  /// A form that takes no options, with the message for any.
  public static func none(_ message: String) -> FormOptions { FormOptions([]) { _ in message } }
}

/// A set of words one argument may be, with what it is called in a message.
public struct WordSet: Sendable {
  public var words: [String]
  /// `activation`, `loss`, `data set`: "unknown activation 'relux'".
  public var what: String
  /// Whether a string literal may stand for the word (`help "train"`, `dtype="f32"`).
  public var acceptsStrings = false
  /// The message when the argument is not a word at all (nil: "expected WHAT (one of: …)").
  public var notAWord: String?
  /// The message for a word that is not in the set, when it says more than "unknown …";
  /// nil from it accepts the word after all (another spelling of one in the set).
  public var unknown: (@Sendable (String) -> String?)?

  public init(
    _ words: [String], what: String, acceptsStrings: Bool = false, notAWord: String? = nil,
    unknown: (@Sendable (String) -> String?)? = nil
  ) {
    self.words = words
    self.what = what
    self.acceptsStrings = acceptsStrings
    self.notAWord = notAWord
    self.unknown = unknown
  }
}

/// What one positional argument is.
public enum SlotKind: Sendable {
  /// A bare word from the set (`relu`, `mse`, `weights`).
  case word(WordSet)
  /// An expression whose value must be a whole number in the range; a literal is checked
  /// here, anything else when it runs.
  case integer(ClosedRange<Int>, what: String)
  /// Any expression (a matrix, a number, a name).
  case expression
  /// An expression for a matrix, most often a name (`data X Y`, `plot W1`, `show a1`):
  /// any expression is accepted (`plot W1'`), and completion offers the session's names,
  /// not functions.
  case matrix
  /// A bare name, bound or read by the statement (`load "X.npy" as X`).
  case name
  /// A string literal that names a file or folder.
  case path(what: String)
  /// A string literal that is not a path (`pause "look"`, `help "train"`).
  case text(what: String)
  /// `->`.
  case arrow
  /// `KEY VALUE` pairs in any order (`plot W1 to "w.svg" as "8x8"`): each pair takes two
  /// arguments; `missing` says what the value is when it is left out.
  indirect case pairs([(key: String, value: SlotKind, missing: String)])
}

extension SlotKind {
  /// An argument that fits, as source text (a pair is its first key and value), for
  /// tests and examples: `layer dense 3 -> 3 linear`.
  public var example: [String] {
    switch self {
    case .word(let set): return [set.words.first ?? "x"]
    case .integer(let range, _): return [String(Swift.max(range.lowerBound, 3))]
    case .expression, .name, .matrix: return ["x"]
    case .path: return ["\"f.csv\""]
    case .text: return ["\"text\""]
    case .arrow: return ["->"]
    case .pairs(let pairs): return pairs.first.map { [$0.key] + $0.value.example } ?? []
    }
  }
}

/// One positional argument of a form: its role (the handler reads it by this name),
/// its kind, and whether it may be left out or repeated.
public struct Slot: Sendable {
  public var role: String
  public var kind: SlotKind
  public var isOptional = false
  /// One or more (zero or more when also optional), all under `role`.
  public var repeats = false
  /// What the statement needs when this argument is left out ("its output size").
  public var missing: String?
  /// The message when the argument here does not fit, before "(usage: …)" (nil: one
  /// from its kind).
  public var expected: String?

  public init(_ role: String, _ kind: SlotKind, optional: Bool = false, repeats: Bool = false, missing: String? = nil) {
    self.role = role
    self.kind = kind
    self.isOptional = optional
    self.repeats = repeats
    self.missing = missing
  }

  public static func word(_ role: String, _ set: WordSet) -> Slot { Slot(role, .word(set)) }
  public static func value(_ role: String, _ kind: SlotKind) -> Slot { Slot(role, kind) }
  public static var arrow: Slot { Slot("->", .arrow) }
  /// The slot with its own message for an argument that does not fit.
  public func expecting(_ message: String) -> Slot {
    var slot = self
    slot.expected = message
    return slot
  }
}

/// The value an option takes.
public enum OptionKind: Sendable {
  /// An expression with a whole-number value in the range (a literal is checked here).
  case integer(ClosedRange<Int>)
  /// Any expression with a number value.
  case number
  /// `yes` or `no` (also true/false, on/off, 1/0).
  case yesNo
  /// A bare word (or a string) from the set.
  case word(WordSet)
  /// A string literal naming a file.
  case path
  /// A string literal.
  case text
  /// A memory size such as `2G` or `500M`, or `default`.
  case size
  /// A name, a string or a number (`target=species`, `target=5`).
  case column
  /// A bare name (`as=X`).
  case name
  /// Any expression.
  case expression
  /// An expression written in a string literal (`solution="W3' * dz3"`), parsed when the
  /// script is checked (see `EmbeddedExpression`).
  case expressionText

  /// The words `yes/no` options accept, true first.
  public static let yesWords = ["yes", "true", "on"]
  public static let noWords = ["no", "false", "off"]
}

/// The positional arguments of a statement as its grammar matched them: the form and
/// each role's argument(s). The handler reads its words and values from here instead of
/// decoding `Statement.arguments` again.
///
///     layer dense 2 -> 3 relu     form 0; "in": 2, "out": 3, "activation": relu
public struct StatementArguments: @unchecked Sendable {
  /// Which of the grammar's forms matched (-1: none, the statement did not parse).
  public var form = -1
  /// Each argument with its role, in order (one small array: statements are many, roles few).
  public var entries: [(role: String, argument: Argument)] = []

  public init() {}

  /// The bare word in `role` (`activation` → `relu`), nil when it was left out.
  public func word(_ role: String) -> String? { first(role)?.word }
  /// The expression in `role`, nil when it was left out.
  public func expression(_ role: String) -> Expression? { first(role)?.expression }
  /// Every expression in a repeated `role` (`grad f wrt x1 x2`).
  public func expressions(_ role: String) -> [Expression] {
    entries.compactMap { $0.role == role ? $0.argument.expression : nil }
  }
  public func has(_ role: String) -> Bool { first(role) != nil }
  func first(_ role: String) -> Argument? { entries.first { $0.role == role }?.argument }
}
