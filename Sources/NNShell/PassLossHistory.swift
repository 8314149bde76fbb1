/// The J of every forward pass run by hand, so `plot loss` can draw a loop written out
/// as in the notes — `repeat 500 { sample; forward; backward; step }` — when no `train`
/// ran (`train` keeps its own per-epoch history, which `plot loss` prefers).
///
/// Bounded: past `capacity` passes the older half is dropped, so a long loop keeps its
/// latest passes at an amortised O(1) per pass and no string work.
///
///     var history = PassLossHistory()
///     history.append(0.7); history.append(0.5)
///     history.points   // [(1, 0.7), (2, 0.5)]
struct PassLossHistory {
  static let capacity = Limits.passLosses
  private(set) var values: [Double] = []
  /// The pass number (1-based) of `values[0]`: earlier passes were dropped.
  private(set) var firstPass = 1

  var isEmpty: Bool { values.isEmpty }

  mutating func append(_ J: Double) {
    if values.count >= Self.capacity {
      values.removeFirst(Self.capacity / 2)
      firstPass += Self.capacity / 2
    }
    values.append(J)
  }

  mutating func removeAll() {
    values.removeAll()
    firstPass = 1
  }

  /// (pass number, J) for a line chart.
  var points: [(x: Double, y: Double)] {
    values.enumerated().map { (Double(firstPass + $0.offset), $0.element) }
  }
}
