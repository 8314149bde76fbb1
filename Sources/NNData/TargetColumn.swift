/// Which column of a CSV file holds the target (what the network should predict).
///
/// In the language the target is written `target=species` (a header name) or
/// `target=5` (a 1-based column number, as all indices in nnsh). `init(parsing:)` makes
/// that choice: text made only of digits is a number, anything else a name.
///
///     TargetColumn(parsing: "species")   // .name("species")
///     TargetColumn(parsing: "5")         // .number(5)
public enum TargetColumn: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The column whose header is this name (exact match first, then case-insensitive).
  case name(String)
  /// The column at this 1-based position.
  case number(Int)

  /// A name, or a number when the text is all ASCII digits.
  public init(parsing text: String) {
    if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) {
      self = .number(n)
    } else {
      self = .name(text)
    }
  }

  public var description: String {
    switch self {
    case .name(let s): return s
    case .number(let n): return String(n)
    }
  }
}

/// How target values become outputs: class labels (one-hot) or values (regression).
///
/// - `auto`: text labels and integers are classes; other numbers are regression values.
///   This matches scikit-learn's habits (`y` of integers is a classification target).
/// - `labels`: every distinct value is a class, even `0.5` (e.g. labels saved as floats).
/// - `values`: the target is numeric and used as is (regression), even if it holds integers.
///
/// Written `classes=auto|labels|values` in the language.
public enum ClassMode: String, CaseIterable, Sendable {
  case auto, labels, values
}
