import LineEditor
import NNShell
import ShellCompletion
import Testing

@testable import nnsh

/// Completion built from the statement grammar (`CompletionVocabulary.nnsh`): for every
/// statement and every place in each of its forms, the words offered are exactly those
/// the grammar lets stand there, every option key is offered, names and functions only
/// where an expression (names alone where a name) may stand, and paths only inside a
/// string that names a file.
@Suite("Completion from the grammar")
struct GrammarCompletionTests {
  static let names = ["W1", "zz"]
  static let functions = Set(Interpreter.functionNames)
  static let completer = LanguageCompleter(
    vocabulary: .nnsh(names: names), listDirectory: { _ in [DirectoryEntry("f.csv")] }, homeDirectory: nil)
  static let kinds = StatementKind.allCases.filter { ![.expression, .let, .set].contains($0) }

  static func offered(_ before: String) -> Set<String> {
    Set(completer.complete(before: before, after: "").candidates.map(\.text))
  }

  static func sample(_ kind: SlotKind) -> [String] { kind.example }

  @Test func trigonometricFunctionsAreOffered() {
    #expect(Self.offered("let q = si").contains { $0.hasPrefix("sin") })
    #expect(Self.offered("show co").contains { $0.hasPrefix("cos") })
  }

  /// What may stand after `typed` in `kind`, from the grammar: the words of every form
  /// that starts with those words, whether a name or an expression may, and the options
  /// of those forms (`KEY VALUE` pairs only where their form takes the key).
  static func allowed(_ kind: StatementKind, after typed: [String])
    -> (words: Set<String>, names: Bool, functions: Bool, path: Bool, options: Set<String>)
  {
    let grammar = StatementGrammar.of(kind)
    let keywords = Self.keywords(kind)
    var words = Set<String>(), options = Set<String>()
    var names = false, functions = false, path = false, anyForm = false
    for (index, form) in grammar.forms.enumerated() {
      let keys = grammar.optionKeys(ofForm: index) ?? kind.spec.options
      var fitsForm = false
      func add(_ kind: SlotKind) {
        fitsForm = true
        switch kind {
        case .word(let set): words.formUnion(set.words)
        case .pairs(let pairs): words.formUnion(pairs.map(\.key).filter(keys.contains))
        case .expression, .integer: (names, functions) = (true, true)
        case .name, .matrix: names = true
        case .path: path = true
        case .text, .arrow: break
        }
      }
      // Every way the form's samples can start: optional slots left out, repeated ones twice.
      // A prefix is what each word must be: a word of the slot's, or any value.
      var prefixes: [[SlotKind]] = [[]]
      func matches(_ p: [SlotKind]) -> Bool {
        p.count == typed.count && zip(p, typed).allSatisfy { Self.fits($1, $0, keywords: keywords) }
      }
      for slot in form {
        let one = Self.words(of: slot.kind)
        var next: [[SlotKind]] = []
        for p in prefixes {
          if matches(p) { add(slot.kind) }
          next.append(p + one)
          if slot.repeats {
            if matches(p + one) { add(slot.kind) }
            next.append(p + one + one)
          }
          if slot.isOptional { next.append(p) }
        }
        prefixes = next
      }
      if prefixes.contains(where: matches) { fitsForm = true }
      if fitsForm {
        anyForm = true
        options.formUnion(keys)
      }
    }
    if !anyForm { options = Set(kind.spec.options) }
    return (words, names, functions, path, options)
  }

  /// The words a statement takes as words in any of its forms: there, never a value.
  static func keywords(_ kind: StatementKind) -> Set<String> {
    Set(StatementGrammar.of(kind).forms.joined().flatMap { slot -> [String] in
      if case .word(let set) = slot.kind { return set.words }
      return []
    })
  }

  /// The kinds of the words a slot takes (a pair is its key, then its value).
  static func words(of kind: SlotKind) -> [SlotKind] {
    if case .pairs(let pairs) = kind { return [.word(WordSet([pairs[0].key], what: "")), pairs[0].value] }
    return [kind]
  }

