/// The scanner reads UTF-8 bytes and steps by whole `Character`s (grapheme clusters), as
/// Swift's `String` counts them, so `é` written as `e` + U+0301 is one character and a
/// digit followed by a combining mark is not a digit.
///
/// Nearly every character of a script is one ASCII byte, and that is decided from the
/// bytes alone: an ASCII byte followed by another ASCII byte (or the end) is a whole
/// character, since grapheme clusters join ASCII characters only as `\r\n`. Only before
/// a byte ≥ 0x80 is the text asked for its `Character` there (`character(at:)`).
///
///     "let α"   →  l e t ␠ : one byte each (units 0x6C 0x65 0x74 0x20) · α : 2 bytes, unit 0xFF
extension Scanner {
  /// What `unit(_:)` gives for a character that is not ASCII.
  static let notASCII: UInt8 = 0xFF

  /// The ASCII code of the character at byte `i`: 0 past the end, `notASCII` when the
  /// character is not one ASCII byte, and `\n` (0x0A) for `\r\n`, being one line break.
  @inline(__always)
  func unit(_ i: Int) -> UInt8 {
    guard i < count else { return 0 }
    let b = bytes[i]
    guard b < 0x80 else { return Self.notASCII }
    guard i + 1 < count else { return b }
    let next = bytes[i + 1]
    if next >= 0x80 { return character(at: i).utf8.count == 1 ? b : Self.notASCII }
    return b == 0x0D && next == 0x0A ? 0x0A : b
  }

  /// The number of bytes of the character at `i` (< count).
  @inline(__always)
  func width(at i: Int) -> Int {
    let u = unit(i)
    if u == Self.notASCII { return character(at: i).utf8.count }
    return u == 0x0A && bytes[i] == 0x0D ? 2 : 1
  }

  /// The character that starts at byte `i` (< count), from the text itself.
  func character(at i: Int) -> Character {
    let text = source.text
    return text[text.utf8.index(text.utf8.startIndex, offsetBy: i)]
  }

  /// The text of bytes `a..<b` (both character boundaries).
  func text(_ a: Int, _ b: Int) -> String {
    String(decoding: bytes[a..<b], as: UTF8.self)
  }

  static func isDigitUnit(_ u: UInt8) -> Bool { u >= UInt8(ascii: "0") && u <= UInt8(ascii: "9") }

  /// An ASCII letter or `_`: what starts a name, among ASCII characters.
  static func isNameStartUnit(_ u: UInt8) -> Bool {
    let lower = u | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || u == UInt8(ascii: "_")
  }

  /// ASCII white space as `Character.isWhitespace` has it: tab, line feed, vertical tab,
  /// form feed, carriage return, space.
  static func isBlankUnit(_ u: UInt8) -> Bool { (u >= 0x09 && u <= 0x0D) || u == 0x20 }

  /// Whether the character at `i` starts a name: `_` or a letter (`α`, `é` too).
  func isNameStart(at i: Int) -> Bool {
    let u = unit(i)
    if u == Self.notASCII { return character(at: i).isLetter }
    return Self.isNameStartUnit(u)
  }

  /// Whether the character at `i` continues a name: a name start or an ASCII digit.
  func isNameCharacter(at i: Int) -> Bool {
    Self.isDigitUnit(unit(i)) || isNameStart(at: i)
  }
}
