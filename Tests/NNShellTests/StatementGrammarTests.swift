import Testing

@testable import NNShell

/// Parse-time checking against the statement grammar, for every statement and every one
/// of its forms: a sample of each form parses cleanly, and each word, path, literal
/// integer, argument count and option value that is wrong is reported at its place by
/// the parser, before anything runs.
@Suite("Statement grammar")
struct StatementGrammarTests {
  /// Every statement written with keywords (let and set are bindings).
  static let kinds = StatementKind.allCases.filter { ![.expression, .let, .set].contains($0) }

  static func sample(_ kind: SlotKind) -> [String] { kind.example }

  static func sample(_ form: [Slot]) -> [[String]] { form.map { sample($0.kind) } }

  /// The statement with its words, and a sample of each option it requires after them.
  static func parse(_ kind: StatementKind, _ words: [String]) -> ParseResult {
    let grammar = StatementGrammar.of(kind)
    let required = grammar.required.map { key -> String in
      if case .expressionText = grammar.options[key] { return key + "=\"x\"" }
      return key + "=x"
    }
    return Parser.parse(SourceText(name: "g.nn", text: ([kind.rawValue] + words + required).joined(separator: " ")))
  }

  /// The column where argument `i` of `words` starts (after the keyword and a space).
  static func column(_ kind: StatementKind, _ words: [String], _ i: Int) -> Int {
    kind.rawValue.count + 2 + words[..<i].reduce(0) { $0 + $1.count + 1 }
  }

  /// Whether the grammar lets a value (an expression) stand at argument `i` after the
  /// same first words: then a wrong word there is a value, checked when it runs.
  static func valueMayStand(_ kind: StatementKind, at i: Int, in words: [String]) -> Bool {
    var trial = words
    trial[i] = "someName"
    return !parse(kind, trial).hasErrors
  }

  @Test("every form of every statement parses", arguments: kinds)
  func everyFormParses(_ kind: StatementKind) {
    for (index, form) in StatementGrammar.of(kind).forms.enumerated() {
      let words = Self.sample(form).flatMap { $0 }
      let result = Self.parse(kind, words)
      #expect(!result.hasErrors, "\(kind) \(words): \(result.diagnostics.map(\.message))")
      guard let s = result.statements.first else { continue }
      #expect(s.parsed.form >= 0 && s.parsed.form <= index, "\(kind) \(words)")
      // Every role of the form it matched is there for the handler.
      for slot in StatementGrammar.of(kind).forms[s.parsed.form] where !slot.isOptional {
        if case .pairs = slot.kind { continue }
        #expect(s.parsed.has(slot.role), "\(kind) \(words): no \(slot.role)")
      }
    }
  }

  @Test("a wrong word is reported at its place", arguments: kinds)
  func wrongWords(_ kind: StatementKind) {
    Self.eachSlot(of: kind) { slot, sample, i in
        guard case .word(let set) = slot.kind else { return }
        var words = sample
        words[i] += "qq"
        let result = Self.parse(kind, words)
        if Self.valueMayStand(kind, at: i, in: words) { return }
        let error = result.diagnostics.first
        #expect(result.diagnostics.count == 1, "\(kind) \(words): \(result.diagnostics.map(\.message))")
        // A statement with one message for every mismatch (`expected 'grad F wrt X'`) points at itself.
        let mismatch = StatementGrammar.of(kind).mismatch
        #expect(error?.span?.start.column == (mismatch == nil ? Self.column(kind, words, i) : 1), "\(kind) \(words)")
        let own = set.problem(with: Self.argument(words[i]))?.message
        #expect(error?.message == (mismatch ?? own) || slot.expected != nil, "\(kind) \(words): \(error?.message ?? "")")
    }
  }

  /// Runs `body` for each slot of each form of `kind`, with the form's sample words and
  /// the index of the slot's first word in them.
  static func eachSlot(of kind: StatementKind, _ body: (Slot, [String], Int) -> Void) {
    for form in StatementGrammar.of(kind).forms {
      let words = sample(form).flatMap { $0 }
      var i = 0
      for slot in form {
        body(slot, words, i)
        i += slot.kind.width
      }
    }
  }

