/// Protocol Buffers' wire format, the decoding side (see `ProtobufWriter` for the format).
///
/// A reader walks the fields of one message, a range of a byte array: `nextField()` gives
/// each field's number and wire type, and the caller reads the value with the method for
/// its kind (or `skip`s a field it does not know). Nothing is trusted: every length is
/// checked against the bytes left *in the enclosing message* before anything is read or
/// allocated, a varint has at most ten bytes, and wire types 3 and 4 (groups, which ONNX
/// never uses) and 6, 7 are errors — so a truncated or damaged file is a `ProtobufError`,
/// never a crash, a hang or a huge allocation.
///
///     try ProtobufReader(bytes, message: "ModelProto").forEachField { r, field in
///       switch field.number {
///       case 1: irVersion = try r.integer(field)
///       case 7: graph = try Graph(r.message(field, "GraphProto"))
///       default: return false          // skipped
///       }
///       return true
///     }
///
/// Repeated numbers are read packed (one length-delimited field) or not (one field per
/// value), as protobuf parsers must accept both.
public struct ProtobufReader: Sendable {
  /// One field's tag.
  public struct Field: Sendable {
    public var number: Int
    public var wire: UInt8
  }

  let bytes: [UInt8]
  private(set) var position: Int
  let end: Int
  /// The message being read (`GraphProto`), for errors.
  let message: String
  /// The field being read, for errors.
  private var current = 0

  /// A reader of the whole of `bytes` as one `message`.
  public init(_ bytes: [UInt8], message: String) {
    self.init(bytes, from: 0, to: bytes.count, message: message)
  }

  init(_ bytes: [UInt8], from start: Int, to end: Int, message: String) {
    self.bytes = bytes
    self.position = start
    self.end = end
    self.message = message
  }

  /// True once every field has been read.
  public var isAtEnd: Bool { position >= end }

  /// The next field's tag, or nil at the end of the message.
  public mutating func nextField() throws(ProtobufError) -> Field? {
    guard position < end else { return nil }
    current = 0
    let tag = try varint()
    let number = tag >> 3, wire = UInt8(tag & 7)
    guard number >= 1, number <= 536_870_911 else { throw .invalidFieldNumber(message: message, number: number) }
    current = Int(number)
    guard [0, 1, 2, 5].contains(wire) else { throw .unsupportedWireType(message: message, field: current, wire: wire) }
    return Field(number: current, wire: wire)
  }

  /// Reads every field of the message: `body` reads those it knows and returns false for
  /// the others, which are skipped.
  public func forEachField(_ body: (inout ProtobufReader, Field) throws -> Bool) throws {
    var r = self
    while let f = try r.nextField() {
      if try !body(&r, f) { try r.skip(f) }
    }
  }

