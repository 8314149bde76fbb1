#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Numbers as nnsh prints them: `%.Ng` with N significant digits (4 by default,
/// `format digits=8` to change), so `0.4967`, `1.523`, `-3`, `1e-05`.
public enum NumberFormat {
  /// `x` with `digits` significant digits, C's `%g` (no trailing zeros).
  public static func format(_ x: Double, digits: Int = 4) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
    if x == 0 { return "0" }  // also turns -0 into 0
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
      let n = withVaList([Int32(max(1, min(digits, 17))), x]) { args in
        vsnprintf(buffer.baseAddress, 64, "%.*g", args)
      }
      let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(max(0, min(n, 63))))
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Fixed decimals, for times and percentages: `fixed(0.1234, 3)` → `0.123`.
  public static func fixed(_ x: Double, _ decimals: Int) -> String {
    if !x.isFinite { return format(x) }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
      let n = withVaList([Int32(decimals), x]) { args in
        vsnprintf(buffer.baseAddress, 64, "%.*f", args)
      }
      let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(max(0, min(n, 63))))
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}
