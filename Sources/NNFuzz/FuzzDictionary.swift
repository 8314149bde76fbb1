import NNShell

/// The libFuzzer dictionary of the language targets (`parser`, `interpreter`,
/// `interactive`), `Tests/FuzzCorpus/nnsh.dict`: generated from the statement table —
/// every statement word, every word a positional slot or an option takes, every option
/// key with its `=` — and the functions, the network's names, the punctuation and a few
/// numbers at the edges, so that a new statement reaches the fuzzer without a hand-kept
/// list. `NNFuzzTests` checks the file against it (`NNSH_UPDATE_GOLDEN=1` rewrites it),
/// and `nnsh-fuzz dictionary` prints it.
///
///     FuzzDictionary.words.prefix(3)   // ["seed", "data", "load"]
///     FuzzDictionary.entry("\n")       // "\x0A" (with the quotes)
public enum FuzzDictionary {
  /// Each word once, in the order: statements, their words and options, functions, names, punctuation.
  public static var words: [String] {
    var words = StatementKind.keywords
    for kind in StatementKind.allCases {
      let grammar = StatementGrammar.of(kind)
      words += grammar.forms.joined().flatMap { $0.kind.dictionaryWords }
      words += kind.spec.options.map { $0 + "=" }
      words += kind.spec.options.compactMap { grammar.options[$0] }.flatMap(\.dictionaryWords)
    }
    words += Interpreter.functionNames
    words += NetworkName.all(layers: 2).map(\.name)
    words += ["{", "}", "[", "]", "(", ")", ";", "\n", ",", ":", "..", ".*", "./", ".^", "^", "'", "==", "!=", "<", "<=", ">", ">="]
    words += ["\"\"\"", "\"", "#", "1e9", "1e308", "-1", "0", "0.5", "2147483648"]
    var seen = Set<String>()
    return words.filter { seen.insert($0).inserted }
  }

  /// The dictionary file: a comment line, then one quoted entry a line.
  public static var text: String {
    "# libFuzzer dictionary for the parser, interpreter and interactive targets (scripts/fuzz),\n"
      + "# generated from the statement table by FuzzDictionary (nnsh-fuzz dictionary).\n"
      + words.map(entry).joined(separator: "\n") + "\n"
  }

  /// One word as libFuzzer reads it: in double quotes, `"` and `\` escaped, bytes outside
  /// printable ASCII as `\xHH`.
  public static func entry(_ word: String) -> String {
    var out = "\""
    for byte in word.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
      case 0x20..<0x7F: out += String(UnicodeScalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "\\x" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out + "\""
  }
}

extension SlotKind {
  /// The words this slot takes literally.
  var dictionaryWords: [String] {
    switch self {
    case .word(let set): return set.words
    case .arrow: return ["->"]
    case .pairs(let pairs): return pairs.flatMap { [$0.key] + $0.value.dictionaryWords }
    case .integer, .expression, .matrix, .name, .path, .text: return []
    }
  }
}

extension OptionKind {
  /// The words this option's value may be.
  var dictionaryWords: [String] {
    switch self {
    case .word(let set): return set.words
    case .yesNo: return OptionKind.yesWords + OptionKind.noWords
    case .size: return ["default", "2G", "500M"]
    case .integer, .number, .path, .text, .column, .name, .expression, .expressionText: return []
    }
  }
}