  static func argument(_ word: String) -> Argument {
    let span = Parser.parse(SourceText(name: "w", text: word)).statements[0].span
    return .expression(Expression(.name(word), span: span))
  }

  @Test("a path must be a string, an integer in range", arguments: kinds)
  func wrongValues(_ kind: StatementKind) {
    Self.eachSlot(of: kind) { slot, sample, i in
        let wrong: String
        let expected: String
        switch slot.kind {
        case .path(let what):
          (wrong, expected) = ("3", slot.expected ?? "\(what) must be a string in double quotes")
        case .integer(let range, let what):
          (wrong, expected) = (String(range.lowerBound - 1), "\(what) must be a whole number of at least \(range.lowerBound)")
        default: return
        }
        var words = sample
        words[i] = wrong
        let result = Self.parse(kind, words)
        if !result.hasErrors, case .path = slot.kind, Self.valueMayStand(kind, at: i, in: words) { return }
        #expect(result.diagnostics.count == 1, "\(kind) \(words): \(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.first?.message.hasPrefix(expected) == true, "\(kind) \(words): \(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.first?.span?.start.column == Self.column(kind, words, i))
    }
  }

  @Test("too many arguments, or too few", arguments: kinds)
  func argumentCounts(_ kind: StatementKind) {
    let grammar = StatementGrammar.of(kind)
    for form in grammar.forms {
      let words = Self.sample(form).flatMap { $0 }
      // One more than the form takes, unless it takes any number or another form does.
      if !form.contains(where: \.repeats) && !grammar.forms.contains(where: { $0.fits(words.count + 1) }) {
        let result = Self.parse(kind, words + ["\"extra\""])
        #expect(result.diagnostics.count == 1, "\(kind) \(words) + 1")
        #expect(result.diagnostics.first?.message.contains("unexpected argument to \(kind.rawValue)") == true
          || result.diagnostics.first?.message.hasPrefix("expected") == true, "\(result.diagnostics.map(\.message))")
      }
      // None at all, when every form needs some.
      if !grammar.forms.contains(where: { $0.fits(0) }) {
        let result = Self.parse(kind, [])
        #expect(result.diagnostics.count == 1, "\(kind) alone")
        #expect(result.diagnostics.first?.span?.start.column == 1)
      }
    }
  }

  @Test("literal option values are checked", arguments: kinds)
  func optionValues(_ kind: StatementKind) {
    let grammar = StatementGrammar.of(kind)
    let words = Self.sample(grammar.forms[0]).flatMap { $0 }
    #expect(Set(grammar.options.keys) == Set(kind.spec.options), "\(kind): the grammar's options are the table's")
    for key in kind.spec.options {
      let (wrong, expected): (String, String)
      switch grammar.options[key] {
      case .integer(let range): (wrong, expected) = (String(range.lowerBound - 1), "\(key) must be a whole number of at least")
      case .yesNo: (wrong, expected) = ("maybe", "\(key)= takes yes or no")
      case .word(let set): (wrong, expected) = ("zzz", set.message(for: "zzz") ?? "")
      case .path: (wrong, expected) = ("3", "the file name must be a string in double quotes")
      case .text: (wrong, expected) = ("3", "\(key) must be a string in double quotes")
      default: continue
      }
      let result = Self.parse(kind, words + ["\(key)=\(wrong)"])
      #expect(result.diagnostics.map(\.message).contains { $0.hasPrefix(expected) }, "\(kind) \(key)=\(wrong): \(result.diagnostics.map(\.message))")
      #expect(result.statements.isEmpty)
    }
  }

  /// Help cannot drift from the grammar: every word a statement takes in place of an
  /// argument is in its synopsis or its one line of help.
  @Test("help names every word", arguments: kinds)
  func helpNamesEveryWord(_ kind: StatementKind) {
    guard kind != .help, kind != .data else { return }  // topics and data sets have help pages of their own
    let page = kind.spec.page
    for form in StatementGrammar.of(kind).forms {
      for slot in form {
        switch slot.kind {
        case .word(let set):
          for w in set.words { #expect(page.contains(w), "help \(kind) does not mention \(w)") }
        default: break
        }
      }
    }
  }

  @Test func aWrongWordOnLine40IsReportedBeforeLine1Runs() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let lines = ["print \"line 1 ran\""] + Array(repeating: "let a = 1", count: 38) + ["layer dense 2 -> 3 relux"]
    let outcome = shell.run(SourceText(name: "s.nn", text: lines.joined(separator: "\n")))
    #expect(outcome == .failed)
    #expect(console.output == "")
    #expect(console.errors == """
      s.nn:40:20: error: unknown activation 'relux'; did you mean 'relu'?
         40 | layer dense 2 -> 3 relux
            |                    ^^^^^

      """)
    #expect(shell.variables["a"] == nil)
  }

  @Test func handlersReadTheMatchedForm() {
    let s = Parser.parse(SourceText(name: "g.nn", text: "layer dense 2 -> 3 relu")).statements[0]
    #expect(s.parsed.form == 0)
    #expect(s.parsed.word("activation") == "relu")
    #expect(s.parsed.expression("out")?.span.text == "3")
    let t = Parser.parse(SourceText(name: "g.nn", text: "layer dense 3")).statements[0]
    #expect(t.parsed.form == 2 && t.parsed.word("activation") == nil && !t.parsed.has("in"))
    // An output layer sized by the data: the activation is a word, not the size.
    let u = Parser.parse(SourceText(name: "g.nn", text: "layer dense softmax")).statements[0]
    #expect(u.parsed.form == 1 && u.parsed.word("activation") == "softmax" && !u.parsed.has("out"))
    let g = Parser.parse(SourceText(name: "g.nn", text: "grad f wrt x1 x2")).statements[0]
    #expect(g.parsed.expressions("x").map(\.span.text) == ["x1", "x2"])
  }

  /// `data`, `load`, `save`, `plot`, `show`: each form in the table, so the handler
  /// reads the form the parser chose, and an option a form does not take is refused
  /// before anything runs.
  @Test func formsOfTheDataAndFileStatements() {
    func parsed(_ text: String) -> StatementArguments? {
      let result = Parser.parse(SourceText(name: "g.nn", text: text))
      return result.hasErrors ? nil : result.statements.first?.parsed
    }
    #expect(parsed("data xor n=10")?.word("set") == "xor")
    #expect(parsed("data X Y")?.expression("Y")?.span.text == "Y")
    #expect(parsed("load \"X.npy\" \"y.npy\"")?.expression("targets")?.span.text == "\"y.npy\"")
    #expect(parsed("load \"X.npy\" as A")?.expression("name")?.span.text == "A")
    #expect(parsed("load mnist \"dir\"")?.word("what") == "mnist")
    #expect(parsed("save W1' \"w.npy\"")?.expression("value")?.span.text == "W1'")
    #expect(parsed("save grads \"g.safetensors\" dtype=f32")?.word("what") == "grads")
    #expect(parsed("plot loss log=yes")?.word("subject") == "loss")
    #expect(parsed("plot (data)")?.word("subject") == nil)  // a variable so named
    #expect(parsed("plot W1 row=2 as \"2x2\" to \"w.svg\"")?.expressions("to").count == 1)
    #expect(parsed("show data 3")?.expression("count")?.span.text == "3")
    #expect(parsed("show a1 W1")?.expressions("values").map(\.span.text) == ["a1", "W1"])
    #expect(parsed("forward sample 2")?.word("mode") == "sample")
  }

  @Test func optionsAFormDoesNotTake() {
    func errors(_ text: String) -> [String] { Parser.parse(SourceText(name: "g.nn", text: text)).diagnostics.map(\.message) }
    #expect(errors("data X Y n=3") == ["data X Y takes no options"])
    #expect(errors("load mnist \"d\" target=y") == ["load mnist takes no options"])
    #expect(errors("load weights \"m.safetensors\" sep=\";\"") == ["load weights takes no options"])
    #expect(errors("load \"X.npy\" \"y.npy\" as=A") == ["as= names one array; with two files the pair is a data set"])
    #expect(errors("load \"X.npy\" as A as=B") == ["the name is given twice (as X and as=)"])
    #expect(errors("save W1 \"w.npy\" dtype=f32") == ["save X \"X.npy\" takes no options (the file holds float64)"])
    #expect(errors("save session \"s.nn\" dtype=f32") == ["save session takes no options"])
    #expect(errors("plot loss row=2") == ["row= applies to a matrix (plot W1 row=5 as \"8x8\")"])
    #expect(errors("plot data as \"8x8\"") == ["'as' applies to a matrix (plot W1 row=5 as \"8x8\")"])
    #expect(errors("plot W1 log=yes") == ["log= applies to plot loss"])
    #expect(errors("forward all x=[1; 2]").first?.hasPrefix("forward all takes no x= or y=") == true)
    #expect(errors("forward sample") == ["forward needs more arguments (usage: forward sample K)"])
    #expect(errors("forward all 3") == ["unexpected argument to forward (usage: forward all)"])
    #expect(errors("load \"X.npy\" y").first?.hasPrefix("expected the targets' file name in double quotes, or 'as NAME'") == true)
    #expect(errors("load \"X.npy\" as").first?.hasPrefix("load needs a name after 'as'") == true)
    #expect(errors("plot W1 to \"a.svg\" to=\"b.svg\"") == ["option 'to' is given twice"])
    #expect(errors("plot W1 as \"2x2\" as [2 2]") == ["option 'as' is given twice"])
    #expect(errors("draw net to \"a.svg\" to \"b.svg\"") == ["option 'to' is given twice"])
    #expect(errors("show data 0") == ["the number of samples must be a whole number of at least 1 and at most 2147483647 (got 0)"])
  }

  /// A bad form of `load`, `save`, `plot` or `data` late in a script is reported before
  /// its first line runs (each at its place), and nothing changes.
  @Test func aBadFileFormOnALateLineIsReportedBeforeLine1Runs() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let late = ["load mnist \"d\" sep=\";\"", "save W1 \"w.npy\" dtype=f32", "plot loss as \"8x8\"", "data X Y noise=1"]
    let lines = ["data xor", "let a = 1"] + Array(repeating: "let b = 2", count: 20) + late
    let outcome = shell.run(SourceText(name: "s.nn", text: lines.joined(separator: "\n")))
    #expect(outcome == .failed)
    #expect(console.output == "")
    #expect(shell.variables["a"] == nil && shell.dataset == nil)
    for (n, expected) in [(23, "23:16: error: load mnist takes no options"), (24, "24:17: error: save X"), (25, "25:11: error: 'as' applies"), (26, "26:10: error: data X Y takes no options")] {
      #expect(console.errors.contains("s.nn:\(expected)"), "line \(n): \(console.errors)")
    }
  }

  @Test func wordsThatNeedTheirOwnMessages() {
    func error(_ text: String) -> String? { Parser.parse(SourceText(name: "g.nn", text: text)).diagnostics.first?.message }
    #expect(error("data mnist")?.hasPrefix("MNIST is not shipped with nnsh") == true)
    #expect(error("data spirall") == "unknown data set 'spirall'; did you mean 'spiral'?")
    #expect(error("help trian") == "no help on 'trian'; did you mean 'train'?")
    #expect(error("help \"train\"") == nil)
    #expect(error("save \"m.safetensors\" dtype=float32") == nil)
    #expect(error("save \"m.safetensors\" dtype=f16") == "dtype= takes f64 or f32")
    #expect(error("step explain") == nil)
    #expect(error("step explian") == "unknown step mode 'explian'; did you mean 'explain'?")
    #expect(error("train epochs=0") == "epochs must be a whole number of at least 1 and at most 10000000 (got 0)")
    #expect(error("train epochs=n") == nil)  // a name: its value is known when it runs
    #expect(error("load \"X.npy\" to B")?.hasPrefix("expected 'as' between the file and the name") == true)
  }
}
