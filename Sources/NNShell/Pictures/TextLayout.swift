/// Measuring and wrapping lines that may hold ANSI colour codes.
enum TextLayout {
  /// The columns `text` takes on screen: its characters, without escape sequences.
  static func visibleCount(_ text: String) -> Int {
    var n = 0
    var inEscape = false
    for c in text.unicodeScalars {
      if inEscape {
        // An SGR sequence ends with its final letter ('m').
        if c.properties.isAlphabetic { inEscape = false }
      } else if c == "\u{1B}" {
        inEscape = true
      } else {
        n += 1
      }
    }
    return n
  }

  /// `items` joined by two spaces, starting new lines (indented by `indent`) before an
  /// item that would pass `width`.
  static func wrap(_ items: [String], prefix: String, width: Int, indent: Int) -> [String] {
    var lines: [String] = []
    var line = prefix
    var count = visibleCount(prefix)
    var lineHasItem = false
    for item in items {
      let n = visibleCount(item)
      if lineHasItem && count + 2 + n > width {
        lines.append(line)
        line = String(repeating: " ", count: indent)
        count = indent
        lineHasItem = false
      }
      if lineHasItem {
        line += "  "
        count += 2
      }
      line += item
      count += n
      lineHasItem = true
    }
    lines.append(line)
    return lines
  }

  /// A line longer than `width` broken at spaces, the continuation lines indented by two
  /// (a title or legend on a narrow terminal). A word longer than the width stays whole.
  static func folded(_ text: String, width: Int) -> [String] {
    guard visibleCount(text) > width, text.contains(" ") else { return [text] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      let candidate = line.isEmpty ? String(word) : line + " " + word
      if visibleCount(candidate) > width, line.contains(where: { $0 != " " }) {
        lines.append(line.trailingSpacesTrimmed)
        line = "  " + word
      } else {
        line = candidate
      }
    }
    lines.append(line)
    return lines
  }

  /// `text` in plain ASCII, for `ascii=yes`: the few symbols nnsh prints in titles
  /// (`×`, `≥`, `…`, `⋮`, subscripts) spelled out, anything else as `?`.
  static func asciiFolded(_ text: String) -> String {
    var out = ""
    for c in text.unicodeScalars {
      if c.isASCII {
        out.unicodeScalars.append(c)
        continue
      }
      switch c {
      case "×": out += "x"
      case "≥": out += ">="
      case "≤": out += "<="
      case "…": out += "..."
      case "⋮": out += ":"
      case "−": out += "-"
      case "∂": out += "d"
      default:
        // Subscript digits ₀…₉ are U+2080…U+2089.
        if (0x2080...0x2089).contains(c.value), let digit = Unicode.Scalar(c.value - 0x2080 + 0x30) {
          out.unicodeScalars.append(digit)
        } else {
          out += "?"
        }
      }
    }
    return out
  }

  /// Digits as Unicode subscripts (`x₁₂`), or plain in ASCII (`x12`).
  static func subscripted(_ n: Int, ascii: Bool) -> String {
    if ascii { return String(n) }
    let subscripts = Array("₀₁₂₃₄₅₆₇₈₉")
    return String(String(n).compactMap { c in c.wholeNumberValue.map { subscripts[$0] } })
  }
}
