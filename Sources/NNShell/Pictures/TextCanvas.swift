/// A grid of character cells, each with an optional foreground and background colour
/// (xterm 256-colour numbers), that pictures are composed on before they are printed.
///
/// Rendering trims trailing blanks and emits an ANSI escape only where the colour
/// changes, and none at all when `color` is false, so plain output is plain text.
struct TextCanvas {
  struct Cell: Equatable {
    var character: Character = " "
    var foreground: Int? = nil
    var background: Int? = nil
  }

  let width: Int
  let height: Int
  private var cells: [Cell]

  init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: Cell(), count: self.width * self.height)
  }

  subscript(x: Int, y: Int) -> Cell {
    get { contains(x, y) ? cells[y * width + x] : Cell() }
    set { if contains(x, y) { cells[y * width + x] = newValue } }
  }

  func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

  /// Sets one cell's character (and colour), keeping its background.
  mutating func put(_ c: Character, _ x: Int, _ y: Int, color: Int? = nil) {
    guard contains(x, y) else { return }
    cells[y * width + x].character = c
    cells[y * width + x].foreground = color
  }

  /// Writes text from column `x` of row `y`; what falls outside is cut off.
  mutating func write(_ text: String, _ x: Int, _ y: Int, color: Int? = nil) {
    var column = x
    for c in text {
      put(c, column, y, color: color)
      column += 1
    }
  }

  /// True when the cells `x..<x+count` of row `y` are all blank (for placing labels).
  func isBlank(_ x: Int, _ y: Int, count: Int) -> Bool {
    guard y >= 0, y < height, x >= 0, x + count <= width else { return false }
    return (x..<(x + count)).allSatisfy { self[$0, y].character == " " }
  }

  mutating func setBackground(_ color: Int?, _ x: Int, _ y: Int) {
    guard contains(x, y) else { return }
    cells[y * width + x].background = color
  }

  /// The rows as lines of text, with ANSI colours when `color` is true.
  func lines(color: Bool) -> [String] {
    (0..<height).map { y in
      var end = width
      while end > 0, cells[y * width + end - 1].character == " ",
        !color || cells[y * width + end - 1].background == nil
      {
        end -= 1
      }
      var line = ""
      var current: (Int?, Int?) = (nil, nil)
      for x in 0..<end {
        let cell = cells[y * width + x]
        if color, cell.foreground != current.0 || cell.background != current.1 {
          line += ANSI.style(foreground: cell.foreground, background: cell.background)
          current = (cell.foreground, cell.background)
        }
        line.append(cell.character)
      }
      if color, current.0 != nil || current.1 != nil { line += ANSI.reset }
      return line
    }
  }
}

/// The few ANSI escape sequences pictures use (SGR colours of the xterm 256-colour set).
enum ANSI {
  static let reset = "\u{1B}[0m"
  static let clearLine = "\u{1B}[K"

  /// Sets both colours at once (resetting first, so an absent colour means the default).
  static func style(foreground: Int?, background: Int?) -> String {
    var codes = ["0"]
    if let f = foreground { codes.append("38;5;\(f)") }
    if let b = background { codes.append("48;5;\(b)") }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  /// `text` in colour `color`, or unchanged when colour is off.
  static func paint(_ text: String, _ color: Int?, enabled: Bool) -> String {
    guard enabled, let color else { return text }
    return style(foreground: color, background: nil) + text + reset
  }
}
