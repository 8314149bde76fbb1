import Foundation
import NNEngine
import Testing

@testable import NNData

/// Malformed files: each is refused with a clear `SafeTensorsError`, never a trap, and
/// nothing is returned.
@Suite struct SafeTensorsValidationTests {
  typealias S = SafeTensorsTestSupport

  /// The reason of an `.invalid` error for `bytes`, or a description of what happened.
  func reason(_ bytes: [UInt8]) -> String {
    do {
      _ = try SafeTensorsFile.decode(bytes, file: "f.safetensors")
      return "accepted"
    } catch SafeTensorsError.invalid(let file, let reason) {
      return file == "f.safetensors" ? reason : "wrong file name \(file)"
    } catch {
      return "\(error)"
    }
  }

  func reason(header: String, data: [UInt8] = []) -> String { reason(S.file(header: header, data: data)) }

  static let valid = S.file(
    header: #"{"__metadata__":{"a":"b"},"W1":{"dtype":"F64","shape":[2,1],"data_offsets":[0,16]},"#
      + #""b1":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#,
    data: S.f64([1, 2]) + [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])

  @Test func theValidFileIsValid() throws {
    let f = try SafeTensorsFile.decode(Self.valid, file: "v")
    #expect(f["W1"]?.values == [1, 2])
    #expect(f["b1"]?.values == [1, 2])
  }

  /// Cut anywhere, the file is refused (a truncated download must not load).
  @Test func truncatedAtEveryByteOffset() throws {
    for n in 0..<Self.valid.count {
      let r = reason(Array(Self.valid.prefix(n)))
      #expect(r != "accepted", "prefix of \(n) bytes")
      #expect(!r.contains("Error("), "prefix of \(n) bytes: \(r)")
    }
    #expect(reason(Array(Self.valid.prefix(3))) == "the file has 3 bytes; it should start with an 8-byte header length")
    #expect(reason(Array(Self.valid.prefix(40))).hasPrefix("the header length "))
    #expect(reason(Array(Self.valid.dropLast(1))) == "the tensors need 24 bytes of data but the file has only 23 (is it truncated?)")
  }

  @Test func headerLength() {
    #expect(reason(S.file(header: "{}", length: 4096)) == "the header length 4096 runs past the end of the file (10 bytes)")
    #expect(reason(S.file(header: "{}", length: UInt64.max)).hasPrefix("the header length 18446744073709551615 is larger than"))
    #expect(reason(S.file(header: "{}", length: 100_000_001)).contains("larger than the 100000000 bytes allowed"))
    // A .npy or CSV file read as safetensors: its first bytes make an absurd length.
    #expect(reason(Array("sepal_length,sepal_width\n5.1,3.5\n".utf8)).contains("is larger than"))
  }

