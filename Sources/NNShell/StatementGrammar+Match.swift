/// Matching a parsed statement against its grammar, before anything runs.
///
///     StatementGrammar.check(layer dense 2 -> 3 relux)
///       // error at `relux`: unknown activation 'relux'; did you mean 'relu'?
///
/// Each form is tried in order; the first that fits gives the statement its
/// `StatementArguments`. When none fits, the message comes from the form that explains
/// the statement best: one whose number of arguments fits, then the one that matched
/// furthest. Literal values are then checked against their slots and options.
extension StatementGrammar {
  /// The statement's arguments by role, and every error found in it.
  public static func check(_ s: Statement) -> (StatementArguments, [Diagnostic]) {
    of(s.kind).check(s)
  }

  func check(_ s: Statement) -> (StatementArguments, [Diagnostic]) {
    var best: Failure?
    for (index, form) in forms.enumerated() {
      let usage = usages.indices.contains(index) ? usages[index] : nil
      var matcher = FormMatcher(kind: s.kind, slots: form, arguments: s.arguments, ownUsage: usage, span: s.span)
      switch matcher.match() {
      case .success(let byRole):
        var parsed = StatementArguments()
        parsed.form = index
        parsed.entries = byRole
        let refused = refusedOptions(s, form: index, pairs: matcher.pairKeys)
        return (parsed, matcher.valueErrors + optionErrors(s) + refused)
      case .failure(var failure):
        failure.fits = form.fits(s.arguments.count)
        if best.map({ failure.explainsBetter(than: $0) }) ?? true { best = failure }
      }
    }
    guard var failure = best else { return (StatementArguments(), optionErrors(s)) }
    if s.arguments.isEmpty, let empty { failure.diagnostic = .error(empty, at: s.span) }
    if let mismatch { failure.diagnostic = .error(mismatch, at: s.span) }
    return (StatementArguments(), [failure.diagnostic] + optionErrors(s))
  }

  /// The options (and `KEY VALUE` pairs, which are options written without `=`) that form
  /// `index` does not take (`data X Y n=3`), and one given twice (`plot W1 to "a.svg" to="b.svg"`).
  func refusedOptions(_ s: Statement, form index: Int, pairs: [(key: String, span: SourceSpan)]) -> [Diagnostic] {
    let allowed = formOptions.indices.contains(index) ? formOptions[index] : nil
    let given = (s.options.map { (key: $0.key, span: $0.keySpan) } + pairs).sorted { $0.span.startOffset < $1.span.startOffset }
    var seen = Set<String>()
    return given.compactMap { o in
      if let allowed, !allowed.keys.contains(o.key) { return .error(allowed.refusal(o.key), at: o.span) }
      return seen.insert(o.key).inserted ? nil : .error("option '\(o.key)' is given twice", at: o.span)
    }
  }

  /// Errors in literal option values: `epochs=0`, `quiet=maybe`, `to=out.svg`.
  func optionErrors(_ s: Statement) -> [Diagnostic] {
    let missing = required.filter { key in !s.options.contains { $0.key == key } }.map { key in
      Diagnostic.error("\(s.kind.rawValue) needs \(key)= (usage: \(s.kind.spec.synopsis))", at: s.span)
    }
    return missing + s.options.compactMap { o in options[o.key].flatMap { $0.error(in: o) } }
  }
}

/// Why a form does not fit, and how far it got.
struct Failure: Error {
  var diagnostic: Diagnostic
  /// The arguments it matched before the one that failed.
  var progress: Int
  /// How many of those were its own words (`sample`, `->`, `to`): any argument fits a
  /// value, so only a matched word says that this is the form the user meant.
  var words = 0
  /// Whether the form takes as many arguments as the statement has.
  var fits = false

  /// A misspelt word (`load weigths "m.safetensors"`) is what the user meant, rather
  /// than the file name another form wants in its place.
  var suggests: Bool { diagnostic.message.contains("; did you mean '") }

  /// A misspelt word first; then the form whose words matched (`forward sample` is
  /// `forward sample K` short of K, not a wrong word for `forward all`); then one whose
  /// number of arguments fits; then the one that got further.
  func explainsBetter(than other: Failure) -> Bool {
    if suggests != other.suggests { return suggests }
    if words != other.words { return words > other.words }
    if fits != other.fits { return fits }
    return progress > other.progress
  }
}

extension Array where Element == Slot {
  /// Whether a form could take `count` arguments.
  func fits(_ count: Int) -> Bool {
    let least = reduce(0) { $0 + ($1.isOptional ? 0 : $1.kind.width) }
    let most = contains(where: \.repeats) ? Int.max : reduce(0) { $0 + $1.kind.width }
    return count >= least && count <= most
  }
}

