#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Wall-clock timing for the benchmarks: a monotonic clock read through
/// `clock_gettime`, which neither allocates nor goes through Foundation.
enum Stopwatch {
  /// Seconds since an arbitrary fixed point (`CLOCK_MONOTONIC`).
  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// CPU seconds used by the whole process so far, every thread counted
  /// (`CLOCK_PROCESS_CPUTIME_ID`). On a shared machine this is the steadier number for a
  /// single-threaded run: time spent descheduled is not counted. With several BLAS
  /// threads it adds up the threads (spin-waiting included), so it exceeds wall time.
  static func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// Wall and CPU seconds taken by one call of `body`.
  static func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    let (w0, c0) = (now(), cpuNow())
    try body()
    let (c1, w1) = (cpuNow(), now())
    return (w1 - w0, c1 - c0)
  }

  /// Seconds taken by one call of `body`.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
  }
}

/// The median of a non-empty sample (the mean of the middle two for an even count).
/// Medians, not means: one descheduled run on a shared 2-core machine must not move
/// the reported number.
func median(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return .nan }
  let s = values.sorted()
  let m = s.count / 2
  return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/// A number printed with a fixed count of decimals (no Foundation `String(format:)`).
func fixed(_ x: Double, _ decimals: Int) -> String {
  guard x.isFinite else { return "\(x)" }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let r = (abs(x) * scale).rounded() / scale
  let whole = Int(r)
  var text = (x < 0 && r != 0 ? "-" : "") + String(whole)
  if decimals > 0 {
    let frac = Int(((r - Double(whole)) * scale).rounded())
    let digits = String(frac)
    text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
  }
  return text
}
