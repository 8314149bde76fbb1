/// Turning straight lines into cells or dots.
enum Raster {
  /// Bresenham's line from (x0, y0) to (x1, y1), both ends included: every step moves one
  /// unit along the longer axis, so the line has no gaps.
  static func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ plot: (Int, Int) -> Void) {
    let dx = abs(x1 - x0), dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
    var error = dx + dy
    var x = x0, y = y0
    while true {
      plot(x, y)
      if x == x1 && y == y1 { return }
      let e2 = 2 * error
      if e2 >= dy {
        error += dy
        x += sx
      }
      if e2 <= dx {
        error += dx
        y += sy
      }
    }
  }
}
