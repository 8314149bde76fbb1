/// Protocol Buffers' wire format, the encoding side: enough of it to write ONNX models
/// (see `ONNXModel+Encoding.swift`), nothing more.
///
/// A message is a sequence of fields, each a *tag* — the varint `field << 3 | wire type` —
/// then its value: a varint (wire type 0: integers, enums, booleans), 8 little-endian bytes
/// (1: double, fixed64), a varint length and that many bytes (2: strings, bytes, nested
/// messages, packed repeated numbers), or 4 little-endian bytes (5: float, fixed32).
/// A varint holds 7 bits per byte, least significant group first, with the high bit set
/// on every byte but the last:
///
///     300 = 0b1_0010_1100  →  [0xAC, 0x02]
///     var w = ProtobufWriter()
///     w.integer(1, 8)          // field 1, varint 8: [0x08, 0x08]
///     w.string(2, "nnsh")      // field 2, length 4: [0x12, 0x04, 0x6E, 0x6E, 0x73, 0x68]
///
/// A nested message is written into its own writer and added as a length-delimited field
/// (`message(_:_:)`), so every length is known before it is written. Fields with their
/// default value are still written when asked for: the caller decides what to leave out.
public struct ProtobufWriter: Sendable {
  /// The wire types (the low three bits of a tag).
  public enum WireType: UInt64, Sendable {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
  }

  public private(set) var bytes: [UInt8] = []

  public init() {}

  /// Appends `value` as a varint (1 to 10 bytes).
  public mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  /// The tag of field `number` with `wire` type.
  public mutating func tag(_ number: Int, _ wire: WireType) {
    varint(UInt64(number) << 3 | wire.rawValue)
  }

  /// An `int64`/`int32`/enum field: negative numbers take ten bytes (two's complement),
  /// as protobuf's `int64` does (not zigzag, which is `sint64`).
  public mutating func integer(_ number: Int, _ value: Int64) {
    tag(number, .varint)
    varint(UInt64(bitPattern: value))
  }

  /// A `float` field (wire type 5).
  public mutating func float(_ number: Int, _ value: Float) {
    tag(number, .fixed32)
    append(value.bitPattern)
  }

  /// A `bytes` field (or any length-delimited value).
  public mutating func lengthDelimited(_ number: Int, _ value: [UInt8]) {
    tag(number, .lengthDelimited)
    varint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  /// A `string` field (UTF-8).
  public mutating func string(_ number: Int, _ value: String) {
    lengthDelimited(number, Array(value.utf8))
  }

  /// A nested message, written by `body` into a writer of its own.
  public mutating func message(_ number: Int, _ body: (inout ProtobufWriter) -> Void) {
    var inner = ProtobufWriter()
    body(&inner)
    lengthDelimited(number, inner.bytes)
  }

  /// `repeated double … [packed = true]`: one length-delimited field of 8-byte values.
  public mutating func packedDoubles(_ number: Int, _ values: [Double]) {
    tag(number, .lengthDelimited)
    varint(UInt64(values.count * 8))
    bytes.reserveCapacity(bytes.count + values.count * 8)
    for v in values { append(v.bitPattern) }
  }

  /// `repeated float … [packed = true]`.
  public mutating func packedFloats(_ number: Int, _ values: [Float]) {
    tag(number, .lengthDelimited)
    varint(UInt64(values.count * 4))
    bytes.reserveCapacity(bytes.count + values.count * 4)
    for v in values { append(v.bitPattern) }
  }

  /// The little-endian bytes of a fixed-width integer (a float's or double's bit pattern).
  mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }
}
