#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData

/// The words a statement language offers for completion. The line editor knows no
/// language: the program fills this in from its own tables (for nnsh, the statement
/// grammar, the functions, the help topics and the names in scope).
///
///     var v = CompletionVocabulary(statements: ["layer", "loss", "train"])
///     v.grammar["train"] = StatementCompletion(options: ["epochs", "quiet"], optionValues: ["quiet": .words(["yes", "no"])])
///     v.grammar["loss"] = StatementCompletion(forms: [[CompletionElement(.words(["mse", "bce", "ce"]))]])
public struct CompletionVocabulary: Sendable {
  /// The keywords that start a statement.
  public var statements: [String]
  /// Each statement's forms and options; a statement without an entry takes expressions.
  public var grammar: [String: StatementCompletion]
  /// Function names, completed with a `(`.
  public var functions: [String]
  /// Every name that has a value now (variables, the network's parameters …).
  public var names: [String]

  public init(
    statements: [String] = [], grammar: [String: StatementCompletion] = [:], functions: [String] = [],
    names: [String] = []
  ) {
    self.statements = statements
    self.grammar = grammar
    self.functions = functions
    self.names = names
  }
}

/// One entry of a directory, for completing file paths.
public struct DirectoryEntry: Equatable, Sendable {
  public var name: String
  public var isDirectory: Bool

  public init(_ name: String, isDirectory: Bool = false) {
    self.name = name
    self.isDirectory = isDirectory
  }

  /// The entries of a directory on disk (nil if it cannot be read).
  public static func list(_ path: String) -> [DirectoryEntry]? {
    guard let found = DirectoryEntries.read(path) else { return nil }
    var entries: [DirectoryEntry] = []
    for (name, type) in found {
      var isDirectory = Int(type) == Int(DT_DIR)
      if Int(type) == Int(DT_LNK) || Int(type) == Int(DT_UNKNOWN) {
        var info = stat()
        isDirectory = stat(path + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
      }
      entries.append(DirectoryEntry(name, isDirectory: isDirectory))
    }
    return entries
  }
}

/// Completion that knows a statement language's shape: statement names at the start of
/// a statement, a statement's words and `key=` options after it, names and functions
/// inside expressions, and file paths inside a string literal. Pure apart from
/// `listDirectory`, which tests replace.
///
///     let completer = LanguageCompleter(vocabulary: v)
///     completer.complete(before: "tra", after: "").edit         // .insert(deleting: 0, text: "in ")
///     completer.complete(before: "train ep", after: "").edit    // .insert(deleting: 0, text: "ochs=")
///     completer.complete(before: "load \"da", after: "").edit   // paths starting with "da"
public struct LanguageCompleter {
  public var vocabulary: CompletionVocabulary
  /// Lists a directory for path completion (nil: cannot be read).
  public var listDirectory: (String) -> [DirectoryEntry]?
  /// What a leading `~/` in a path stands for.
  public var homeDirectory: String?

  public init(
    vocabulary: CompletionVocabulary,
    listDirectory: @escaping (String) -> [DirectoryEntry]? = DirectoryEntry.list,
    homeDirectory: String? = getenv("HOME").map { String(cString: $0) }
  ) {
    self.vocabulary = vocabulary
    self.listDirectory = listDirectory
    self.homeDirectory = homeDirectory
  }

  /// Candidates for the word that ends `before` (the text before the cursor, which may
  /// span several lines of one block); `after` is the text after the cursor.
  public func complete(before: String, after: String) -> Completion {
    switch CompletionContext(before) {
    case .comment:
      return .none
    case .string(let partial, let words):
      guard takesPath(words) else { return Completion(word: partial, candidates: []) }
      return completePath(partial, after: after)
    case .code(let words, let word, let inBrackets, let afterEquals):
      if word.first?.isNumber == true { return Completion(word: word, candidates: []) }
      let candidates = codeCandidates(words: words, inBrackets: inBrackets, afterEquals: afterEquals)
      return Completion(word: word, candidates: candidates.filter { $0.text.hasPrefix(word) })
    }
  }

