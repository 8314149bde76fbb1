import LineEditor
import NNShell
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

  /// What may stand after `typed` in `kind`, from the grammar: the words of every form
  /// that starts with those words, and whether a name or an expression may.
  static func allowed(_ kind: StatementKind, after typed: [String])
    -> (words: Set<String>, names: Bool, functions: Bool, path: Bool)
  {
    var words = Set<String>()
    var names = false, functions = false, path = false
    func add(_ kind: SlotKind) {
      switch kind {
      case .word(let set): words.formUnion(set.words)
      case .wordOrExpression(let ws): words.formUnion(ws); (names, functions) = (true, true)
      case .pairs(let pairs): words.formUnion(pairs.map(\.key))
      case .expression, .integer: (names, functions) = (true, true)
      case .name: names = true
      case .path: path = true
      case .text, .arrow: break
      }
    }
    for form in StatementGrammar.of(kind).forms {
      // Every way the form's samples can start: optional slots left out, repeated ones twice.
      // A prefix is what each word must be: a word of the slot's, or any value.
      var prefixes: [[SlotKind]] = [[]]
      func matches(_ p: [SlotKind]) -> Bool { p.count == typed.count && zip(p, typed).allSatisfy { Self.fits($1, $0) } }
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
    }
    return (words, names, functions, path)
  }

  /// The kinds of the words a slot takes (a pair is its key, then its value).
  static func words(of kind: SlotKind) -> [SlotKind] {
    if case .pairs(let pairs) = kind { return [.word(WordSet([pairs[0].key], what: "")), pairs[0].value] }
    return [kind]
  }

  /// Whether the typed word `w` can fill a slot of this kind.
  static func fits(_ w: String, _ kind: SlotKind) -> Bool {
    switch kind {
    case .word(let set): return set.words.contains(w)
    case .arrow: return w == "->"
    case .path, .text: return w.hasPrefix("\"")
    case .name: return w.first?.isLetter == true
    case .expression, .integer, .wordOrExpression: return w != "->"
    case .pairs: return false
    }
  }

  @Test func statementWordsAtTheStart() {
    #expect(Self.offered("") == Set(StatementKind.keywords + Self.names))
  }

  @Test("every word, option key and value word where it may stand, and nothing else", arguments: kinds)
  func everyPlaceOfEveryForm(_ kind: StatementKind) {
    let options = Set(kind.spec.options.map { $0 + "=" })
    for form in StatementGrammar.of(kind).forms {
      var typed: [String] = []
      for slot in form + [nil] as [Slot?] {
        let before = ([kind.rawValue] + typed).joined(separator: " ") + " "
        let (words, names, functions, isPath) = Self.allowed(kind, after: typed)
        let expected = words.union(options).union(names ? Set(Self.names) : []).union(functions ? Self.functions : [])
        #expect(Self.offered(before) == expected, "\(before)|")
        // Paths only inside a string where a file name stands.
        #expect(Self.offered(before + "\"").contains("f.csv") == isPath, "\(before)\"|")
        if case .pairs(let pairs) = slot?.kind {
          for pair in pairs {
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
      case .path, .text, .column: expected = []
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

  @Test func whatTheIssueFound() {
    #expect(Self.offered("load ").isSuperset(of: ["weights", "model", "mnist"]))
    #expect(Self.offered("save ").isSuperset(of: ["grads", "session", "torch"]))
    #expect(Self.offered("step ") == ["explain", "lr="])
    #expect(Self.offered("train epochs=10 ") == ["batch=", "lr=", "quiet=", "report=", "patience=", "min_delta="])
    #expect(Self.offered("evaluate ").isSuperset(of: ["train", "validation", "test", "all"]))
    #expect(Self.offered("layer ").isSuperset(of: ["dense", "dropout"]))
    #expect(Self.offered("forward ").contains("train="))
    #expect(Self.offered("layer dense 2 -> 3 ").isSuperset(of: ["relu", "softmax", "alpha="]))
    #expect(!Self.offered("layer dense 2 -> 3 ").contains("W1"))
    #expect(Self.offered("pause \"").isEmpty)
  }
}