  /// Whether the typed word `w` can fill a slot of this kind.
  static func fits(_ w: String, _ kind: SlotKind, keywords: Set<String>) -> Bool {
    switch kind {
    case .word(let set): return set.words.contains(w)
    case .arrow: return w == "->"
    case .path, .text: return w.hasPrefix("\"")
    case .name: return w.first?.isLetter == true && !keywords.contains(w)
    case .expression, .integer, .matrix: return w != "->" && !keywords.contains(w)
    case .pairs: return false
    }
  }

  @Test func statementWordsAtTheStart() {
    #expect(Self.offered("") == Set(StatementKind.keywords + Self.names))
  }

  @Test("every word, option key and value word where it may stand, and nothing else", arguments: kinds)
  func everyPlaceOfEveryForm(_ kind: StatementKind) {
    for form in StatementGrammar.of(kind).forms {
      var typed: [String] = []
      for slot in form + [nil] as [Slot?] {
        let before = ([kind.rawValue] + typed).joined(separator: " ") + " "
        let (words, names, functions, isPath, keys) = Self.allowed(kind, after: typed)
        let options = Set(keys.map { $0 + "=" })
        let expected = words.union(options).union(names ? Set(Self.names) : []).union(functions ? Self.functions : [])
        #expect(Self.offered(before) == expected, "\(before)|")
        // Paths only inside a string where a file name stands.
        #expect(Self.offered(before + "\"").contains("f.csv") == isPath, "\(before)\"|")
        if case .pairs(let pairs) = slot?.kind {
          for pair in pairs where keys.contains(pair.key) {
            let afterKey = before + pair.key + " "
            if case .path = pair.value {
              #expect(Self.offered(afterKey + "\"") == ["f.csv"], "\(afterKey)\"|")
              #expect(Self.offered(afterKey).isEmpty, "\(afterKey)|")
            }
          }
        }
        if let slot { typed += Self.sample(slot.kind) }
      }
    }
  }

  @Test("what each option takes", arguments: kinds)
  func optionValues(_ kind: StatementKind) {
    let grammar = StatementGrammar.of(kind)
    let start = ([kind.rawValue] + grammar.forms[0].flatMap { Self.sample($0.kind) }).joined(separator: " ") + " "
    for key in kind.spec.options {
      let before = start + key + "="
      let expected: Set<String>
      switch grammar.options[key] {
      case .yesNo: expected = ["yes", "no"]
      case .word(let set): expected = Set(set.words)
      case .path, .text, .column, .expressionText: expected = []
      case .size: expected = ["default"]
      case .name: expected = Set(Self.names)
      case .integer, .number, .expression, nil: expected = Set(Self.names).union(Self.functions)
      }
      #expect(Self.offered(before) == expected, "\(before)|")
      let isPath: Bool
      if case .path = grammar.options[key] { isPath = true } else { isPath = false }
      #expect(Self.offered(before + "\"").contains("f.csv") == isPath, "\(before)\"|")
      // A key given once is not offered again.
      #expect(!Self.offered(before + "x ").contains(key + "="), "\(before)x |")
    }
  }

