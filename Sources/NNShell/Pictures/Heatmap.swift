import NNEngine

/// A matrix as a picture: one cell per element (two characters wide when they fit, so
/// elements look square), shaded by value, with row and column numbers (1-based, as
/// indices are in nnsh) and a legend of what each shade means.
///
/// A matrix too large for the terminal is shown averaged over blocks of elements (the
/// title says how many). `plot W1 row=5 as "8x8"` passes one row reshaped into an image.
///
///     W[1] (3×2): min -0.2342, max 1.523
///         1 2
///       1 ▒▒░░
///       2 ▓▓██
///       3 ░░░░
///     legend: blank ≥ -0.2342  ░ ≥ 0.1172  ▒ ≥ 0.4687  ▓ ≥ 0.8201  █ ≥ 1.172
struct Heatmap {
  var title: String
  var values: Matrix
  /// A caption under the picture.
  var note: String?

  /// Averages of `rowBlock × columnBlock` blocks (NaN only when a block has no finite value).
  static func blockAverages(_ m: Matrix, rowBlock: Int, columnBlock: Int) -> [[Double]] {
    let rows = (m.rows + rowBlock - 1) / rowBlock, cols = (m.cols + columnBlock - 1) / columnBlock
    var out = [[Double]](repeating: [Double](repeating: .nan, count: cols), count: rows)
    for r in 0..<rows {
      for c in 0..<cols {
        var sum = 0.0, n = 0
        for i in (r * rowBlock)..<min(m.rows, (r + 1) * rowBlock) {
          for j in (c * columnBlock)..<min(m.cols, (c + 1) * columnBlock) where m[i, j].isFinite {
            sum += m[i, j]
            n += 1
          }
        }
        if n > 0 { out[r][c] = sum / Double(n) }
      }
    }
    return out
  }

  /// How the matrix fits: characters per element and the size of averaged blocks.
  struct Layout {
    var cellWidth: Int
    var rowBlock: Int
    var columnBlock: Int
    var labelWidth: Int
  }

  func layout(_ style: PictureStyle) -> Layout {
    let labelWidth = String(values.rows).count + 3
    let available = max(4, style.width - labelWidth)
    let maxRows = max(2, style.height ?? 32)
    let rowBlock = max(1, (values.rows + maxRows - 1) / maxRows)
    if values.cols * 2 <= available { return Layout(cellWidth: 2, rowBlock: rowBlock, columnBlock: 1, labelWidth: labelWidth) }
    let columnBlock = max(1, (values.cols + available - 1) / available)
    return Layout(cellWidth: 1, rowBlock: rowBlock, columnBlock: columnBlock, labelWidth: labelWidth)
  }

  func render(_ style: PictureStyle) -> [String] {
    let layout = self.layout(style)
    let shown = Heatmap.blockAverages(values, rowBlock: layout.rowBlock, columnBlock: layout.columnBlock)
    let finite = shown.flatMap { $0 }.filter(\.isFinite)
    let low = finite.min() ?? 0, high = finite.max() ?? 0
    let shading = Shading(low: low, high: high, ascii: style.ascii)
    var lines = [title + ": min \(AxisScale.label(low)), max \(AxisScale.label(high))"]
    if layout.rowBlock > 1 || layout.columnBlock > 1 {
      lines.append("(each cell is the mean of a \(layout.rowBlock)×\(layout.columnBlock) block of elements)")
    }
    let shownColumns = shown.first?.count ?? 0
    // Column numbers: every one that fits with a space before the next.
    var ruler = TextCanvas(width: layout.labelWidth + shownColumns * layout.cellWidth + 4, height: 1)
    var end = -1
    for j in 0..<shownColumns where shownColumns <= 12 || j == 0 || (j + 1) % 5 == 0 {
      let label = String(j * layout.columnBlock + 1)
      let x = layout.labelWidth + j * layout.cellWidth
      guard x > end + 1 else { continue }
      ruler.write(label, x, 0)
      end = x + label.count - 1
    }
    lines += ruler.lines(color: false)
    for (i, row) in shown.enumerated() {
      let numbered = shown.count <= 12 || i == 0 || (i + 1) % 5 == 0
      var line = (numbered ? String(i * layout.rowBlock + 1) : "").leftPadding(layout.labelWidth - 1) + " "
      for v in row {
        let cell = String(repeating: String(shading.character(v)), count: layout.cellWidth)
        if style.color {
          line += ANSI.style(foreground: nil, background: shading.terminalColor(v)) + String(repeating: " ", count: layout.cellWidth)
        } else {
          line += cell
        }
      }
      if style.color { line += ANSI.reset }
      lines.append(line.trailingSpacesTrimmed)
    }
    lines += legend(shading, style)
    if let note { lines.append(note) }
    return lines
  }

  /// What each shade means: `░ ≥ 0.1172`; with colour, a colour bar from min to max.
  func legend(_ shading: Shading, _ style: PictureStyle) -> [String] {
    if style.color, shading.high > shading.low {
      let steps = 13
      var bar = ""
      for k in 0..<steps {
        let v = shading.low + (shading.high - shading.low) * (Double(k) + 0.5) / Double(steps)
        bar += ANSI.style(foreground: nil, background: shading.terminalColor(v)) + "  "
      }
      let zero = shading.diverging ? " (white is 0)" : ""
      return ["legend: \(AxisScale.label(shading.low)) " + bar + ANSI.reset + " \(AxisScale.label(shading.high))\(zero)"]
    }
    guard shading.high > shading.low else {
      return ["legend: \(shading.character(shading.low)) = \(AxisScale.label(shading.low)) (every element shown has this value)"]
    }
    let items = (0..<shading.levels).map { k -> String in
      let c = shading.characters[k]
      return (c == " " ? "blank" : String(c)) + (style.ascii ? " >= " : " ≥ ") + AxisScale.label(shading.lowerBound(k))
    }
    return TextLayout.wrap(items, prefix: "legend: ", width: style.width, indent: 8)
  }
}
