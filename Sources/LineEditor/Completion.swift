/// One way to finish the word before the cursor.
///
///     CompletionCandidate("train")                         // "tra" → "train "
///     CompletionCandidate("epochs=", suffix: "")           // "ep" → "epochs="
///     CompletionCandidate("data/iris.csv", label: "iris.csv", suffix: "\"")
public struct CompletionCandidate: Equatable, Sendable {
  /// The whole word that replaces the partial one, e.g. `train`.
  public var text: String
  /// What a listing of several candidates shows (a path's last part, say).
  public var label: String
  /// Appended when this candidate is the only one: a space after a word, `(` after a
  /// function, nothing after `epochs=` or a directory.
  public var suffix: String

  public init(_ text: String, label: String? = nil, suffix: String = " ") {
    self.text = text
    self.label = label ?? text
    self.suffix = suffix
  }
}

/// What a completer found for the text before the cursor: the partial word it looked
/// at and the candidates that could replace it.
///
///     let c = Completion(word: "tra", candidates: [CompletionCandidate("train")])
///     c.edit  // .insert(deleting: 0, text: "in ")
public struct Completion: Equatable, Sendable {
  /// The end of the text before the cursor that the candidates replace (may be empty).
  public var word: String
  public var candidates: [CompletionCandidate]

  /// Keeps the first candidate of each text, in order.
  public init(word: String, candidates: [CompletionCandidate]) {
    self.word = word
    var seen = Set<String>()
    self.candidates = candidates.filter { seen.insert($0.text).inserted }
  }

  /// Nothing to offer.
  public static let none = Completion(word: "", candidates: [])

  /// What the editor does with a completion, the way shells do it.
  public enum Edit: Equatable, Sendable {
    /// Nothing fits: ring the bell.
    case beep
    /// Delete this many characters before the cursor, then insert the text.
    case insert(deleting: Int, text: String)
    /// Several candidates and nothing more in common: show these labels.
    case list([String])
  }

  /// One candidate is inserted whole (with its suffix); several have their common
  /// prefix inserted, or, when that adds nothing, are listed.
  public var edit: Edit {
    guard let first = candidates.first else { return .beep }
    if candidates.count == 1 { return replacing(with: first.text + first.suffix) }
    let common = candidates.dropFirst().reduce(first.text) { Completion.commonPrefix($0, $1.text) }
    if common.count > word.count && common.hasPrefix(word) {
      return .insert(deleting: 0, text: String(common.dropFirst(word.count)))
    }
    return .list(candidates.map(\.label).sorted())
  }

  private func replacing(with text: String) -> Edit {
    if text.hasPrefix(word) { return .insert(deleting: 0, text: String(text.dropFirst(word.count))) }
    return .insert(deleting: word.unicodeScalars.count, text: text)
  }

  /// The longest common prefix of two strings, by characters.
  ///
  ///     Completion.commonPrefix("W1", "W2")  // "W"
  public static func commonPrefix(_ a: String, _ b: String) -> String {
    var result = ""
    for (x, y) in zip(a, b) {
      guard x == y else { break }
      result.append(x)
    }
    return result
  }
}

/// Lays labels out in columns, top to bottom then left to right, as `ls` and shells
/// list completions.
///
///     CompletionListing.lines(["W1", "W2", "W3", "b1"], width: 10)
///     // ["W1  W3", "W2  b1"]
public enum CompletionListing {
  public static func lines(_ labels: [String], width: Int) -> [String] {
    guard !labels.isEmpty else { return [] }
    let gap = 2
    let widest = labels.map(\.count).max() ?? 0
    let columns = max(1, (max(width, 1) + gap) / (widest + gap))
    let rows = (labels.count + columns - 1) / columns
    var lines: [String] = []
    for r in 0..<rows {
      var line = ""
      for c in 0..<columns {
        let i = c * rows + r
        guard i < labels.count else { break }
        let label = labels[i]
        let isLast = (c + 1) * rows + r >= labels.count
        line += isLast ? label : label + String(repeating: " ", count: widest + gap - label.count)
      }
      lines.append(line)
    }
    return lines
  }
}