  /// The gap issue 14 left: after `data `, `plot `, `load `, `save ` (and `show `) only
  /// what the table lets stand there — the statement's words, the matrix names where a
  /// matrix stands (no functions), and the options of the forms the words still fit.
  @Test func dataPlotLoadSaveShowOfferWhatTheTableAllows() {
    let names = Set(Self.names)
    let datasets = Set(StatementGrammar.Words.datasets.words)
    #expect(Self.offered("data ") == datasets.union(names).union(["n=", "noise=", "classes="]))
    #expect(Self.offered("data W1 ") == names)  // Y: a matrix; data X Y takes no options
    #expect(Self.offered("data xor ") == ["n=", "noise=", "classes="])
    #expect(Self.offered("data W1 *").isSuperset(of: Self.functions))  // an expression goes on
    let pictureOptions: Set<String> = ["to=", "ascii=", "height="]
    #expect(Self.offered("plot ") == names.union(["loss", "boundary", "data", "lr", "row=", "as=", "log="]).union(pictureOptions))
    #expect(Self.offered("plot loss ") == pictureOptions.union(["to", "log="]))
    #expect(Self.offered("plot boundary ") == pictureOptions.union(["to"]))
    #expect(Self.offered("plot W1 ") == pictureOptions.union(["to", "as", "row=", "as="]))
    #expect(Self.offered("plot W1 to \"") == ["f.csv"])
    let loadOptions = Set(StatementKind.load.spec.options.map { $0 + "=" })
    #expect(Self.offered("load ") == loadOptions.union(["weights", "model", "mnist", "checkpoint"]))
    #expect(Self.offered("load \"f.csv\" ") == loadOptions.union(["as"]))
    // A name (one NumPy array), or the part a data file is (`load "t.csv" target=y as test`).
    let csvOptions = Set(["target=", "sep=", "header=", "drop=", "classes="])
    #expect(Self.offered("load \"X.npy\" as ") == names.union(["test", "validation"]).union(csvOptions))
    #expect(Self.offered("load weights ").isEmpty && Self.offered("load mnist ").isEmpty)
    #expect(Self.offered("load weights \"") == ["f.csv"])
    #expect(Self.offered("save ") == names.union(["grads", "session", "torch", "checkpoint", "dtype="]))
    // A checkpoint is always float64 and its file is a path: nothing to offer after the word.
    #expect(Self.offered("save checkpoint ").isEmpty && Self.offered("load checkpoint ").isEmpty)
    #expect(Self.offered("load checkpoint \"") == ["f.csv"])
    #expect(Self.offered("save grads ") == ["dtype="])
    #expect(Self.offered("save W1 ").isEmpty && Self.offered("save session ").isEmpty)
    #expect(Self.offered("save W1 \"") == ["f.csv"])
    // show takes any expression (`show relu(z1)`), so functions are offered too.
    #expect(Self.offered("show ") == names.union(Self.functions).union(["data", "optimizer", "digits="]))
    #expect(Self.offered("show W1 ") == names.union(Self.functions).union(["digits="]))
  }

  @Test func whatTheIssueFound() {
    #expect(Self.offered("load ").isSuperset(of: ["weights", "model", "mnist"]))
    #expect(Self.offered("save ").isSuperset(of: ["grads", "session", "torch"]))
    #expect(Self.offered("step ") == ["explain", "lr="])
    #expect(Self.offered("train epochs=10 ") == ["batch=", "lr=", "quiet=", "report=", "l2=", "l1=", "clip=", "patience=", "min_delta=", "dtype="])
    #expect(Self.offered("schedule ").isSuperset(of: ["step", "exponential", "cosine", "warmup", "none"]))
    #expect(Self.offered("schedule step ") == ["every=", "gamma=", "min=", "epochs="])
    #expect(Self.offered("optimizer ").isSuperset(of: ["adamw"]))
    #expect(Self.offered("optimizer adam ").contains("weight_decay="))
    #expect(Self.offered("help ").isSuperset(of: ["backprop", "adam", "schedule", "regularization", "checkpoint", "dropout", "validation", "patience", "min_delta", "l1", "l2"]))
    #expect(Self.offered("evaluate ").isSuperset(of: ["train", "validation", "test", "all"]))
    #expect(Self.offered("layer ").isSuperset(of: ["dense", "dropout"]))
    #expect(Self.offered("forward ").contains("train="))
    #expect(Self.offered("layer dense 2 -> 3 ").isSuperset(of: ["relu", "softmax", "alpha="]))
    #expect(!Self.offered("layer dense 2 -> 3 ").contains("W1"))
    #expect(Self.offered("pause \"").isEmpty)
  }
}