  /// A varint (at most ten bytes, the last contributing one bit).
  public mutating func varint() throws(ProtobufError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < end else { throw .truncated(message: message, field: current, what: "a varint") }
      let byte = bytes[position]
      position += 1
      if shift == 63 && byte > 1 { throw .overlongVarint(message: message, field: current) }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
      if shift > 63 { throw .overlongVarint(message: message, field: current) }
    }
  }

  /// An `int64`, `int32` or enum field's value (wire type 0).
  public mutating func integer(_ field: Field) throws(ProtobufError) -> Int64 {
    try expect(field, 0)
    return Int64(bitPattern: try varint())
  }

  /// A `float` field's value (wire type 5).
  public mutating func float(_ field: Field) throws(ProtobufError) -> Float {
    try expect(field, 5)
    return Float(bitPattern: try fixed(UInt32.self))
  }

  /// A `bytes` field's value.
  public mutating func data(_ field: Field) throws(ProtobufError) -> ArraySlice<UInt8> {
    let range = try lengthDelimited(field)
    return bytes[range]
  }

  /// A `string` field's value (invalid UTF-8 is replaced, never trusted).
  public mutating func string(_ field: Field) throws(ProtobufError) -> String {
    String(decoding: try data(field), as: UTF8.self)
  }

  /// A reader of the nested message in `field`, called `name` in errors.
  public mutating func message(_ field: Field, _ name: String) throws(ProtobufError) -> ProtobufReader {
    let range = try lengthDelimited(field)
    return ProtobufReader(bytes, from: range.lowerBound, to: range.upperBound, message: name)
  }

  /// Appends the values of a `repeated double` field, packed (wire type 2) or not (1).
  public mutating func doubles(_ field: Field, into values: inout [Double]) throws(ProtobufError) {
    try fixedValues(field, into: &values, width: 8) { Double(bitPattern: $0) }
  }

  /// Appends the values of a `repeated float` field, packed (wire type 2) or not (5).
  public mutating func floats(_ field: Field, into values: inout [Float]) throws(ProtobufError) {
    try fixedValues(field, into: &values, width: 4) { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
  }

  /// Appends the values of a `repeated int64` field, packed (wire type 2) or not (0).
  public mutating func integers(_ field: Field, into values: inout [Int64]) throws(ProtobufError) {
    guard field.wire == 2 else {
      values.append(try integer(field))
      return
    }
    var inner = try message(field, message)
    inner.current = field.number
    while !inner.isAtEnd { values.append(Int64(bitPattern: try inner.varint())) }
  }

  /// Skips a field this reader does not read.
  public mutating func skip(_ field: Field) throws(ProtobufError) {
    switch field.wire {
    case 0: _ = try varint()
    case 1: _ = try fixed(UInt64.self)
    case 5: _ = try fixed(UInt32.self)
    default: _ = try lengthDelimited(field)
    }
  }

  // MARK: Pieces

  /// The range of a length-delimited value, checked against the bytes left.
  mutating func lengthDelimited(_ field: Field) throws(ProtobufError) -> Range<Int> {
    try expect(field, 2)
    let length = try varint()
    let left = end - position
    guard length <= UInt64(left) else {
      throw .lengthPastEnd(message: message, field: current, length: length, left: left)
    }
    let start = position
    position += Int(length)
    return start..<position
  }

  /// A little-endian fixed-width value.
  mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(ProtobufError) -> T {
    let width = MemoryLayout<T>.size
    guard end - position >= width else {
      throw .truncated(message: message, field: current, what: "a \(width)-byte value")
    }
    var value: T = 0
    for k in 0..<width { value |= T(bytes[position + k]) << (8 * k) }
    position += width
    return value
  }

  /// Fixed-width repeated values, packed or one per field.
  private mutating func fixedValues<T>(
    _ field: Field, into values: inout [T], width: Int, _ make: (UInt64) -> T
  ) throws(ProtobufError) {
    let single: UInt8 = width == 8 ? 1 : 5
    if field.wire == single {
      if width == 8 { values.append(make(try fixed(UInt64.self))) } else { values.append(make(UInt64(try fixed(UInt32.self)))) }
      return
    }
    let range = try lengthDelimited(field)
    guard range.count % width == 0 else {
      throw .badPackedLength(message: message, field: current, length: range.count, width: width)
    }
    values.reserveCapacity(values.count + range.count / width)
    var k = range.lowerBound
    while k < range.upperBound {
      var raw: UInt64 = 0
      for j in 0..<width { raw |= UInt64(bytes[k + j]) << (8 * j) }
      values.append(make(raw))
      k += width
    }
  }

  /// Checks that a field has the wire type its declaration implies.
  private func expect(_ field: Field, _ wire: UInt8) throws(ProtobufError) {
    guard field.wire == wire else {
      throw .wrongWireType(message: message, field: field.number, found: field.wire, expected: wire)
    }
  }
}

/// What the protobuf reader refuses. Each names the message and field it was reading:
///
///     GraphProto field 5: a length of 4096 bytes, but only 120 are left
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes end inside a value.
  case truncated(message: String, field: Int, what: String)
  /// A length-delimited value longer than what is left of its message.
  case lengthPastEnd(message: String, field: Int, length: UInt64, left: Int)
  /// A varint of more than 64 bits.
  case overlongVarint(message: String, field: Int)
  /// Field number 0 or beyond 2²⁹ − 1.
  case invalidFieldNumber(message: String, number: UInt64)
  /// Groups (3, 4) or the undefined wire types 6 and 7.
  case unsupportedWireType(message: String, field: Int, wire: UInt8)
  /// A field whose wire type is not the one its declaration has.
  case wrongWireType(message: String, field: Int, found: UInt8, expected: UInt8)
  /// Packed fixed-width values whose length is not a multiple of their width.
  case badPackedLength(message: String, field: Int, length: Int, width: Int)

  public var description: String { description(naming: { _, _ in nil }) }

  /// The message, with each field named by `naming(message, number)` where it knows the
  /// name (`ModelProto field 7 (graph)`).
  public func description(naming: (String, Int) -> String?) -> String {
    func place(_ message: String, _ field: Int) -> String {
      guard field != 0 else { return message }
      return "\(message) field \(field)" + (naming(message, field).map { " (\($0))" } ?? "")
    }
    switch self {
    case .truncated(let m, let f, let what):
      return "\(place(m, f)): the data ends inside \(what) (the file is truncated)"
    case .lengthPastEnd(let m, let f, let length, let left):
      return "\(place(m, f)): a length of \(length) bytes, but only \(left) \(left == 1 ? "is" : "are") left (the file is truncated or damaged)"
    case .overlongVarint(let m, let f):
      return "\(place(m, f)): a varint longer than 64 bits (the file is damaged)"
    case .invalidFieldNumber(let m, let n):
      return "\(m): field number \(n) is not a valid protobuf field number (the file is damaged)"
    case .unsupportedWireType(let m, let f, let w):
      return "\(place(m, f)): wire type \(w)\(w == 3 || w == 4 ? " (a protobuf group, which ONNX never uses)" : ", which protobuf does not define") (the file is damaged)"
    case .wrongWireType(let m, let f, let found, let expected):
      return "\(place(m, f)): wire type \(found) where ONNX declares \(expected)"
    case .badPackedLength(let m, let f, let length, let width):
      return "\(place(m, f)): \(length) bytes of packed \(width)-byte values (not a multiple of \(width))"
    }
  }
}
