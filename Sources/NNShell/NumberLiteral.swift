/// The range rule for number literals (`1e309`, `1e-400`): a literal must name a number
/// a Double can hold. Without it, `1e309` silently becomes Inf and `1e-400` becomes 0, so
/// a typo in an exponent turns into a value that looks deliberate.
///
/// - too large: the nearest double is ±Inf (above about 1.797e308);
/// - too small: the literal has a non-zero digit but the nearest double is 0 (below
///   about 2.5e-324, half the smallest subnormal).
///
/// A subnormal such as `1e-310` is a number like any other and is accepted, as are
/// `0`, `0.0` and `0e-999` (written zeros).
///
///     NumberLiteral.rangeProblem("1e309", value: .infinity)  // "… is too large …"
///     NumberLiteral.rangeProblem("1e-310", value: 1e-310)    // nil
enum NumberLiteral {
  /// Why `text`, read as `value`, is out of range; nil when it is not.
  static func rangeProblem(_ text: some StringProtocol, value: Double) -> String? {
    if value.isInfinite {
      return "number '\(text)' is too large: the largest number is about 1.8e308"
    }
    if value == 0, mantissaHasNonZeroDigit(text) {
      return "number '\(text)' is too small: it would round to 0 (the smallest number is about 4.9e-324)"
    }
    return nil
  }

  /// True when a digit 1–9 comes before the exponent (`1e-400`, `0.001e-400`), so the
  /// literal does not stand for zero.
  static func mantissaHasNonZeroDigit(_ text: some StringProtocol) -> Bool {
    for c in text {
      if c == "e" || c == "E" { return false }
      if c >= "1" && c <= "9" { return true }
    }
    return false
  }
}
