#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Turns the bytes of one CSV cell into a `Double`, fast and exactly as `strtod` would.
///
/// Most cells are plain decimals such as `5.1`, `-0.25`, `255` or `1e-3`. For those the
/// digits are gathered into an integer `w` and a power of ten `e`; when `w ≤ 2⁵³` and
/// `|e| ≤ 22`, both `w` and `10^|e|` are exact doubles, so a single IEEE multiplication
/// or division gives the correctly rounded result — the same double as `strtod`
/// (Clinger's fast path). Everything else (17-digit numbers, huge exponents, `inf`,
/// `nan`) goes to `strtod` itself, or to Swift's locale-independent `Double(String)` when
/// the C locale's decimal point is not '.'.
///
///     "5.1".utf8 → 51 / 10 → 5.1
///     "0.30000000000000004" → strtod
///     "0x10" → nil (hexadecimal is not a decimal number, although strtod reads it)
enum DecimalParser {
  /// 10⁰ … 10²², all exactly representable.
  static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// True when `strtod` reads '.' as the decimal point (the "C" locale, unless the program
  /// called `setlocale(LC_NUMERIC, …)`). Checked once per file.
  static func strtodUsesDot() -> Bool {
    guard let conv = localeconv(), let point = conv.pointee.decimal_point else { return false }
    return point.pointee == 0x2E && point.advanced(by: 1).pointee == 0
  }

  /// The number written in `count` bytes at `p`, or nil when they are not a number.
  /// Leading and trailing blanks must already be removed.
  @inline(__always)
  static func parse(_ p: UnsafePointer<UInt8>, _ count: Int, strtodUsesDot: Bool) -> Double? {
    if let v = parseFast(p, count) { return v }
    return parseSlow(p, count, strtodUsesDot: strtodUsesDot)
  }

  /// Clinger's fast path for `[+-]digits[.digits][(e|E)[+-]digits]`; nil when the text has
  /// another form or needs more precision (the caller then falls back to `strtod`).
  @inline(__always)
  static func parseFast(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
    var i = 0
    var negative = false
    if i < count && (p[i] == 0x2D || p[i] == 0x2B) {  // - +
      negative = p[i] == 0x2D
      i += 1
    }
    var w: UInt64 = 0
    var significant = 0  // digits in w, leading zeros excluded
    var e10 = 0
    var mantissaDigits = 0
    while i < count {
      let d = p[i] &- 0x30
      guard d < 10 else { break }
      if significant < 19 {
        w = w &* 10 &+ UInt64(d)
        if w != 0 { significant += 1 }
      } else if d == 0 {
        e10 += 1  // an integer part beyond 19 digits: only zeros keep the fast path
      } else {
        return nil
      }
      mantissaDigits += 1
      i += 1
    }
    if i < count && p[i] == 0x2E {  // .
      i += 1
      while i < count {
        let d = p[i] &- 0x30
        guard d < 10 else { break }
        if significant < 19 {
          w = w &* 10 &+ UInt64(d)
          if w != 0 { significant += 1 }
          e10 -= 1
        } else if d != 0 {
          return nil  // trailing zeros beyond 19 digits change nothing
        }
        mantissaDigits += 1
        i += 1
      }
    }
    guard mantissaDigits > 0 else { return nil }
    if i < count && (p[i] | 0x20) == 0x65 {  // e E
      i += 1
      var expNegative = false
      if i < count && (p[i] == 0x2D || p[i] == 0x2B) {
        expNegative = p[i] == 0x2D
        i += 1
      }
      var exp = 0
      var expDigits = 0
      while i < count {
        let d = p[i] &- 0x30
        guard d < 10 else { break }
        if exp < 100_000 { exp = exp * 10 + Int(d) }
        expDigits += 1
        i += 1
      }
      guard expDigits > 0 else { return nil }
      e10 += expNegative ? -exp : exp
    }
    guard i == count else { return nil }
    if w == 0 { return negative ? -0.0 : 0.0 }
    guard w <= 1 << 53 else { return nil }
    let m = Double(w)
    let v: Double
    if e10 >= 0 && e10 <= 22 {
      v = m * powersOfTen[e10]
    } else if e10 < 0 && e10 >= -22 {
      v = m / powersOfTen[-e10]
    } else {
      return nil
    }
    return negative ? -v : v
  }

  /// `strtod` on a NUL-terminated copy; nil unless it consumes every byte.
  static func parseSlow(_ p: UnsafePointer<UInt8>, _ count: Int, strtodUsesDot: Bool) -> Double? {
    guard count > 0 else { return nil }
    // strtod would skip leading blanks and accept a NUL-truncated prefix: refuse both.
    if p[0] == 0x20 || p[0] == 0x09 || p[0] == 0x0A || p[0] == 0x0D || p[0] == 0x0B || p[0] == 0x0C {
      return nil
    }
    let text = UnsafeBufferPointer(start: p, count: count)
    if text.contains(0) { return nil }
    // strtod and Double(String) read hexadecimal (`0x10` as 16, `0x1p3` as 8); a CSV
    // column of numbers is decimal (as pandas reads it), so a hex cell is not a number.
    // No decimal, `inf` or `nan` spelling holds an x.
    if text.contains(0x78) || text.contains(0x58) { return nil }
    guard strtodUsesDot else {
      return Double(String(decoding: text, as: UTF8.self))
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
      guard let base = buffer.baseAddress else { return nil }
      UnsafeMutableRawPointer(base).copyMemory(from: p, byteCount: count)
      base[count] = 0
      var end: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(base, &end)
      guard let stop = end, stop == base + count else { return nil }
      return v
    }
  }
}