  @Test func headerText() {
    #expect(reason(S.file(header: "")) == "the header does not start with '{' (it should be a JSON object)")
    #expect(reason(header: " {}") == "the header does not start with '{' (it should be a JSON object)")
    #expect(reason(header: "[]").contains("does not start with '{'"))
    #expect(reason(S.file(header: "{")) == "the header is not valid JSON: the JSON text ends inside an object (at byte 9 of the file)")
    #expect(reason(header: #"{"a":1,}"#).hasPrefix("the header is not valid JSON: expected a key in double quotes (at byte 15"))
    #expect(reason(header: "{} x").hasPrefix("the header is not valid JSON: unexpected text after"))
    var bytes = S.file(header: #"{"__metadata__":{"k":"v"}}"#)
    bytes[30] = 0xFF  // inside "v"
    #expect(reason(bytes) == "the header is not UTF-8 text")
    #expect(reason(header: "{}    ") == "accepted")  // padding is fine
    #expect(reason(header: "{}\n\t ") == "accepted")
  }

  @Test func duplicateNamesAndKeys() {
    let t = #"{"dtype":"F64","shape":[0],"data_offsets":[0,0]}"#
    #expect(reason(header: "{\"a\":\(t),\"a\":\(t)}").hasPrefix("the header is not valid JSON: the key \"a\" appears twice"))
    #expect(reason(header: #"{"a":{"dtype":"F64","dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#).contains("appears twice"))
    #expect(reason(header: #"{"__metadata__":{"k":"1","k":"2"}}"#).contains("the key \"k\" appears twice"))
  }

  @Test func tensorEntries() {
    func entry(_ fields: String) -> String { reason(header: #"{"t":{"# + fields + "}}", data: S.f64([1])) }
    #expect(entry(#""dtype":"F99","shape":[1],"data_offsets":[0,8]"#).hasPrefix("tensor 't': unknown dtype \"F99\""))
    #expect(entry(#""shape":[1],"data_offsets":[0,8]"#) == "tensor 't': the field \"dtype\" is missing")
    #expect(entry(#""dtype":"F64","data_offsets":[0,8]"#) == "tensor 't': the field \"shape\" is missing")
    #expect(entry(#""dtype":"F64","shape":[1]"#) == "tensor 't': the field \"data_offsets\" is missing")
    #expect(entry(#""dtype":"F64","shape":[-1],"data_offsets":[0,8]"#).contains("non-negative integers (found -1)"))
    #expect(entry(#""dtype":"F64","shape":[1.0],"data_offsets":[0,8]"#).contains("(found 1.0)"))
    #expect(entry(#""dtype":"F64","shape":["1"],"data_offsets":[0,8]"#).contains("(found a string)"))
    #expect(entry(#""dtype":"F64","shape":1,"data_offsets":[0,8]"#).contains("\"shape\" must be an array"))
    #expect(entry(#""dtype":"F64","shape":[1],"data_offsets":[0,8,8]"#).contains("two numbers"))
    #expect(entry(#""dtype":7,"shape":[1],"data_offsets":[0,8]"#).contains("\"dtype\" must be a string"))
    #expect(entry(#""dtype":"F64","shape":[1],"data_offsets":[0,99999999999999999999]"#).contains("(found 99999999999999999999)"))
    #expect(entry(#""dtype":"F64","shape":[1],"data_offsets":[0,8],"extra":true"#) == "accepted")  // as serde ignores it
    #expect(reason(header: #"{"t":[1]}"#).contains("expected an object"))
    do {
      _ = try SafeTensorsFile.decode(
        S.file(header: #"{"t":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, data: S.f64([1])), file: "c")
      Issue.record("C64 accepted")
    } catch let e as SafeTensorsError {
      #expect(e == .unsupported(file: "c", reason: "tensor 't' has dtype C64, which nnsh does not read (it reads F64 F32 F16 BF16, integers and BOOL)"))
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test func metadataMustBeStrings() {
    #expect(reason(header: #"{"__metadata__":{"k":1}}"#) == "__metadata__ must map strings to strings, but \"k\" is a number")
    #expect(reason(header: #"{"__metadata__":[]}"#) == "__metadata__ must be an object of strings, not an array")
    #expect(reason(header: #"{"__metadata__":null}"#) == "accepted")
  }

  @Test func offsetsMustTileTheData() {
    func two(_ a: String, _ b: String, data: Int = 16) -> String {
      reason(
        header: #"{"a":{"dtype":"F64","shape":[1],"data_offsets":"# + a + #"},"b":{"dtype":"F64","shape":[1],"data_offsets":"# + b + "}}",
        data: [UInt8](repeating: 0, count: data))
    }
    #expect(two("[0,8]", "[8,16]") == "accepted")
    #expect(two("[8,16]", "[0,8]") == "accepted")  // any order in the JSON
    #expect(two("[0,8]", "[16,24]", data: 24) == "the data_offsets [16, 24] of tensor 'b' leaves a gap (bytes 8..<16 belong to no tensor)")
    #expect(two("[0,8]", "[4,12]", data: 12) == "the data_offsets [4, 12] of tensor 'b' overlaps the tensor before it (which ends at 8)")
    #expect(two("[8,16]", "[16,24]", data: 24).contains("[8, 16] of tensor 'a' leaves a gap (bytes 0..<8"))
    #expect(two("[0,8]", "[16,8]").contains("tensor 'b' leaves a gap") || two("[0,8]", "[16,8]").contains("ends before it begins"))
    #expect(two("[0,8]", "[8,4]").contains("ends before it begins"))
    #expect(two("[0,8]", "[8,16]", data: 20) == "the file has 4 bytes of data after the last tensor")
    #expect(two("[0,8]", "[8,16]", data: 12) == "the tensors need 16 bytes of data but the file has only 12 (is it truncated?)")
  }

  @Test func shapeMustMatchTheBytes() {
    #expect(reason(header: #"{"t":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}"#, data: S.f64([1]))
      == "tensor 't' is F64 (2,), which needs 16 bytes, but its data_offsets [0, 8] hold 8")
    #expect(reason(header: #"{"t":{"dtype":"F32","shape":[2,3],"data_offsets":[0,8]}}"#, data: S.f64([1])).contains("which needs 24 bytes"))
    // 2^62 × 4 elements overflow; 2^61 elements × 8 bytes overflow too.
    #expect(reason(header: #"{"t":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: S.f64([1]))
      .contains("has too many elements"))
    #expect(reason(header: #"{"t":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]}}"#, data: S.f64([1]))
      == "the shape (2305843009213693952,) of tensor 't' is too large")
    // A zero dimension makes an empty tensor even when another is huge.
    #expect(reason(header: #"{"t":{"dtype":"F64","shape":[0,9223372036854775807],"data_offsets":[0,0]}}"#) == "accepted")
  }

  @Test func jsonStringsAndNumbers() throws {
    let ok = try SafeTensorsJSON.parse(Array(#"{"a\u00e9\ud83d\ude00\n":[-0.5e+3,true,false,null,"\/"]}"#.utf8))
    #expect(ok == .object([.init(key: "aé😀\n", value: .array([.number("-0.5e+3"), .bool(true), .bool(false), .null, .string("/")]))]))
    for bad in [#""\ud800""#, #""\udc00""#, "\"a\u{01}\"", "01", "1.", "-", "1e", #""\x""#, "tru", "[1 2]", "{\"a\" 1}"] {
      #expect(throws: SafeTensorsJSON.ParseError.self, "\(bad)") { try SafeTensorsJSON.parse(Array(bad.utf8)) }
    }
    let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
    #expect(throws: SafeTensorsJSON.ParseError(message: "the JSON is nested too deeply", offset: 128)) {
      try SafeTensorsJSON.parse(Array(deep.utf8))
    }
    #expect(SafeTensorsJSON.quoted("a\"\\\n\u{01}é") == #""a\"\\\n\u0001é""#)
  }

  /// Random damage to a valid file: it loads or it is refused, but never traps.
  @Test func randomDamageNeverTraps() {
    var g = RandomGenerator(seed: 5)
    for _ in 0..<2000 {
      var bytes = Self.valid
      for _ in 0..<(1 + g.index(below: 3)) {
        bytes[g.index(below: bytes.count)] = UInt8(truncatingIfNeeded: g.index(below: 256))
      }
      do {
        _ = try SafeTensorsFile.decode(bytes, file: "r")
      } catch is SafeTensorsError {
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }
}
