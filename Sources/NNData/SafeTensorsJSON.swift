/// The small part of JSON that a safetensors header needs, read and written without
/// Foundation (so that nnsh starts fast, and so that duplicate keys, which
/// `JSONSerialization` silently merges, are caught).
///
/// Reading follows RFC 8259 strictly: objects, arrays, strings (with every escape,
/// `\u` surrogate pairs included), numbers (kept as their text, so that
/// `18446744073709551615` is not rounded), `true`, `false`, `null`; whitespace around
/// values; nothing after the top-level value but whitespace. It refuses, with the byte
/// offset: a duplicate key in an object, control characters inside strings, lone
/// surrogates, nesting deeper than `maxDepth`, and invalid UTF-8 (checked by the caller).
///
///     let v = try SafeTensorsJSON.parse(Array(#"{"a": [1, 2]}"#.utf8))
///     // .object([("a", .array([.number("1"), .number("2")]))])
enum SafeTensorsJSON {
  /// Deepest nesting accepted (serde_json, which the reference implementation uses,
  /// stops at 128).
  static let maxDepth = 128

  /// A JSON value. Objects keep their members in the order of the text.
  indirect enum Value: Equatable {
    case object([Member])
    case array([Value])
    case string(String)
    /// The number's text exactly as written (`-1.5e3`).
    case number(String)
    case bool(Bool)
    case null

    /// How the value is called in messages: "a string", "an array", …
    var kindName: String {
      switch self {
      case .object: return "an object"
      case .array: return "an array"
      case .string: return "a string"
      case .number: return "a number"
      case .bool: return "a boolean"
      case .null: return "null"
      }
    }
  }

  struct Member: Equatable {
    var key: String
    var value: Value
  }

  /// Why the text is not JSON, and the 0-based byte offset where that was seen.
  struct ParseError: Error, Equatable {
    var message: String
    var offset: Int
  }

  // MARK: Reading

  /// Parses one JSON value from `bytes` (UTF-8).
  static func parse(_ bytes: [UInt8]) throws -> Value {
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.index == bytes.count else {
      throw ParseError(message: "unexpected text after the end of the JSON value", offset: parser.index)
    }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func fail(_ message: String) -> ParseError { ParseError(message: message, offset: index) }

    mutating func skipWhitespace() {
      while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
    }

    mutating func expect(_ c: UInt8, _ what: String) throws {
      guard current == c else { throw fail("expected \(what)") }
      index += 1
    }

    mutating func value(depth: Int) throws -> Value {
      guard depth < SafeTensorsJSON.maxDepth else { throw fail("the JSON is nested too deeply") }
      guard let c = current else { throw fail("the JSON text ends where a value was expected") }
      switch c {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      default: throw fail("unexpected character '\(printable(c))' where a value was expected")
      }
    }

    mutating func literal(_ word: String) throws {
      for b in word.utf8 {
        guard current == b else { throw fail("expected '\(word)'") }
        index += 1
      }
    }

    mutating func object(depth: Int) throws -> Value {
      index += 1  // {
      var members: [Member] = []
      var seen = Set<String>()
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard !atEnd else { throw fail("the JSON text ends inside an object") }
        guard current == UInt8(ascii: "\"") else { throw fail("expected a key in double quotes") }
        let keyOffset = index
        let key = try string()
        guard seen.insert(key).inserted else {
          throw ParseError(message: "the key \"\(key)\" appears twice", offset: keyOffset)
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
        skipWhitespace()
        members.append(Member(key: key, value: try value(depth: depth + 1)))
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard !atEnd else { throw fail("the JSON text ends inside an object") }
        try expect(UInt8(ascii: "}"), "',' or '}' after a member of an object")
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws -> Value {
      index += 1  // [
      var elements: [Value] = []
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      while true {
        skipWhitespace()
        elements.append(try value(depth: depth + 1))
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard !atEnd else { throw fail("the JSON text ends inside an array") }
        try expect(UInt8(ascii: "]"), "',' or ']' after an element of an array")
        return .array(elements)
      }
    }

    /// A string literal; `index` is at its opening quote.
    mutating func string() throws -> String {
      index += 1  // "
      var out: [UInt8] = []
      while true {
        guard let c = current else { throw fail("a string is not closed before the end of the JSON text") }
        index += 1
        switch c {
        case UInt8(ascii: "\""):
          return String(decoding: out, as: UTF8.self)
        case UInt8(ascii: "\\"):
          guard let e = current else { throw fail("the JSON text ends inside an escape") }
          index += 1
          switch e {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
              guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("a \\u escape holds a lone surrogate")
              }
              index += 2
              let low = try hex4()
              guard (0xDC00..<0xE000).contains(low) else { throw fail("a \\u escape holds a lone surrogate") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
              throw fail("a \\u escape holds a lone surrogate")
            }
            guard let u = Unicode.Scalar(scalar) else { throw fail("a \\u escape is not a character") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
          default:
            index -= 1
            throw fail("'\\\(printable(e))' is not a JSON escape")
          }
        case 0..<0x20:
          index -= 1
          throw fail("a control character (\(c)) inside a string must be escaped")
        default:
          out.append(c)
        }
      }
    }

    mutating func hex4() throws -> UInt32 {
      var v: UInt32 = 0
      for _ in 0..<4 {
        guard let c = current else { throw fail("the JSON text ends inside a \\u escape") }
        let d: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
        default: throw fail("a \\u escape needs four hexadecimal digits")
        }
        v = v << 4 | d
        index += 1
      }
      return v
    }

    /// A number, returned as its text after checking the JSON grammar
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws -> String {
      let start = index
      func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
      if current == UInt8(ascii: "-") { index += 1 }
      guard isDigit(current) else { throw fail("a number needs a digit here") }
      if current == UInt8(ascii: "0") {
        index += 1
        if isDigit(current) { throw fail("a number cannot have leading zeros") }
      } else {
        while isDigit(current) { index += 1 }
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard isDigit(current) else { throw fail("a number needs digits after '.'") }
        while isDigit(current) { index += 1 }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard isDigit(current) else { throw fail("a number needs digits in its exponent") }
        while isDigit(current) { index += 1 }
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    func printable(_ c: UInt8) -> String {
      c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "\\u{\(String(c, radix: 16))}"
    }
  }

  // MARK: Writing

  /// `s` as a JSON string literal: `"`, `\` and control characters escaped, everything
  /// else (non-ASCII included) kept as UTF-8, as serde_json writes it.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }
}