  private func codeCandidates(words: [String], inBrackets: Bool, afterEquals: Bool) -> [CompletionCandidate] {
    let v = vocabulary
    if inBrackets {  // no space after a name inside `( )` or `[ ]`
      return names("") + vocabulary.functions.sorted().map { CompletionCandidate($0, suffix: "(") }
    }
    // At the start of a statement: its keyword, or a name starting an expression
    // (`W1 * x`); functions wait for an expression, or `tra` would offer `transpose`.
    guard let keyword = words.first else {
      return v.statements.map { CompletionCandidate($0) } + names(" ")
    }
    guard v.statements.contains(keyword), let grammar = v.grammar[keyword] else {
      return candidates(for: .expression)  // `W1 * x`, `let v = W`
    }
    if afterEquals {
      // `key=`: what that option takes; `let`-like `x =` never reaches here.
      guard let last = words.last, last.hasSuffix("="), let slot = grammar.optionValues[String(last.dropLast())] else {
        return candidates(for: .expression)
      }
      return candidates(for: slot)
    }
    let arguments = words.dropFirst().filter { !Self.isOption($0) }
    let used = Set(words.dropFirst().filter(Self.isOption).compactMap { w in w.firstIndex(of: "=").map { String(w[..<$0]) } })
    let options = grammar.awaitsPairValue(after: Array(arguments)) ? []
      : grammar.options(after: Array(arguments)).filter { !used.contains($0) }.map { CompletionCandidate($0 + "=", suffix: "") }
    let slots = grammar.nextSlots(after: Array(arguments))
    let words = slots.flatMap { slot -> [CompletionCandidate] in
      switch slot {
      case .words(let ws): return ws.map { CompletionCandidate($0) }
      case .pairs(let pairs): return pairs.keys.sorted().map { CompletionCandidate($0) }
      default: return []
      }
    }
    var values: [CompletionCandidate] = []
    if slots.contains(where: \.takesExpression) {
      values = candidates(for: .expression)
    } else if slots.contains(.name) || slots.contains(.matrix) {
      values = names(" ")
    }
    var seen = Set<String>()
    return (words + options + values).filter { seen.insert($0.text).inserted }
  }

  /// Whether a string begun after `words` names a file: the statement's grammar has a path
  /// there (`load "`, `plot W1 to "`, `to="`). Without a grammar, any string may.
  private func takesPath(_ words: [String]) -> Bool {
    guard let keyword = words.first, let grammar = vocabulary.grammar[keyword] else { return true }
    if let last = words.last, words.count > 1, last.hasSuffix("="), last.dropLast().allSatisfy(CompletionContext.isNameCharacter) {
      return grammar.optionValues[String(last.dropLast())] == .path
    }
    return grammar.nextSlots(after: words.dropFirst().filter { !Self.isOption($0) }).contains(.path)
  }

  /// What may be typed in `slot`: its words, names and functions, or nothing (a path or
  /// text is completed only once its string has begun).
  private func candidates(for slot: CompletionSlot) -> [CompletionCandidate] {
    let functions = vocabulary.functions.sorted().map { CompletionCandidate($0, suffix: "(") }
    switch slot {
    case .words(let ws): return ws.map { CompletionCandidate($0) }
    case .name, .matrix: return names(" ")
    case .expression: return names(" ") + functions
    case .pairs(let pairs): return pairs.keys.sorted().map { CompletionCandidate($0) }
    case .path, .text, .arrow: return []
    }
  }

  private func names(_ suffix: String) -> [CompletionCandidate] {
    vocabulary.names.sorted().map { CompletionCandidate($0, suffix: suffix) }
  }

  /// `epochs=10`: an option already given (not `==`, and not `=` on its own).
  static func isOption(_ w: String) -> Bool {
    guard let i = w.firstIndex(of: "="), i != w.startIndex, let first = w.first else { return false }
    return (first == "_" || first.isLetter) && w[w.index(after: i)...].first != "="
      && w[..<i].allSatisfy(CompletionContext.isNameCharacter)
  }

  private func completePath(_ partial: String, after: String) -> Completion {
    let slash = partial.lastIndex(of: "/")
    let directoryPart = slash.map { String(partial[...$0]) } ?? ""
    let base = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
    var directory = directoryPart.isEmpty ? "." : directoryPart
    if directory.hasPrefix("~/"), let home = homeDirectory {
      directory = home + directory.dropFirst()
    }
    guard let entries = listDirectory(directory) else { return Completion(word: partial, candidates: []) }
    let closing = after.hasPrefix("\"") ? "" : "\""
    let candidates = entries
      .filter { $0.name.hasPrefix(base) && $0.name != "." && $0.name != ".." }
      .filter { base.hasPrefix(".") || !$0.name.hasPrefix(".") }  // hidden files only when asked for
      .sorted { $0.name < $1.name }
      .map { e -> CompletionCandidate in
        let slashIfDirectory = e.isDirectory ? "/" : ""
        return CompletionCandidate(
          directoryPart + Self.escaped(e.name) + slashIfDirectory, label: e.name + slashIfDirectory,
          suffix: e.isDirectory ? "" : closing)
      }
    return Completion(word: partial, candidates: candidates)
  }

