/// The element types (`"dtype"`) of the safetensors format that nnsh reads, with their
/// sizes in bytes. Every element is stored little-endian.
///
/// | dtype | element | read as |
/// |---|---|---|
/// | `F64` `F32` | IEEE 754 binary64 / binary32 | exactly |
/// | `F16` | IEEE 754 binary16 | exactly |
/// | `BF16` | bfloat16 (the top half of a binary32) | exactly |
/// | `I64 I32 I16 I8`, `U64 U32 U16 U8` | integers | exactly up to 2⁵³, then rounded |
/// | `BOOL` | one byte, 0 is false | 0 or 1 |
///
/// nnsh writes `F64` (the default, bit-exact) and `F32` (`save "m.safetensors" dtype=f32`,
/// what PyTorch uses by default). The other dtypes of the format (`F8_E4M3`, `F8_E5M2`,
/// `C64`, the 4- and 6-bit floats, …) are known by name and refused with a clear message.
///
///     SafeTensorsDType(rawValue: "BF16")?.size   // 2
///     SafeTensorsDType(option: "f32")            // .f32
public enum SafeTensorsDType: String, CaseIterable, Sendable {
  case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
  case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
  case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
  case bool = "BOOL"

  /// Dtypes of the format that nnsh knows of but does not convert.
  static let knownUnsupported: Set<String> = [
    "F8_E4M3", "F8_E5M2", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ", "F4", "F6_E2M3", "F6_E3M2", "C64", "C128",
  ]

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .f64, .i64, .u64: return 8
    case .f32, .i32, .u32: return 4
    case .f16, .bf16, .i16, .u16: return 2
    case .i8, .u8, .bool: return 1
    }
  }

  /// True for the types nnsh can write (`F64`, `F32`).
  public var isWritable: Bool { self == .f64 || self == .f32 }

  /// The type named by a `dtype=` option: `f64`/`float64`/`double`, `f32`/`float32`/`float`
  /// (any case); only the writable ones.
  public init?(option: String) {
    switch option.lowercased() {
    case "f64", "float64", "double": self = .f64
    case "f32", "float32", "float": self = .f32
    default: return nil
    }
  }

  /// Converts `count` little-endian elements at the start of `raw` to doubles.
  func decode(_ raw: UnsafeRawBufferPointer, count: Int) -> [Double] {
    var out = [Double](repeating: 0, count: count)
    out.withUnsafeMutableBufferPointer { o in
      func le<T: FixedWidthInteger>(_ k: Int, _: T.Type) -> T {
        T(littleEndian: raw.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self))
      }
      switch self {
      case .f64: for k in 0..<count { o[k] = Double(bitPattern: le(k, UInt64.self)) }
      case .f32: for k in 0..<count { o[k] = Double(Float(bitPattern: le(k, UInt32.self))) }
      case .f16: for k in 0..<count { o[k] = SafeTensorsDType.half(le(k, UInt16.self)) }
      case .bf16: for k in 0..<count { o[k] = Double(Float(bitPattern: UInt32(le(k, UInt16.self)) << 16)) }
      case .i64: for k in 0..<count { o[k] = Double(Int64(bitPattern: le(k, UInt64.self))) }
      case .i32: for k in 0..<count { o[k] = Double(Int32(bitPattern: le(k, UInt32.self))) }
      case .i16: for k in 0..<count { o[k] = Double(Int16(bitPattern: le(k, UInt16.self))) }
      case .i8: for k in 0..<count { o[k] = Double(Int8(bitPattern: raw[k])) }
      case .u64: for k in 0..<count { o[k] = Double(le(k, UInt64.self)) }
      case .u32: for k in 0..<count { o[k] = Double(le(k, UInt32.self)) }
      case .u16: for k in 0..<count { o[k] = Double(le(k, UInt16.self)) }
      case .u8: for k in 0..<count { o[k] = Double(raw[k]) }
      case .bool: for k in 0..<count { o[k] = raw[k] == 0 ? 0 : 1 }
      }
    }
    return out
  }

  /// Appends `values` as little-endian elements of this type (`F64` or `F32` only;
  /// `F32` rounds to nearest, as `torch.float32` conversion does).
  func encode(_ values: [Double], into out: inout [UInt8]) {
    switch self {
    case .f32:
      for v in values { append(Float(v).bitPattern.littleEndian, to: &out) }
    default:
      for v in values { append(v.bitPattern.littleEndian, to: &out) }
    }
  }

  private func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: v) { out.append(contentsOf: $0) }
  }

  /// IEEE 754 half precision (binary16) to double, exactly.
  static func half(_ h: UInt16) -> Double {
    let sign: Double = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int(h >> 10 & 0x1F)
    let fraction = Double(h & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24  // zero or subnormal
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }
}
