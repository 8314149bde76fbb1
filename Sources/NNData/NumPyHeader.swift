/// The header of a `.npy` file: the Python dictionary literal after the magic string,
/// e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (150, 4), }`.
///
/// The parser accepts exactly the subset of Python literals NumPy writes — a dictionary
/// of string keys whose values are strings, `True`/`False`, tuples of integers (with
/// Python 2's `3L` tolerated) and, for structured types, lists — and nothing that would
/// need evaluating code.
struct NumPyHeader: Equatable {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  /// A value of the dictionary.
  enum Value: Equatable {
    case string(String)
    case bool(Bool)
    case integers([Int])
    case list
    case other(String)
  }

  /// Parses the header text; `file` is for messages.
  static func parse(_ bytes: ArraySlice<UInt8>, file: String) throws -> NumPyHeader {
    var scanner = Scanner(bytes: Array(bytes), file: file)
    let dict = try scanner.dictionary()
    guard let descrValue = dict["descr"], let orderValue = dict["fortran_order"], let shapeValue = dict["shape"]
    else {
      throw DataError.invalidNumPy(
        file: file, reason: "the header lacks one of 'descr', 'fortran_order', 'shape'")
    }
    let descr: String
    switch descrValue {
    case .string(let s): descr = s
    case .list:
      throw DataError.unsupportedNumPy(
        file: file, reason: "structured arrays (record dtypes) are not supported; save a plain numeric array")
    default:
      throw DataError.invalidNumPy(file: file, reason: "'descr' is not a type descriptor")
    }
    guard case .bool(let fortran) = orderValue else {
      throw DataError.invalidNumPy(file: file, reason: "'fortran_order' is not True or False")
    }
    guard case .integers(let shape) = shapeValue, shape.allSatisfy({ $0 >= 0 }) else {
      throw DataError.invalidNumPy(file: file, reason: "'shape' is not a tuple of sizes")
    }
    return NumPyHeader(descr: descr, fortranOrder: fortran, shape: shape)
  }

  /// A recursive-descent scanner over the header bytes.
  struct Scanner {
    let bytes: [UInt8]
    let file: String
    var pos = 0

    init(bytes: [UInt8], file: String) {
      self.bytes = bytes
      self.file = file
    }

    func fail(_ what: String) -> DataError {
      DataError.invalidNumPy(file: file, reason: "malformed header (\(what) at byte \(pos + 1))")
    }

    mutating func skipSpace() {
      while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    mutating func expect(_ c: UInt8) throws {
      skipSpace()
      guard pos < bytes.count, bytes[pos] == c else {
        throw fail("expected '\(Character(Unicode.Scalar(c)))'")
      }
      pos += 1
    }

    /// True (and consumed) when the next non-blank byte is `c`.
    mutating func accept(_ c: UInt8) -> Bool {
      skipSpace()
      if pos < bytes.count, bytes[pos] == c {
        pos += 1
        return true
      }
      return false
    }

    mutating func dictionary() throws -> [String: Value] {
      try expect(0x7B)  // {
      var result: [String: Value] = [:]
      while !accept(0x7D) {  // }
        let key = try string()
        try expect(0x3A)  // :
        result[key] = try value(depth: 0)
        if !accept(0x2C) {  // ,
          try expect(0x7D)
          break
        }
      }
      skipSpace()
      guard pos == bytes.count else { throw fail("unexpected text after the dictionary") }
      return result
    }

    mutating func value(depth: Int) throws -> Value {
      guard depth < 32 else { throw fail("nesting too deep") }
      skipSpace()
      guard pos < bytes.count else { throw fail("missing value") }
      switch bytes[pos] {
      case 0x27, 0x22:  // ' "
        return .string(try string())
      case 0x28:  // (
        pos += 1
        var items: [Int] = []
        var allIntegers = true
        while !accept(0x29) {  // )
          skipSpace()
          if pos < bytes.count, bytes[pos] == 0x2D || (0x30...0x39).contains(bytes[pos]) {
            items.append(try integer())
          } else {
            _ = try value(depth: depth + 1)
            allIntegers = false
          }
          if !accept(0x2C) {
            try expect(0x29)
            break
          }
        }
        return allIntegers ? .integers(items) : .other("tuple")
      case 0x5B:  // [
        pos += 1
        while !accept(0x5D) {  // ]
          _ = try value(depth: depth + 1)
          if !accept(0x2C) {
            try expect(0x5D)
            break
          }
        }
        return .list
      default:
        if bytes[pos] == 0x2D || (0x30...0x39).contains(bytes[pos]) {
          return .other(String(try integer()))
        }
        let start = pos
        while pos < bytes.count, (bytes[pos] | 0x20) >= 0x61, (bytes[pos] | 0x20) <= 0x7A { pos += 1 }
        let word = String(decoding: bytes[start..<pos], as: UTF8.self)
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .other(word)
        default: throw fail("unexpected '\(QuotedText.quoted(word.isEmpty ? "?" : word))'")
        }
      }
    }

    /// A non-negative or negative decimal integer (a Python 2 `L` suffix is allowed).
    mutating func integer() throws -> Int {
      skipSpace()
      var negative = false
      if pos < bytes.count, bytes[pos] == 0x2D {
        negative = true
        pos += 1
      }
      var n = 0
      var digits = 0
      while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) {
        let (m, o1) = n.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(Int(bytes[pos] - 0x30))
        guard !o1, !o2 else { throw fail("a number too large") }
        n = s
        digits += 1
        pos += 1
      }
      guard digits > 0 else { throw fail("expected a number") }
      if pos < bytes.count, bytes[pos] == 0x4C || bytes[pos] == 0x6C { pos += 1 }  // 3L
      return negative ? -n : n
    }

    /// A quoted Python string (single or double quotes, backslash escapes kept simple).
    mutating func string() throws -> String {
      skipSpace()
      guard pos < bytes.count, bytes[pos] == 0x27 || bytes[pos] == 0x22 else {
        throw fail("expected a quoted string")
      }
      let quote = bytes[pos]
      pos += 1
      var out: [UInt8] = []
      while true {
        guard pos < bytes.count else { throw fail("unterminated string") }
        let b = bytes[pos]
        pos += 1
        if b == quote { break }
        if b == 0x5C {  // backslash: take the next byte literally
          guard pos < bytes.count else { throw fail("unterminated string") }
          out.append(bytes[pos])
          pos += 1
          continue
        }
        out.append(b)
      }
      return String(decoding: out, as: UTF8.self)
    }
  }
}
