/// How a picture is laid out in the terminal.
///
/// Pictures use Unicode (braille dots, shade blocks, box drawing) unless `ascii` is set
/// (`plot loss ascii=yes`), and ANSI colours only when `color` is set, which the text
/// renderer takes from its console (a terminal, and `NO_COLOR` unset). Everything a
/// picture says with colour it also says with characters, so a piped or `NO_COLOR`
/// transcript loses nothing but the tint.
struct PictureStyle: Sendable {
  /// Columns available, the whole line included (the console's width).
  var width: Int
  /// Rows of the drawing area when the user asked (`height=`), else the picture's default.
  var height: Int?
  var color: Bool
  var ascii: Bool

  init(width: Int, height: Int? = nil, color: Bool = false, ascii: Bool = false) {
    // Below 40 columns no picture has room for its axes and labels.
    self.width = max(40, width)
    self.height = height
    self.color = color
    self.ascii = ascii
  }

  /// Box-drawing characters, or their ASCII stand-ins.
  var vertical: Character { ascii ? "|" : "│" }
  var horizontal: Character { ascii ? "-" : "─" }
  var corner: Character { ascii ? "+" : "└" }
  var yTick: Character { ascii ? "+" : "┤" }
  var xTick: Character { ascii ? "+" : "┬" }
}
