import NNEngine
import Testing

@testable import NNData

/// The protobuf wire format: varints, lengths, packed values, and every way the reader
/// refuses damaged bytes.
@Suite struct ProtobufTests {
  static func read(_ bytes: [UInt8]) -> ProtobufReader { ProtobufReader(bytes, message: "Test") }

  @Test func varintsHaveTheirKnownBytesAndRoundTrip() throws {
    var w = ProtobufWriter()
    w.varint(300)
    #expect(w.bytes == [0xAC, 0x02])
    let values: [UInt64] = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 35, UInt64(Int64.max), UInt64.max]
    w = ProtobufWriter()
    for v in values { w.varint(v) }
    var r = Self.read(w.bytes)
    for v in values { #expect(try r.varint() == v) }
    #expect(r.isAtEnd)
    // int64 −1 is ten bytes of two's complement, as protobuf writes it.
    w = ProtobufWriter()
    w.integer(1, -1)
    #expect(w.bytes == [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    r = Self.read(w.bytes)
    let f = try #require(try r.nextField())
    #expect(f.number == 1 && f.wire == 0)
    #expect(try r.integer(f) == -1)
  }

  @Test func lengthDelimitedFieldsRoundTrip() throws {
    for n in [0, 1, 127, 128, 300, 20_000] {
      let text = String(repeating: "é", count: n)
      var w = ProtobufWriter()
      w.string(2, text)
      w.integer(3, 42)
      var r = Self.read(w.bytes)
      let f = try #require(try r.nextField())
      #expect(f.number == 2 && f.wire == 2)
      #expect(try r.string(f) == text)
      let g = try #require(try r.nextField())
      #expect(try r.integer(g) == 42)
      #expect(try r.nextField() == nil)
    }
  }

  @Test func packedAndUnpackedRepeatedValuesReadAlike() throws {
    let doubles = [1.5, -0.0, .infinity, 1e-300]
    var packed = ProtobufWriter()
    packed.packedDoubles(10, doubles)
    packed.packedFloats(4, [0.25, -3])
    var unpacked = ProtobufWriter()
    for d in doubles {
      unpacked.tag(10, .fixed64)
      unpacked.append(d.bitPattern)
    }
    for f in [Float(0.25), -3] { unpacked.float(4, f) }
    for bytes in [packed.bytes, unpacked.bytes] {
      var r = Self.read(bytes)
      var ds: [Double] = [], fs: [Float] = []
      while let f = try r.nextField() {
        if f.number == 10 { try r.doubles(f, into: &ds) } else { try r.floats(f, into: &fs) }
      }
      #expect(ds.map(\.bitPattern) == doubles.map(\.bitPattern))
      #expect(fs == [0.25, -3])
    }
    // int64s: one field each, or packed.
    var w = ProtobufWriter()
    w.integer(1, 5)
    w.integer(1, 300)
    w.lengthDelimited(1, [0x07, 0xAC, 0x02])
    var r = Self.read(w.bytes)
    var ints: [Int64] = []
    while let f = try r.nextField() { try r.integers(f, into: &ints) }
    #expect(ints == [5, 300, 7, 300])
  }

  @Test func aHugeLengthIsRefusedBeforeAnythingIsRead() throws {
    var w = ProtobufWriter()
    w.tag(7, .lengthDelimited)
    w.varint(1 << 62)
    w.varint(1)
    var r = Self.read(w.bytes)
    let f = try #require(try r.nextField())
    #expect(throws: ProtobufError.lengthPastEnd(message: "Test", field: 7, length: 1 << 62, left: 1)) { _ = try r.data(f) }
    // Packed values whose length is past the end, or not a multiple of their width.
    w = ProtobufWriter()
    w.tag(10, .lengthDelimited)
    w.varint(UInt64(Int.max))
    r = Self.read(w.bytes)
    let g = try #require(try r.nextField())
    var ds: [Double] = []
    #expect(throws: ProtobufError.self) { try r.doubles(g, into: &ds) }
    r = Self.read([0x52, 0x03, 1, 2, 3])
    let h = try #require(try r.nextField())
    #expect(throws: ProtobufError.badPackedLength(message: "Test", field: 10, length: 3, width: 8)) { try r.doubles(h, into: &ds) }
  }

  @Test func damagedBytesAreErrors() throws {
    // A varint of eleven bytes, and one whose tenth byte overflows 64 bits.
    var r = Self.read([UInt8](repeating: 0xFF, count: 11))
    #expect(throws: ProtobufError.overlongVarint(message: "Test", field: 0)) { _ = try r.varint() }
    r = Self.read([UInt8](repeating: 0xFF, count: 9) + [0x02])
    #expect(throws: ProtobufError.overlongVarint(message: "Test", field: 0)) { _ = try r.varint() }
    // A varint cut short, a fixed value cut short.
    r = Self.read([0x08, 0x80])
    var f = try #require(try r.nextField())
    #expect(throws: ProtobufError.truncated(message: "Test", field: 1, what: "a varint")) { _ = try r.integer(f) }
    r = Self.read([0x15, 0x00, 0x00])
    f = try #require(try r.nextField())
    #expect(throws: ProtobufError.self) { _ = try r.float(f) }
    // Groups (wire type 3), field number 0, and a wire type that differs from the declaration.
    r = Self.read([0x0B])
    #expect(throws: ProtobufError.unsupportedWireType(message: "Test", field: 1, wire: 3)) { _ = try r.nextField() }
    r = Self.read([0x00, 0x01])
    #expect(throws: ProtobufError.invalidFieldNumber(message: "Test", number: 0)) { _ = try r.nextField() }
    r = Self.read([0x08, 0x01])
    f = try #require(try r.nextField())
    #expect(throws: ProtobufError.wrongWireType(message: "Test", field: 1, found: 0, expected: 2)) { _ = try r.string(f) }
  }

  @Test func aNestedLengthIsBoundedByItsMessageNotTheFile() throws {
    // The inner message says 5 bytes, but its enclosing message has only 2 left in it.
    let bytes: [UInt8] = [0x3A, 0x02, 0x0A, 0x05, 0, 0, 0, 0, 0, 0]
    var r = Self.read(bytes)
    let f = try #require(try r.nextField())
    var inner = try r.message(f, "Inner")
    let g = try #require(try inner.nextField())
    #expect(throws: ProtobufError.lengthPastEnd(message: "Inner", field: 1, length: 5, left: 0)) { _ = try inner.data(g) }
    #expect(ProtobufError.lengthPastEnd(message: "Inner", field: 1, length: 5, left: 0).description
      == "Inner field 1: a length of 5 bytes, but only 0 are left (the file is truncated or damaged)")
  }
}