extension SlotKind {
  /// Whether the slot takes a word of its own (which any value would not match).
  var isWord: Bool {
    switch self {
    case .word, .arrow, .pairs: return true
    default: return false
    }
  }

  /// How many arguments one occurrence takes.
  var width: Int {
    if case .pairs = self { return 2 }
    return 1
  }
}

/// Matches one form, slot by slot, left to right. An optional slot is skipped only when
/// what follows still fits; a repeated slot takes every argument it accepts.
struct FormMatcher {
  let kind: StatementKind
  let slots: [Slot]
  let arguments: [Argument]
  /// The form's own usage line (nil: the statement's synopsis, looked up only for a message).
  let ownUsage: String?
  var usage: String { ownUsage ?? kind.spec.synopsis }
  /// The whole statement, where "needs more arguments" points.
  let span: SourceSpan
  var byRole: [(role: String, argument: Argument)] = []
  /// Literal values out of their range, found once the form fits.
  var valueErrors: [Diagnostic] = []
  /// The keys of the `KEY VALUE` pairs taken, where they stand (checked as options).
  var pairKeys: [(key: String, span: SourceSpan)] = []

  init(kind: StatementKind, slots: [Slot], arguments: [Argument], ownUsage: String?, span: SourceSpan) {
    self.kind = kind
    self.slots = slots
    self.arguments = arguments
    self.ownUsage = ownUsage
    self.span = span
  }

  mutating func match() -> Result<[(role: String, argument: Argument)], Failure> {
    var i = 0
    var words = 0
    func failure(_ d: Diagnostic, _ progress: Int, words: Int) -> Result<[(role: String, argument: Argument)], Failure> {
      .failure(Failure(diagnostic: d, progress: progress, words: words))
    }
    for (n, slot) in slots.enumerated() {
      let later = slots[(n + 1)...].reduce(0) { $0 + ($1.isOptional ? 0 : $1.kind.width) }
      var taken = 0
      while i < arguments.count - later, slot.repeats || taken == 0 {
        if var problem = slot.kind.problem(with: arguments, at: i, kind: kind, usage: usage) {
          if let expected = slot.expected { problem = .error("\(expected) (usage: \(usage))", at: problem.span) }
          // An optional or already-satisfied slot gives way, unless nothing else can take it.
          if slot.isOptional || taken > 0 {
            if n == slots.count - 1 { return failure(problem, i, words: words) }
            break
          }
          return failure(problem, i, words: words)
        }
        take(slot, at: i)
        i += slot.kind.width
        taken += 1
        if slot.kind.isWord { words += 1 }
      }
      if taken == 0 && !slot.isOptional {
        // What is missing is the first slot after the arguments that fit (`load "X.npy" as`: the name).
        let prefix = matchedPrefix()
        let absent = slots.indices.contains(prefix.slot) ? slots[prefix.slot] : slot
        let need = absent.missing.map { "\(kind.rawValue) needs \($0) (usage: \(usage))" }
          ?? "\(kind.rawValue) needs more arguments (usage: \(usage))"
        return failure(.error(need, at: span), Swift.max(i, prefix.count), words: Swift.max(words, prefix.words))
      }
    }
    if i < arguments.count {
      let extra = Diagnostic.error("unexpected argument to \(kind.rawValue) (usage: \(usage))", at: arguments[i].span)
      return failure(extra, i, words: words)
    }
    return .success(byRole)
  }

  /// How many arguments fit the form's slots one by one from the start: for a form that
  /// runs out of arguments, how far the statement is a beginning of it (`forward sample`
  /// begins `forward sample K`).
  func matchedPrefix() -> (count: Int, words: Int, slot: Int) {
    var i = 0, words = 0, n = 0
    while n < slots.count, i < arguments.count {
      guard slots[n].kind.problem(with: arguments, at: i, kind: kind, usage: usage) == nil else { break }
      i += slots[n].kind.width
      if slots[n].kind.isWord { words += 1 }
      n += 1
    }
    return (Swift.min(i, arguments.count), words, n)
  }

  mutating func take(_ slot: Slot, at i: Int) {
    if case .pairs = slot.kind {
      if let key = arguments[i].word {
        byRole.append((key, arguments[i + 1]))
        pairKeys.append((key, arguments[i].span))
      }
      return
    }
    byRole.append((slot.role, arguments[i]))
    if case .integer(let range, let what) = slot.kind, let e = arguments[i].expression,
      let message = OptionKind.integerError(e, what, range)
    {
      valueErrors.append(.error(message, at: e.span))
    }
  }
}

