/// The colours and marks that tell classes, series and signs apart.
///
/// Terminal colours are xterm 256-colour numbers; SVG colours are the matching hex
/// values (the "Tableau 10" set, which stays distinguishable for most colour-blind
/// readers). Every class also has a mark and a shading character, so pictures still
/// read without colour.
enum Palette {
  /// Strong colours for marks and curves.
  static let terminal = [33, 208, 34, 160, 97, 130, 205, 244, 142, 37]
  static let svg = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]
  /// Light tints of the same colours, for the regions behind the marks.
  static let terminalTint = [153, 223, 157, 217, 183, 180, 218, 252, 187, 159]
  static let svgTint = [
    "#bcd6e9", "#ffd8b6", "#c0e2c0", "#f2bebe", "#dfd1eb", "#dccbc9", "#f6d6ed", "#d8d8d8", "#ebebbc", "#b9ebf0",
  ]

  /// Marks for data points, one per class (ASCII, so every terminal shows them alike).
  static let marks: [Character] = ["o", "x", "+", "*", "#", "@", "%", "&", "$", "v"]
  /// What fills the region of each predicted class when there is no colour.
  static let shades: [Character] = [" ", "░", "▒", "▓", "·", ":", "-", "=", "~", "'"]
  static let asciiShades: [Character] = [" ", ".", ":", "-", "=", "~", "'", "`", ",", ";"]

  static func terminal(_ i: Int) -> Int { terminal[i % terminal.count] }
  static func svg(_ i: Int) -> String { svg[i % svg.count] }
  static func terminalTint(_ i: Int) -> Int { terminalTint[i % terminalTint.count] }
  static func svgTint(_ i: Int) -> String { svgTint[i % svgTint.count] }
  static func mark(_ i: Int) -> Character { marks[i % marks.count] }
  static func shade(_ i: Int, ascii: Bool) -> Character {
    let set = ascii ? asciiShades : shades
    return set[i % set.count]
  }

  /// Weights and other signed values: blue for negative, red for positive.
  static let negative = (terminal: 33, svg: "#2166ac")
  static let positive = (terminal: 160, svg: "#b2182b")
}
