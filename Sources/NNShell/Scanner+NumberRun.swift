/// A matrix literal of plain numbers, read by the scanner in one pass into one token.
///
/// `let X = [0.1 0.2 …; …]` with millions of entries would otherwise cost a `Token` per
/// entry (about 100 bytes for ~2-5 bytes of text) before the parser folds the entries
/// into a `NumberMatrix`. Here the scanner recognises the same literals the parser's
/// `numberMatrix` accepts and emits `[`, one `.numbers` token holding the entries, and
/// `]`; the text costs 8 bytes per entry, counted first so the array is allocated once.
///
///     [1 2; 3 -4]   →   leftBracket · numbers (2×2: 1 2 3 -4) · rightBracket
///
/// Anything else — `[1 - 2]`, `[1 x]`, `[2^3]`, a comment, rows of unequal length, a
/// number out of range, text that never closes — is left to the ordinary token path,
/// which gives the same values and every diagnostic as before. Only a `[` that cannot
/// index is read this way: `A[1, 2]` is an index, `= [1, 2]` a literal.
extension Scanner {
  /// Whether a token of `kind` can end an operand, so a `[` after it may index it.
  static func endsOperand(_ kind: TokenKind?) -> Bool {
    switch kind {
    case .number?, .numbers?, .string?, .name?, .rightParen?, .rightBracket?, .rightBrace?,
      .transpose?, .error?:
      return true
    default:
      return false
    }
  }

  /// Just after a `[`: reads a literal of plain numbers up to (not including) its `]`,
  /// adding one `.numbers` token, or leaves everything as it is.
  mutating func numberRun() {
    var entries: [Double] = []
    guard let shape = walkNumberRun(reading: false, into: &entries) else { return }
    entries.reserveCapacity(shape.entries)
    guard let run = walkNumberRun(reading: true, into: &entries) else { return }
    let matrix = NumberMatrix(rows: entries.count / run.cols, cols: run.cols, rowMajor: entries)
    let span = SourceSpan(source: source, startOffset: run.first, endOffset: run.firstEnd)
    addNumbers(matrix, span: span, spaceBefore: run.spaceBefore, end: run.end)
  }

  /// Where a run of plain numbers ends (at its `]`) and its shape.
  struct NumberRunShape {
    var end: Int
    var entries: Int
    var cols: Int
    /// Whether blanks or line breaks come before the first entry.
    var spaceBefore: Bool
    /// Where the first entry starts and ends: the token's span, as the first entry's
    /// token would be where an error inside the literal is reported.
    var first: Int
    var firstEnd: Int
  }

  /// Walks a run from `current` without changing the scanner; nil when the text is not
  /// one. When `reading`, also appends each entry to `values`, as the ordinary path reads
  /// it (`sign * Double(lexeme)`, with `NumberLiteral`'s range rule).
  func walkNumberRun(reading: Bool, into values: inout [Double]) -> NumberRunShape? {
    var i = current
    var entries = 0
    var cols = -1
    var inRow = 0
    var first: Int?
    var firstEnd = i
    func isBlank(_ u: UInt8) -> Bool { u == 0x20 || u == 0x09 }
    /// Skips blanks, `;` and line breaks (the row separators `matrix()` and
    /// `numberMatrix` skip).
    func skipRowBreaks() {
      while true {
        let u = unit(i)
        if isBlank(u) || u == UInt8(ascii: ";") {
          i += 1
        } else if u == 0x0A {
          i += bytes[i] == 0x0D ? 2 : 1
        } else {
          return
        }
      }
    }
    skipRowBreaks()
    let spaceBefore = i > current
    while true {
      // One entry: an optional `-` right before a number.
      let negative = unit(i) == UInt8(ascii: "-")
      let numberStart = negative ? i + 1 : i
      guard let numberEnd = self.numberEnd(at: numberStart) else { return nil }
      if reading {
        guard let x = exactValue(numberStart, numberEnd) ?? readNumber(numberStart, numberEnd) else { return nil }
        values.append(negative ? -x : x)
      }
      if first == nil {
        first = i
        firstEnd = numberEnd
      }
      entries += 1
      inRow += 1
      i = numberEnd
      // What follows it.
      var blank = false
      while isBlank(unit(i)) {
        i += 1
        blank = true
      }
      switch unit(i) {
      case UInt8(ascii: ","):
        i += 1
        while isBlank(unit(i)) { i += 1 }
      case UInt8(ascii: ";"), 0x0A, UInt8(ascii: "]"):
        if cols == -1 { cols = inRow } else if inRow != cols { return nil }
        inRow = 0
        skipRowBreaks()
        if unit(i) == UInt8(ascii: "]") {
          return NumberRunShape(
            end: i, entries: entries, cols: cols, spaceBefore: spaceBefore, first: first ?? firstEnd,
            firstEnd: firstEnd)
        }
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
        guard blank else { return nil }
      case UInt8(ascii: "-"):
        // `[1 -2]`: a new, negative entry; `[1 - 2]` and `[1-2]` are subtractions.
        guard blank, Self.isDigitUnit(unit(i + 1)) || unit(i + 1) == UInt8(ascii: ".") else { return nil }
      default:
        return nil
      }
    }
  }