extension SlotKind {
  /// Why the argument at `i` cannot stand here (nil: it can).
  func problem(
    with arguments: [Argument], at i: Int, kind: StatementKind, usage: @autoclosure () -> String
  ) -> Diagnostic? {
    let a = arguments[i]
    switch self {
    case .arrow:
      if case .arrow = a { return nil }
      return .error("expected 'IN -> OUT' (usage: \(usage()))", at: a.span)
    case .word(let set):
      return set.problem(with: a)
    case .pairs(let pairs):
      guard let key = a.word, let pair = pairs.first(where: { $0.key == key }) else {
        return .error("unexpected argument to \(kind.rawValue) (usage: \(usage()))", at: a.span)
      }
      guard i + 1 < arguments.count, arguments[i + 1].expression != nil else {
        return .error("expected \(pair.missing) after '\(key)'", at: a.span)
      }
      return pair.value.problem(with: arguments, at: i + 1, kind: kind, usage: usage())
    case .expression, .integer, .matrix, .name, .path, .text:
      guard let e = a.expression else { return .error("unexpected '->' (usage: \(usage()))", at: a.span) }
      switch self {
      case .name:
        guard a.word == nil else { return nil }
        return .error("expected a name (usage: \(usage()))", at: a.span)
      case .path(let what), .text(let what):
        if case .string = e.kind { return nil }
        return .error("\(what) must be a string in double quotes", at: a.span)
      default:
        return nil
      }
    }
  }
}

extension WordSet {
  /// Why `a` is not one of these words (nil: it is).
  func problem(with a: Argument) -> Diagnostic? {
    if acceptsStrings, case .expression(let e) = a, case .string = e.kind { return nil }
    // A word is written bare: `(data)` is an expression (a variable named data).
    guard let w = a.word, a.span.text == w else {
      return .error(notAWord ?? "expected \(what) (one of: \(words.joined(separator: ", ")))", at: a.span)
    }
    guard let message = message(for: w) else { return nil }
    return .error(message, at: a.span)
  }

  /// The message for the word `w`, nil when it is one of the set.
  func message(for w: String) -> String? {
    if words.contains(w) { return nil }
    if let unknown { return unknown(w) }
    var message = "unknown \(what) '\(w)'"
    if let near = Suggestion.nearest(to: w, in: words) {
      message += "; did you mean '\(near)'?"
    } else {
      message += " (one of: \(words.joined(separator: ", ")))"
    }
    return message
  }
}

extension OptionKind {
  /// What is wrong with the literal value of option `o` (nil: nothing that can be seen
  /// before it runs).
  func error(in o: Option) -> Diagnostic? {
    let key = o.key
    let value = o.value
    var message: String?
    switch self {
    case .expressionText:
      return Self.embeddedExpressionError(o)
    case .integer(let range):
      message = Self.integerError(value, key, range)
    case .yesNo:
      switch value.kind {
      case .name(let w) where Self.yesWords.contains(w) || Self.noWords.contains(w): break
      case .number(let x) where x == 0 || x == 1: break
      default: message = "\(key)= takes yes or no"
      }
    case .word(let set):
      switch value.kind {
      case .name(let w): message = set.message(for: w)
      case .string(let w) where set.acceptsStrings: message = set.message(for: w)
      default: message = set.unknown?("") ?? "\(key)= takes \(set.words.joined(separator: ", "))"
      }
    case .path, .text:
      if case .string = value.kind { break }
      message = "\(self.isPath ? "the file name" : key) must be a string in double quotes"
    case .number, .size, .column, .expression, .name:
      break
    }
    return message.map { .error($0, at: value.span) }
  }

  var isPath: Bool {
    if case .path = self { return true }
    return false
  }

  /// A literal number (`12`, `-3`), nil for anything that must be evaluated.
  static func literal(_ e: Expression) -> Double? {
    switch e.kind {
    case .number(let x): return x
    case .unary(.negate, let inner):
      if case .number(let x) = inner.kind { return -x }
      return nil
    default: return nil
    }
  }

  /// The message `evaluateInteger` gives for a literal out of `range`, nil otherwise.
  static func integerError(_ e: Expression, _ what: String, _ range: ClosedRange<Int>) -> String? {
    guard let x = literal(e) else { return nil }
    return rangeError(x, what, range)
  }

  /// "epochs must be a whole number of at least 1 …" when `x` is not in `range`.
  static func rangeError(_ x: Double, _ what: String, _ range: ClosedRange<Int>) -> String? {
    if x.isFinite, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) { return nil }
    let upper = range.upperBound == Int.max ? "" : " and at most \(range.upperBound)"
    return "\(what) must be a whole number of at least \(range.lowerBound)\(upper) (got \(NumberFormat.format(x)))"
  }
}
