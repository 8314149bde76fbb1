/// "Did you mean …?" for misspelt names: statements, options, variables, functions.
///
///     Suggestion.nearest(to: "trian", in: StatementKind.keywords)   // "train"
///     Suggestion.nearest(to: "epoch", in: ["epochs", "batch", "lr"]) // "epochs"
///     Suggestion.nearest(to: "xyzzy", in: StatementKind.keywords)   // nil
///
/// Distance is Damerau–Levenshtein (the optimal-string-alignment form: insertions,
/// deletions, substitutions and swaps of neighbours each cost 1), since the typical slip
/// at a keyboard is one of those four. Case is ignored when measuring, so `Train` finds
/// `train`.
public enum Suggestion {
  /// The candidate closest to `word`, or nil when none is close enough.
  ///
  /// `word` itself is never the answer. Close enough means within `max(1, word.count / 3)` edits — and fewer edits than the
  /// longer of the two has characters, so `x` never "suggests" the unrelated `y`.
  /// Ties go to the candidate that also matches best with case respected, then to the
  /// earliest in alphabetical order (ignoring case), so answers do not depend on the
  /// order of `candidates`.
  public static func nearest(to word: String, in candidates: [String]) -> String? {
    let threshold = max(1, word.count / 3)
    let lowered = Array(word.lowercased())
    let exact = Array(word)
    var best: (candidate: String, distance: Int, caseDistance: Int)?
    // The word itself is no suggestion: "did you mean 'softmax'?" for 'softmax' says
    // only that the name was misused, which the caller must say instead.
    for candidate in candidates where candidate != word {
      let d = distance(lowered, Array(candidate.lowercased()))
      guard d <= threshold, d < max(word.count, candidate.count) else { continue }
      let c = distance(exact, Array(candidate))
      if let b = best {
        let better =
          (d, c) < (b.distance, b.caseDistance)
          || ((d, c) == (b.distance, b.caseDistance)
            && candidate.lowercased() < b.candidate.lowercased())
        if !better { continue }
      }
      best = (candidate, d, c)
    }
    return best?.candidate
  }

  /// The optimal-string-alignment distance between `a` and `b`.
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Three rows suffice: a swap looks back two rows.
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          row[j] = min(row[j], before[j - 2] + 1)
        }
      }
      (before, previous, row) = (previous, row, before)
    }
    return previous[b.count]
  }
}
