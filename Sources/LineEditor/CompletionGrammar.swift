/// What may stand at one place of a statement, as completion sees it. The program
/// translates its own grammar into these (nnsh: from `StatementGrammar`), so the line
/// editor offers a statement's words where they may stand, names only where a name or an
/// expression may, and file paths only inside a string that names a file.
public indirect enum CompletionSlot: Sendable, Equatable {
  /// One of these words (`relu`, `mse`, `weights`).
  case words([String])
  /// A name that has a value (no functions: `as X`).
  case name
  /// An expression: names and functions, or anything typed (`2`, `[1; 2]`, `W1 * x`).
  case expression
  /// An expression for a matrix, most often a name (`data X Y`, `plot W1`): the names in
  /// scope are offered, not functions (any expression may still be typed).
  case matrix
  /// A string literal naming a file: paths are completed inside it.
  case path
  /// A string literal that is not a path (nothing to complete).
  case text
  /// `->`.
  case arrow
  /// `KEY VALUE` pairs (`to "w.svg"`): the key, then what follows it.
  case pairs([String: CompletionSlot])
}

/// One place in a form: its slot, and whether it may be left out or repeated.
public struct CompletionElement: Sendable, Equatable {
  public var slot: CompletionSlot
  public var isOptional: Bool
  public var repeats: Bool

  public init(_ slot: CompletionSlot, optional: Bool = false, repeats: Bool = false) {
    self.slot = slot
    self.isOptional = optional
    self.repeats = repeats
  }
}

/// A statement's shape for completion: its forms (alternatives of positional arguments)
/// and its `key=` options with the value each takes, and which options each form takes.
///
///     StatementCompletion(
///       forms: [[.init(.words(["dense"])), .init(.expression), .init(.arrow), .init(.expression),
///                .init(.words(["relu", "tanh"]), optional: true)]],
///       options: ["alpha"], optionValues: ["alpha": .expression])
///
/// A bare word that one of the forms takes as a word (`data xor`, `plot loss`) is that
/// word, not a value of another form, as the parser reads it: after `plot loss ` only
/// the options of `plot loss` are offered.
public struct StatementCompletion: Sendable, Equatable {
  public var forms: [[CompletionElement]] { didSet { keywords = Self.keywords(of: forms) } }
  /// The option keys, in the order they are offered.
  public var options: [String]
  public var optionValues: [String: CompletionSlot]
  /// The options each form takes, where it takes fewer than all (nil or no entry: all);
  /// `KEY VALUE` pairs count as the options they spell without `=`.
  public var formOptions: [[String]?]
  /// The words of the forms' word slots.
  private(set) var keywords: Set<String>

  public init(
    forms: [[CompletionElement]] = [[]], options: [String] = [], optionValues: [String: CompletionSlot] = [:],
    formOptions: [[String]?] = []
  ) {
    self.forms = forms
    self.options = options
    self.optionValues = optionValues
    self.formOptions = formOptions
    self.keywords = Self.keywords(of: forms)
  }

  static func keywords(of forms: [[CompletionElement]]) -> Set<String> {
    Set(forms.joined().flatMap { e -> [String] in
      if case .words(let ws) = e.slot { return ws }
      return []
    })
  }

  /// The option keys form `index` takes.
  func optionKeys(ofForm index: Int) -> [String] {
    (formOptions.indices.contains(index) ? formOptions[index] : nil) ?? options
  }

  /// The options that may follow `words`: those of every form the words still fit (all
  /// of them when none does), in the order of `options`.
  func options(after words: [String]) -> [String] {
    let alive = positions(after: Self.joinExpressions(words)).enumerated().filter { !$0.element.states.isEmpty }.map(\.offset)
    guard !alive.isEmpty else { return options }
    let allowed = Set(alive.flatMap(optionKeys(ofForm:)))
    return options.filter(allowed.contains)
  }

  /// The slots that may come after `words` (the statement's positional words so far).
  ///
  /// Every form is followed as far as the words allow. An expression may run over several
  /// words (`W1 * x`): a word that ends with an operator, or starts with one, joins its
  /// neighbour, and after such a word only an expression can follow.
  func nextSlots(after words: [String]) -> [CompletionSlot] {
    let joined = Self.joinExpressions(words)
    if let last = joined.last, Self.continuesExpression(last) {
      let before = nextSlots(after: Array(joined.dropLast()))
      return before.contains { $0.takesExpression || $0 == .matrix } ? [.expression] : []
    }
    var result: [CompletionSlot] = []
    for (index, (form, states)) in positions(after: joined).enumerated() {
      for p in states.sorted() {
        guard var slot = p.expecting(in: form) else { continue }
        if case .pairs(let pairs) = slot, p.key == nil {
          let keys = Set(optionKeys(ofForm: index))
          slot = .pairs(pairs.filter { keys.contains($0.key) })
        }
        if !result.contains(slot) { result.append(slot) }
      }
    }
    return result
  }

