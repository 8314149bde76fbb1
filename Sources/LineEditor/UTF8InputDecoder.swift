/// Turns the bytes typed at a terminal into Unicode scalars one at a time, as they
/// arrive, the way the Unicode standard asks decoders to treat bad input (§3.9, "U+FFFD
/// substitution of maximal subparts", which is also what `String(decoding:as:)` does):
///
/// - a well-formed sequence (`C3 A9` → `é`, `E2 88 82` → `∂`) gives its scalar;
/// - each maximal prefix of a sequence that cannot be completed gives one U+FFFD;
/// - the byte that broke a sequence is **not** swallowed: it is kept and starts the next
///   scalar. So a stray lead byte before Enter gives `"\u{FFFD}"` and the Enter still
///   ends the line (`C3 0A` → U+FFFD, `\n`).
///
/// Overlong forms (`C0 AF`), surrogates (`ED A0 80`) and values above U+10FFFF are
/// ill-formed and give U+FFFD too.
///
///     var decoder = UTF8InputDecoder()
///     var bytes: [UInt8] = [0xC3, 0x0A]
///     decoder.next { bytes.isEmpty ? .endOfInput : .byte(bytes.removeFirst()) }  // .scalar("\u{FFFD}")
///     decoder.next { bytes.isEmpty ? .endOfInput : .byte(bytes.removeFirst()) }  // .scalar("\n")
public struct UTF8InputDecoder: Sendable {
  /// What the byte source gave.
  public enum Input: Equatable, Sendable {
    case byte(UInt8)
    /// No more bytes (the terminal closed, or the end of a buffer).
    case endOfInput
    /// Reading was stopped (a signal flag): the partial sequence is dropped.
    case stop
  }

  /// What the decoder gives back.
  public enum Output: Equatable, Sendable {
    case scalar(Unicode.Scalar)
    case endOfInput
    case stop
  }

  /// A byte that was read but belongs to the next scalar.
  private var pending: UInt8?

  public init() {}

  /// The next scalar, reading as many bytes from `read` as it needs (at most four, plus
  /// the one kept from the previous call).
  public mutating func next(_ read: () -> Input) -> Output {
    let first: UInt8
    if let p = pending {
      pending = nil
      first = p
    } else {
      switch read() {
      case .byte(let b): first = b
      case .endOfInput: return .endOfInput
      case .stop: return .stop
      }
    }
    if first < 0x80 { return .scalar(Unicode.Scalar(first)) }
    guard let (length, secondRange) = UTF8InputDecoder.sequence(startingWith: first) else {
      return .scalar(UTF8InputDecoder.replacement)  // a continuation byte or C0, C1, F5…FF
    }
    var value = UInt32(first) & (0x7F >> UInt32(length))
    for position in 1..<length {
      let byte: UInt8
      switch read() {
      case .byte(let b): byte = b
      case .endOfInput: return .scalar(UTF8InputDecoder.replacement)  // cut short; the end comes next call
      case .stop: return .stop
      }
      let allowed = position == 1 ? secondRange : 0x80...0xBF
      guard allowed.contains(byte) else {
        pending = byte
        return .scalar(UTF8InputDecoder.replacement)
      }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    // The ranges above exclude overlong forms, surrogates and values past U+10FFFF.
    return .scalar(Unicode.Scalar(value) ?? UTF8InputDecoder.replacement)
  }

  /// Decodes a whole buffer (for tests and the fuzz target): the same scalars as
  /// `String(decoding: bytes, as: UTF8.self).unicodeScalars`.
  public static func decode(_ bytes: [UInt8]) -> [Unicode.Scalar] {
    var decoder = UTF8InputDecoder()
    var index = 0
    var result: [Unicode.Scalar] = []
    while case .scalar(let s) = decoder.next({
      guard index < bytes.count else { return .endOfInput }
      index += 1
      return .byte(bytes[index - 1])
    }) {
      result.append(s)
    }
    return result
  }

  static let replacement = Unicode.Scalar(0xFFFD)!
  /// U+FFFD, what ill-formed input becomes.
  public static var replacementCharacter: Unicode.Scalar { replacement }

  /// The length of the sequence a lead byte starts, and the range its second byte must
  /// be in (Table 3-7 of the Unicode standard); nil for a byte that cannot start one.
  private static func sequence(startingWith lead: UInt8) -> (Int, ClosedRange<UInt8>)? {
    switch lead {
    case 0xC2...0xDF: return (2, 0x80...0xBF)
    case 0xE0: return (3, 0xA0...0xBF)
    case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80...0xBF)
    case 0xED: return (3, 0x80...0x9F)
    case 0xF0: return (4, 0x90...0xBF)
    case 0xF1...0xF3: return (4, 0x80...0xBF)
    case 0xF4: return (4, 0x80...0x8F)
    default: return nil
    }
  }
}