  /// A file name as it is written inside a string literal.
  static func escaped(_ name: String) -> String {
    name.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"")
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
    var result = ""
    for c in self { if c == target { result += replacement } else { result.append(c) } }
    return result
  }
}

/// Where the cursor is, as far as completion cares: in a comment, in a string literal,
/// or in code (with the words of the statement so far and the partial word).
///
///     CompletionContext("train ep")     // .code(words: ["train"], word: "ep", …)
///     CompletionContext("load \"dat")   // .string(partial: "dat", words: ["load"])
enum CompletionContext: Equatable {
  case comment
  /// Inside a string literal; `partial` is its text so far, `words` the statement's words
  /// before the string.
  case string(partial: String, words: [String])
  /// `words`: the statement's words before the partial `word`; `inBrackets`: inside
  /// `( )` or `[ ]`; `afterEquals`: right after `key=` or `let x =`.
  case code(words: [String], word: String, inBrackets: Bool, afterEquals: Bool)

  init(_ before: String) {
    let chars = Array(before)
    var inString = false, escaped = false, inComment = false
    var stringStart = 0
    var brackets: [Character] = []
    var statementStart = 0
    // Line breaks and `;` end a statement only at the top level or directly inside
    // `{ }`, as in the language's scanner; inside `[ ]` they separate matrix rows.
    func endsStatement() -> Bool { brackets.last == nil || brackets.last == "{" }
    for (i, c) in chars.enumerated() {
      if inComment {
        if c == "\n" {
          inComment = false
          if endsStatement() { statementStart = i + 1 }
        }
        continue
      }
      if inString {
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == "\"" || c == "\n" {
          inString = false
        }
        continue
      }
      switch c {
      case "\"":
        inString = true
        stringStart = i + 1
      case "#": inComment = true
      case "(", "[": brackets.append(c)
      case "{":
        brackets.append(c)
        statementStart = i + 1
      case ")", "]":
        if !brackets.isEmpty { brackets.removeLast() }
      case "}":
        if !brackets.isEmpty { brackets.removeLast() }
        statementStart = i + 1
      case "\n", ";":
        if endsStatement() { statementStart = i + 1 }
      default: break
      }
    }
    if inComment {
      self = .comment
      return
    }
    if inString {
      self = .string(partial: String(chars[stringStart...]), words: CompletionContext.words(chars[statementStart..<(stringStart - 1)]))
      return
    }
    var wordStart = chars.count
    while wordStart > statementStart, CompletionContext.isNameCharacter(chars[wordStart - 1]) {
      wordStart -= 1
    }
    let word = String(chars[wordStart...])
    let words = CompletionContext.words(chars[statementStart..<wordStart])
    var afterEquals = false
    if wordStart > 0, chars[wordStart - 1] == "=" {
      // `key=` or `let x =`, not `==`, `<=`, `>=` or `!=`.
      let before = wordStart > 1 ? chars[wordStart - 2] : " "
      afterEquals = !"=<>!".contains(before)
    } else if let last = words.last, last == "=" {
      afterEquals = true  // `let x = W`
    }
    let inBrackets = brackets.last == "(" || brackets.last == "["
    self = .code(words: words, word: word, inBrackets: inBrackets, afterEquals: afterEquals)
  }

  /// The statement's words, split at spaces outside strings and brackets: `load "my
  /// file.csv" as X` has four, and `[1 2; 3 4]` is one.
  static func words(_ chars: ArraySlice<Character>) -> [String] {
    var words: [String] = []
    var word = ""
    var depth = 0, inString = false, escaped = false
    for c in chars {
      if inString {
        if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
      } else if c == "\"" {
        inString = true
      } else if "([{".contains(c) {
        depth += 1
      } else if ")]}".contains(c) {
        depth = max(0, depth - 1)
      } else if c.isWhitespace && depth == 0 {
        if !word.isEmpty { words.append(word) }
        word = ""
        continue
      }
      word.append(c)
    }
    if !word.isEmpty { words.append(word) }
    return words
  }

  static func isNameCharacter(_ c: Character) -> Bool {
    c == "_" || c.isLetter || c.isNumber
  }
}
