#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData

/// A self-contained SVG picture, built element by element and written to a file.
///
/// Everything is inline (no stylesheets, fonts or scripts from elsewhere), so the file
/// opens in any browser and pastes into slides. Elements carry a `class` naming what they
/// are (`axis`, `tick`, `curve`, `point`, `region`, `neuron`, `edge`, `legend`, …), which
/// also lets tests count them.
///
///     var svg = SVGDocument(width: 640, height: 400, title: "loss")
///     svg.element("line", ["class": "axis", "x1": "60", "y1": "350", "x2": "620", "y2": "350"])
///     try svg.write(to: "loss.svg")
struct SVGDocument {
  let width: Double
  let height: Double
  let title: String
  private var body: [String] = []
  private var depth = 1

  init(width: Double, height: Double, title: String) {
    self.width = width
    self.height = height
    self.title = title
  }

  /// One element; attributes are written in the order given.
  mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil) {
    var line = String(repeating: "  ", count: depth) + "<" + name
    for (k, v) in attributes { line += " \(k)=\"\(SVGDocument.escape(v))\"" }
    if let text {
      line += ">" + SVGDocument.escape(text) + "</\(name)>"
    } else {
      line += "/>"
    }
    body.append(line)
  }

  /// `<g class="…">` around what `content` adds.
  mutating func group(_ className: String, _ content: (inout SVGDocument) -> Void) {
    body.append(String(repeating: "  ", count: depth) + "<g class=\"\(SVGDocument.escape(className))\">")
    depth += 1
    content(&self)
    depth -= 1
    body.append(String(repeating: "  ", count: depth) + "</g>")
  }

  /// Text at (x, y); `anchor` is start, middle or end.
  mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", className: String, size: Double? = nil, rotate: Bool = false) {
    var attributes: [(String, String)] = [
      ("class", className), ("x", SVGDocument.number(x)), ("y", SVGDocument.number(y)), ("text-anchor", anchor),
    ]
    if let size { attributes.append(("font-size", SVGDocument.number(size))) }
    if rotate { attributes.append(("transform", "rotate(-90 \(SVGDocument.number(x)) \(SVGDocument.number(y)))")) }
    var line = String(repeating: "  ", count: depth) + "<text"
    for (k, v) in attributes { line += " \(k)=\"\(SVGDocument.escape(v))\"" }
    line += ">" + SVGDocument.escape(s) + "</text>"
    body.append(line)
  }

  /// The whole document.
  var text: String {
    let w = SVGDocument.number(width), h = SVGDocument.number(height)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
    out += " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
    out += "  <title>\(SVGDocument.escape(title))</title>\n"
    out += "  <rect class=\"background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    out += body.joined(separator: "\n")
    out += "\n</svg>\n"
    return out
  }

  /// XML's five special characters as entities; control characters (which XML 1.0
  /// forbids) dropped.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(c)
      default:
        if c.value >= 0x20 { out.unicodeScalars.append(c) }
      }
    }
    return out
  }

  /// Coordinates with at most two decimals and no trailing zeros (`12`, `3.5`, `-0.25`).
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var s = NumberFormat.fixed(x, 2)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
  }

  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  /// Writes the document to `path`, replacing the file atomically (see `AtomicFile`).
  func write(to path: String) throws {
    do {
      try AtomicFile.write(Array(text.utf8), to: path)
    } catch let e as DataError {
      throw WriteError(description: e.description)
    }
  }
}

/// `#rrggbb` colours.
enum SVGColor {
  /// The colour a fraction `t` of the way from `a` to `b`.
  static func mix(_ a: (Int, Int, Int), _ b: (Int, Int, Int), _ t: Double) -> String {
    let u = max(0, min(1, t.isFinite ? t : 0))
    func channel(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * u).rounded()) }
    return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
  }

  static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
    let digits = Array("0123456789abcdef")
    var s = "#"
    for v in [r, g, b] {
      let c = max(0, min(255, v))
      s.append(digits[c / 16])
      s.append(digits[c % 16])
    }
    return s
  }
}
