#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// One axis of a chart: the interval of values it shows, linear or logarithmic, where a
/// value falls on it (0 at the low end, 1 at the high end), and round tick values.
///
///     AxisScale(covering: [0.013, 0.7], logarithmic: false).ticks(count: 5)  // 0, 0.2, 0.4, 0.6, 0.8
///     AxisScale(covering: [0.002, 0.7], logarithmic: true).ticks(count: 5)   // 0.01, 0.1
struct AxisScale: Sendable {
  private(set) var low: Double
  private(set) var high: Double
  let logarithmic: Bool

  /// An axis over exactly `low...high` (widened when they are equal, so every value has
  /// a place).
  init(low: Double, high: Double, logarithmic: Bool = false) {
    var lo = low.isFinite ? low : 0
    var hi = high.isFinite ? high : lo + 1
    if lo > hi { swap(&lo, &hi) }
    if logarithmic {
      lo = max(lo, Double.leastNormalMagnitude)
      hi = max(hi, lo)
      if hi <= lo * 1.000001 {
        lo /= 2
        hi *= 2
      }
    } else if hi - lo <= Swift.max(abs(lo), abs(hi)) * 1e-12 {
      let pad = lo == 0 ? 1 : abs(lo) * 0.1
      lo -= pad
      hi += pad
    }
    self.low = lo
    self.high = hi
    self.logarithmic = logarithmic
  }

  /// An axis over the finite values given (positive ones for a log axis), padded by
  /// `padding` (a fraction of the span) on each side.
  init(covering values: [Double], logarithmic: Bool, padding: Double = 0) {
    let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    let lo = usable.min() ?? (logarithmic ? 0.1 : 0)
    let hi = usable.max() ?? 1
    self.init(low: lo, high: hi, logarithmic: logarithmic)
    guard padding > 0 else { return }
    if logarithmic {
      let f = pow(high / low, padding)
      low /= f
      high *= f
    } else {
      let pad = (high - low) * padding
      low -= pad
      high += pad
    }
  }

  /// The axis widened out to round ticks at both ends, so both ends are labelled: to
  /// multiples of the step of `ticks(count:)`, or to whole decades on a log axis
  /// (once the values span one).
  func roundedOut(count: Int) -> AxisScale {
    var copy = self
    if logarithmic {
      if log10(high / low) >= 1 {
        copy.low = pow(10, floor(log10(low) + 1e-9))
        copy.high = pow(10, ceil(log10(high) - 1e-9))
      }
    } else {
      let step = AxisScale.niceStep((high - low) / Double(max(2, count)))
      copy.low = floor(low / step + 1e-9) * step
      copy.high = ceil(high / step - 1e-9) * step
    }
    return copy
  }

  /// Where `v` lies: 0 at `low`, 1 at `high`; nil for values the axis cannot show
  /// (NaN, infinite, or not positive on a log axis).
  func position(_ v: Double) -> Double? {
    guard v.isFinite else { return nil }
    if logarithmic {
      guard v > 0 else { return nil }
      return (log10(v) - log10(low)) / (log10(high) - log10(low))
    }
    return (v - low) / (high - low)
  }

  /// The value at position `t` (0...1): the inverse of `position`.
  func value(at t: Double) -> Double {
    if logarithmic { return pow(10, log10(low) + t * (log10(high) - log10(low))) }
    return low + t * (high - low)
  }

  /// Round values on the axis, about `count` of them: multiples of 1, 2 or 5 × 10^k on a
  /// linear axis; powers of ten on a log axis (with 2× and 5× when it spans little).
  func ticks(count: Int, minimumStep: Double = 0) -> [Double] {
    let n = max(2, count)
    if logarithmic {
      let a = Int(floor(log10(low) + 1e-9)), b = Int(ceil(log10(high) - 1e-9))
      guard b - a < 400 else { return [low, high] }
      var powers: [Double] = []
      let every = max(1, (b - a + n - 1) / n)
      for e in stride(from: a, through: b, by: every) {
        let v = pow(10, Double(e))
        if v >= low * 0.999999 && v <= high * 1.000001 { powers.append(v) }
      }
      if powers.count >= 2 { return powers }
      var more: [Double] = []
      for e in (a - 1)...b {
        for m in [1.0, 2.0, 5.0] {
          let v = m * pow(10, Double(e))
          if v >= low * 0.999999 && v <= high * 1.000001 { more.append(v) }
        }
      }
      return more.count >= 2 ? more : [low, high]
    }
    let step = max(minimumStep, AxisScale.niceStep((high - low) / Double(n)))
    let first = ceil(low / step - 1e-9)
    let last = floor(high / step + 1e-9)
    guard last - first < 1000 else { return [low, high] }
    var ticks: [Double] = []
    var k = first
    while k <= last {
      // k·step, not a running sum, so 0.1 + 0.2 does not creep into 0.30000000000000004.
      let v = k * step
      ticks.append(abs(v) < step * 1e-9 ? 0 : v)
      k += 1
    }
    return ticks
  }

  /// The smallest of 1, 2, 5 × 10^k that is at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw.isFinite, raw > 0 else { return 1 }
    let magnitude = pow(10, floor(log10(raw)))
    for m in [1.0, 2.0, 5.0, 10.0] where m * magnitude >= raw * (1 - 1e-9) {
      return m * magnitude
    }
    return 10 * magnitude
  }

  /// How a tick is labelled: short (`0.2`, `1e-05`, `1500`).
  static func label(_ v: Double) -> String {
    NumberFormat.format(v, digits: 4)
  }
}
