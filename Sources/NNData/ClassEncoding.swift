/// Turns target values into 0-based class numbers and class names, the same way for CSV
/// and NumPy files.
///
/// Class order is **sorted**, never order of appearance, so that the same data gives the
/// same class numbers however its rows are shuffled, and the numbers agree with NumPy's
/// `np.unique` and scikit-learn's `LabelEncoder`:
/// - numbers sort numerically (`2 < 10`); integers are named without a decimal point
///   ("0", "1", … "10"), other numbers in their shortest exact form ("0.5");
/// - text sorts by Unicode code points (byte order of UTF-8, as Python sorts `str`), so
///   iris's species are setosa, versicolor, virginica.
///
///     ClassEncoding.numbers([3, 1, 3, 10])   // labels [1, 0, 1, 2], names ["1", "3", "10"]
///     ClassEncoding.texts(["b", "a", "b"])   // labels [1, 0, 1], names ["a", "b"]
enum ClassEncoding {
  /// Classes from numeric values (each distinct value is a class).
  static func numbers(_ values: [Double]) -> (labels: [Int], names: [String]) {
    let distinct = Array(Set(values)).sorted()
    var index = [Double: Int](minimumCapacity: distinct.count)
    for (i, v) in distinct.enumerated() { index[v] = i }
    let labels = values.map { index[$0] ?? 0 }
    return (labels, distinct.map(name(of:)))
  }

  /// Classes from text labels.
  static func texts(_ values: [String]) -> (labels: [Int], names: [String]) {
    let distinct = Array(Set(values)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var index = [String: Int](minimumCapacity: distinct.count)
    for (i, v) in distinct.enumerated() { index[v] = i }
    let labels = values.map { index[$0] ?? 0 }
    return (labels, distinct)
  }

  /// The number of distinct values, stopping early past `limit` (to refuse absurd class
  /// counts without building a huge set).
  static func distinctCount<T: Hashable>(_ values: [T], limit: Int) -> Int {
    var seen = Set<T>()
    for v in values {
      seen.insert(v)
      if seen.count > limit { return seen.count }
    }
    return seen.count
  }

  /// True when `v` is a whole number that a `Double` holds exactly.
  static func isInteger(_ v: Double) -> Bool {
    v.isFinite && v == v.rounded(.towardZero) && Swift.abs(v) <= 9_007_199_254_740_992
  }

  /// "3" for integers, "0.5" (shortest round-trip form) otherwise.
  static func name(of v: Double) -> String {
    isInteger(v) ? String(Int64(v)) : String(v)
  }
}
