/// A canvas of dots drawn with Unicode braille characters: each character cell holds a
/// 2 × 4 block of dots, so a terminal of 70 × 16 cells draws curves at 140 × 64 dots.
///
///     dot (x, y) in a cell     bit
///       (0,0) (1,0)            0x01 0x08
///       (0,1) (1,1)            0x02 0x10
///       (0,2) (1,2)            0x04 0x20
///       (0,3) (1,3)            0x40 0x80
///
/// The character is U+2800 plus the bits. A cell takes the colour of the heaviest mark
/// drawn through it (`weight`), so the strongest edge of a network decides its tint.
struct BrailleCanvas {
  /// Size in character cells.
  let columns: Int
  let rows: Int
  private var bits: [UInt8]
  private var colors: [Int?]
  private var weights: [Double]

  init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    let n = self.columns * self.rows
    bits = Array(repeating: 0, count: n)
    colors = Array(repeating: nil, count: n)
    weights = Array(repeating: -Double.infinity, count: n)
  }

  /// Size in dots.
  var dotWidth: Int { columns * 2 }
  var dotHeight: Int { rows * 4 }

  static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  /// Sets the dot at (x, y), y downwards; dots outside are ignored.
  mutating func set(_ x: Int, _ y: Int, color: Int? = nil, weight: Double = 0) {
    guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
    let cell = (y / 4) * columns + x / 2
    bits[cell] |= BrailleCanvas.dotBits[x % 2][y % 4]
    if weight >= weights[cell] {
      weights[cell] = weight
      colors[cell] = color
    }
  }

  /// A straight line of dots between two dots (both included).
  mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: Int? = nil, weight: Double = 0) {
    Raster.line(x0, y0, x1, y1) { set($0, $1, color: color, weight: weight) }
  }

  /// The braille character of a cell, or nil when it has no dots.
  func character(_ column: Int, _ row: Int) -> Character? {
    guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
    let b = bits[row * columns + column]
    guard b != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(b)) else { return nil }
    return Character(scalar)
  }

  /// Copies the non-empty cells onto `canvas` with their top-left at (x, y).
  func draw(on canvas: inout TextCanvas, x: Int, y: Int) {
    for r in 0..<rows {
      for c in 0..<columns {
        if let ch = character(c, r) { canvas.put(ch, x + c, y + r, color: colors[r * columns + c]) }
      }
    }
  }
}