  /// Whether the words end with a pair's key (`plot W1 to`): only its value may follow.
  func awaitsPairValue(after words: [String]) -> Bool {
    let states = positions(after: Self.joinExpressions(words)).flatMap(\.states)
    return !states.isEmpty && states.allSatisfy { $0.key != nil }
  }

  /// Where each form can be after the (joined) words.
  func positions(after words: [String]) -> [(form: [CompletionElement], states: Set<Position>)] {
    forms.map { form in
      var states = closure([Position(element: 0, key: nil)], in: form)
      for w in words {
        states = closure(states.flatMap { advance($0, over: w, in: form) }, in: form)
      }
      return (form, states)
    }
  }

  /// Where a form has got to: the element, and for pairs the key just typed.
  struct Position: Hashable, Comparable {
    var element: Int
    var key: String?

    static func < (a: Position, b: Position) -> Bool { (a.element, a.key ?? "") < (b.element, b.key ?? "") }

    func expecting(in form: [CompletionElement]) -> CompletionSlot? {
      guard element < form.count else { return nil }
      if let key, case .pairs(let pairs) = form[element].slot { return pairs[key] }
      return form[element].slot
    }
  }

  /// Adds every position reachable by leaving out optional elements.
  func closure(_ states: some Sequence<Position>, in form: [CompletionElement]) -> Set<Position> {
    var result = Set(states)
    var work = Array(result)
    while let p = work.popLast() {
      guard p.element < form.count, p.key == nil, form[p.element].isOptional else { continue }
      let skip = Position(element: p.element + 1, key: nil)
      if result.insert(skip).inserted { work.append(skip) }
    }
    return result
  }

  /// The positions after typing `w` at `p`.
  func advance(_ p: Position, over w: String, in form: [CompletionElement]) -> [Position] {
    guard p.element < form.count else { return [] }
    let e = form[p.element]
    // After one, a repeated element may come again or give way to the next.
    let after = [Position(element: p.element + 1, key: nil)] + (e.repeats ? [Position(element: p.element, key: nil)] : [])
    if let key = p.key, case .pairs(let pairs) = e.slot {
      return pairs[key].map { Self.accepts($0, w) } == true ? after : []
    }
    if case .pairs(let pairs) = e.slot { return pairs[w] != nil ? [Position(element: p.element, key: w)] : [] }
    // A word of the statement's own is not a value (`plot loss` is the picture).
    if e.slot.takesValue, keywords.contains(w) { return [] }
    return Self.accepts(e.slot, w) ? after : []
  }

  /// Whether the word `w` can fill `slot`.
  static func accepts(_ slot: CompletionSlot, _ w: String) -> Bool {
    switch slot {
    case .words(let ws): return ws.contains(w)
    case .arrow: return w == "->"
    case .path, .text: return w.hasPrefix("\"")
    case .name: return w.first.map { $0 == "_" || $0.isLetter } == true
    case .expression, .matrix: return w != "->"
    case .pairs: return false
    }
  }

  /// Joins the words of one expression: `W1`, `*`, `x` → `W1 * x`.
  static func joinExpressions(_ words: [String]) -> [String] {
    var result: [String] = []
    for w in words {
      if let last = result.last, w != "->", last != "->", continuesExpression(last) || startsWithOperator(w) {
        result[result.count - 1] = last + " " + w
      } else {
        result.append(w)
      }
    }
    return result
  }

  /// Whether an expression goes on after `w`: it ends with an operator (`W1 *`).
  static func continuesExpression(_ w: String) -> Bool {
    guard let last = w.last, w != "->" else { return false }
    return "+-*/^.=<>!(,".contains(last)
  }

  /// `*x`, `'`, `== 1`: a word that continues the expression before it. (`-1` does not:
  /// as in the language, a sign with a space before it starts a new argument.)
  static func startsWithOperator(_ w: String) -> Bool {
    guard let first = w.first else { return false }
    return "*/^'=<>!".contains(first) || w == "+" || w == "-" || w.hasPrefix(".*") || w.hasPrefix("./")
  }
}

extension CompletionSlot {
  /// Whether names and functions may stand here.
  var takesExpression: Bool {
    switch self {
    case .expression: return true
    default: return false
    }
  }

  /// Whether a value stands here, which a bare word of the statement's own is not.
  var takesValue: Bool {
    switch self {
    case .expression, .matrix, .name: return true
    default: return false
    }
  }
}
