import NNEngine

/// What a lesson does after a pause or an exercise: go on, or end (as `quit`).
public enum LessonAction: Sendable {
  case resume, leave
}

/// What the learner's line at an exercise's prompt led to (`Interpreter.respond`).
public enum ExerciseStep: Sendable {
  /// Not right yet: ask again.
  case again
  /// Right, or the solution was shown: the lesson goes on.
  case done
  /// The line is a statement, not an answer: run it as at a pause, then ask again.
  case statement
}

/// An exercise as the learner meets it in `nnsh learn`: the task, the expected value
/// (the answer evaluated in the session when the exercise was reached), and the tries.
///
/// An answer is compared with the expected value shape first, then entry by entry:
/// entries agree when |yours − expected| ≤ tol · max(1, |expected|) (absolute for small
/// values, relative for large ones, as `numpy.isclose` with rtol = atol = tol); NaN
/// never agrees. After `ExerciseProgress.tries` wrong answers the solution is shown.
public struct ExerciseProgress {
  public let task: String
  public let hint: String?
  /// The answer as written (`dz2`).
  public let answer: String
  let answerExpression: Expression
  let expected: Matrix
  let solution: EmbeddedExpression
  let tolerance: Double
  public internal(set) var wrongTries = 0

  /// Wrong answers before the solution is shown.
  public static let tries = 3

  /// nil when `got` is the expected value; otherwise what differs, worded for the
  /// learner (`yours`: "you have") or for the author (`yours`: "the solution gives").
  ///
  ///     expected a 4×1 column (the shape of dz2), got a 1×4 row
  ///     entries (2,1) and (4,1) differ: you have 0.31 and 0, expected 0.12 and 0.5
  func difference(_ got: Matrix, yours: String = "you have") -> String? {
    ExerciseProgress.difference(got, expected, tolerance: tolerance, answer: answer, yours: yours)
  }

  static func difference(_ got: Matrix, _ expected: Matrix, tolerance: Double, answer: String, yours: String) -> String? {
    guard got.shape == expected.shape else {
      let whose = isName(answer) ? "the shape of \(answer)" : "the answer's shape"
      return "expected \(describe(expected.shape)) (\(whose)), got \(describe(got.shape))"
    }
    var differing: [Int] = []
    for k in 0..<expected.storage.count {
      let x = got.storage[k], y = expected.storage[k]
      if !(Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y))) { differing.append(k) }
    }
    guard !differing.isEmpty else { return nil }
    let shown = Array(differing.prefix(3))
    let pairs = shown.map { k in numbers(got.storage[k], expected.storage[k]) }
    let have = listed(pairs.map(\.0)), want = listed(pairs.map(\.1))
    if expected.isScalar { return "\(yours) \(have), expected \(want)" }
    let rows = expected.rows
    let places = shown.map { "(\($0 % rows + 1),\($0 / rows + 1))" }
    if differing.count == 1 {
      return "entry \(places[0]) differs: \(yours) \(have), expected \(want)"
    }
    if differing.count <= 3 {
      return "entries \(listed(places)) differ: \(yours) \(have), expected \(want)"
    }
    return "\(differing.count) of \(expected.storage.count) entries differ, among them \(listed(places)): "
      + "\(yours) \(have), expected \(want)"
  }

  /// Whether the answer is written as a name (`dz2`), not as an expression.
  static func isName(_ text: String) -> Bool {
    guard let first = text.first, first.isLetter || first == "_" else { return false }
    return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }

  /// "a 4×1 column", "a 1×4 row", "a number", "a 3×4 matrix".
  static func describe(_ s: Shape) -> String {
    if s.rows == 1 && s.cols == 1 { return "a number (1×1)" }
    if s.cols == 1 { return "a \(s) column" }
    if s.rows == 1 { return "a \(s) row" }
    return "a \(s) matrix"
  }

  /// Two numbers with as many digits as it takes to tell them apart (4 to 12).
  static func numbers(_ x: Double, _ y: Double) -> (String, String) {
    var digits = 4
    while digits < 12 && NumberFormat.format(x, digits: digits) == NumberFormat.format(y, digits: digits) { digits += 2 }
    return (NumberFormat.format(x, digits: digits), NumberFormat.format(y, digits: digits))
  }

  /// "a", "a and b", "a, b and c".
  static func listed(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
  }
}