  /// The number `a..<b` as the ordinary path reads it: `Double(lexeme)` (correctly
  /// rounded, as `strtod`), nil when out of range.
  func readNumber(_ a: Int, _ b: Int) -> Double? {
    let lexeme = text(a, b)
    guard let x = Double(lexeme), NumberLiteral.rangeProblem(lexeme, value: x) == nil else { return nil }
    return x
  }

  /// The number `a..<b` (a lexeme `numberEnd` accepted) when it is exactly
  /// `m · 10^e` with an integer m ≤ 2⁵³ and |e| ≤ 22, else nil. Both m and 10^|e| are
  /// then exact doubles, so the one multiplication or division rounds correctly and
  /// gives the same double as `Double(lexeme)` (Clinger's fast path), without making a
  /// string. `2.25` → 225 / 10², `7e-3` → 7 / 10³.
  func exactValue(_ a: Int, _ b: Int) -> Double? {
    var m: UInt64 = 0
    var e = 0
    var i = a
    var inFraction = false
    while i < b {
      let u = unit(i)
      if Self.isDigitUnit(u) {
        guard m < 1 << 53 / 10 else { return nil }  // keeps m · 10 + 9 below 2⁵³
        m = m * 10 + UInt64(u - UInt8(ascii: "0"))
        if inFraction { e -= 1 }
      } else if u == UInt8(ascii: ".") {
        inFraction = true
      } else {
        break  // the exponent
      }
      i += 1
    }
    if i < b {
      i += 1  // `e` or `E`
      var negative = false
      if unit(i) == UInt8(ascii: "+") || unit(i) == UInt8(ascii: "-") {
        negative = unit(i) == UInt8(ascii: "-")
        i += 1
      }
      var x = 0
      while i < b {
        guard x < 1000 else { return nil }
        x = x * 10 + Int(unit(i) - UInt8(ascii: "0"))
        i += 1
      }
      e += negative ? -x : x
    }
    guard e >= -22 && e <= 22 else { return m == 0 ? 0 : nil }
    let power = Self.exactPowersOfTen[abs(e)]
    return e < 0 ? Double(m) / power : Double(m) * power
  }

  /// 10⁰ … 10²², each exact as a double.
  static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { p, _ in p * 10 } }

  /// The end of the number starting at `i` (`3`, `0.5`, `.5`, `1e-9`, `2.5E+3`), or nil
  /// when no number starts there. In `1..32` the dot is not taken, and in `2.*x` neither,
  /// so elementwise operators after a literal read as Octave reads them.
  func numberEnd(at i: Int) -> Int? {
    var j = i
    func skipDigits() { while Self.isDigitUnit(unit(j)) { j += 1 } }
    if unit(j) == UInt8(ascii: ".") {
      guard Self.isDigitUnit(unit(j + 1)) else { return nil }
      j += 1
      skipDigits()
    } else {
      guard Self.isDigitUnit(unit(j)) else { return nil }
      skipDigits()
      if unit(j) == UInt8(ascii: "."), j + 1 >= count || dotIsTaken(after: j) {
        j += 1
        skipDigits()
      }
    }
    if isExponentUnit(at: j) {
      j += 1
      if unit(j) == UInt8(ascii: "+") || unit(j) == UInt8(ascii: "-") { j += 1 }
      skipDigits()
    }
    return j
  }

  /// Whether the `.` at `dot` (not last) belongs to the number before it: `1.5`, `1.`
  /// and `1.e3` take it; `1..3`, `2.*x`, `2./x`, `2.^x` and `1.x` do not.
  func dotIsTaken(after dot: Int) -> Bool {
    let next = unit(dot + 1)
    if Self.isDigitUnit(next) || isExponentUnit(at: dot + 1) { return true }
    switch next {
    case UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "^"): return false
    default: return !isNameStart(at: dot + 1)
    }
  }

  func isExponentUnit(at i: Int) -> Bool {
    guard unit(i) | 0x20 == UInt8(ascii: "e") else { return false }
    var j = i + 1
    if unit(j) == UInt8(ascii: "+") || unit(j) == UInt8(ascii: "-") { j += 1 }
    return Self.isDigitUnit(unit(j))
  }

}
