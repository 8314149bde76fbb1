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
///     legend: · ≥ -0.2342  ░ ≥ 0.1172  ▒ ≥ 0.4687  ▓ ≥ 0.8201  █ ≥ 1.172
///
/// The shades span the finite values; an infinity or NaN has its own mark (`▲` Inf, `▼`
/// -Inf, `?` NaN), named in the legend and counted in the title:
///
///     [1 1/0; -1/0 0/0] (2×2): min 1, max 1 of the finite elements; 1 Inf, 1 -Inf, 1 NaN
struct Heatmap {
  var title: String
  var values: Matrix
  /// A caption under the picture.
  var note: String?
  /// Called before each block is averaged; throws to stop (Ctrl-C).
  var check: () throws -> Void = {}

  /// The mean of each `rowBlock × columnBlock` block, as IEEE arithmetic has it: NaN
  /// when the block holds a NaN or both infinities, ±Inf when it holds that infinity, so
  /// an averaged picture never hides a non-finite element. A sum of finite elements that
  /// overflows (two of 1e308) is taken again as Σ vᵢ/n.
  static func blockAverages(
    _ m: Matrix, rowBlock: Int, columnBlock: Int, check: () throws -> Void = {}
  ) rethrows -> [[Double]] {
    let rows = (m.rows + rowBlock - 1) / rowBlock, cols = (m.cols + columnBlock - 1) / columnBlock
    var out = [[Double]](repeating: [Double](repeating: .nan, count: cols), count: rows)
    for r in 0..<rows {
      let blockRows = (r * rowBlock)..<min(m.rows, (r + 1) * rowBlock)
      for c in 0..<cols {
        try check()
        let blockColumns = (c * columnBlock)..<min(m.cols, (c + 1) * columnBlock)
        var sum = 0.0, n = 0
        var nan = false, positive = false, negative = false
        for i in blockRows {
          for j in blockColumns {
            let v = m[i, j]
            if v.isFinite {
              sum += v
              n += 1
            } else if v.isNaN {
              nan = true
            } else if v > 0 {
              positive = true
            } else {
              negative = true
            }
          }
        }
        if nan || (positive && negative) {
          out[r][c] = .nan
        } else if positive || negative {
          out[r][c] = positive ? .infinity : -.infinity
        } else if n > 0 {
          var mean = sum / Double(n)
          if !mean.isFinite {
            mean = 0
            for i in blockRows { for j in blockColumns { mean += m[i, j] / Double(n) } }
          }
          out[r][c] = mean
        }
      }
    }
    return out
  }

  /// The shading of the finite cells (low = high = 0 when there are none).
  static func shading(_ shown: [[Double]], ascii: Bool) -> Shading {
    var low = Double.infinity, high = -Double.infinity
    for row in shown { for v in row where v.isFinite { low = min(low, v); high = max(high, v) } }
    return low <= high ? Shading(low: low, high: high, ascii: ascii) : Shading(low: 0, high: 0, ascii: ascii)
  }

  /// The non-finite values among the cells, in legend order (Inf, -Inf, NaN).
  static func nonFiniteKinds(_ shown: [[Double]]) -> [Double] {
    var nan = false, positive = false, negative = false
    for row in shown {
      for v in row where !v.isFinite {
        if v.isNaN { nan = true } else if v > 0 { positive = true } else { negative = true }
      }
    }
    return Shading.nonFinite.filter { $0.isNaN ? nan : ($0 > 0 ? positive : negative) }
  }

  /// After the title: `min …, max …` of the finite cells, and how many elements are
  /// Inf, -Inf or NaN, if any (`min 1, max 1 of the finite elements; 1 Inf, 1 NaN`).
  func summary(_ shown: [[Double]]) -> String {
    var infinities = 0, negativeInfinities = 0, nans = 0
    for v in values.storage where !v.isFinite {
      if v.isNaN { nans += 1 } else if v > 0 { infinities += 1 } else { negativeInfinities += 1 }
    }
    let counts = [(infinities, "Inf"), (negativeInfinities, "-Inf"), (nans, "NaN")].filter { $0.0 > 0 }
      .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    let finite = shown.contains { $0.contains(where: \.isFinite) }
    guard finite else { return "no finite elements; " + counts }
    let shading = Heatmap.shading(shown, ascii: false)
    let range = "min \(AxisScale.label(shading.low)), max \(AxisScale.label(shading.high))"
    return counts.isEmpty ? range : range + " of the finite elements; " + counts
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

  func render(_ style: PictureStyle) throws -> [String] {
    let layout = self.layout(style)
    let shown = try Heatmap.blockAverages(values, rowBlock: layout.rowBlock, columnBlock: layout.columnBlock, check: check)
    let shading = Heatmap.shading(shown, ascii: style.ascii)
    var lines = [title + ": " + summary(shown)]
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
        if style.color && !v.isFinite {
          line += ANSI.style(foreground: Shading.terminalColor(nonFinite: v), background: nil) + cell
        } else if style.color {
          line += ANSI.style(foreground: nil, background: shading.terminalColor(v)) + String(repeating: " ", count: layout.cellWidth)
        } else {
          line += cell
        }
      }
      if style.color { line += ANSI.reset }
      lines.append(line.trailingSpacesTrimmed)
    }
    lines += legend(shading, shown: shown, style)
    if let note { lines.append(note) }
    return lines
  }

  /// What each shade means: `░ ≥ 0.1172`; with colour, a colour bar from min to max;
  /// then the mark of each non-finite value shown (`▲ = Inf  ▼ = -Inf  ? = NaN`).
  func legend(_ shading: Shading, shown: [[Double]], _ style: PictureStyle) -> [String] {
    let nonFinite = Heatmap.nonFiniteKinds(shown)
    let marks = nonFinite.map { v -> String in
      let mark = String(Shading.mark(v, ascii: style.ascii))
      return ANSI.paint(mark, Shading.terminalColor(nonFinite: v), enabled: style.color) + " = " + NumberFormat.format(v)
    }
    guard shown.contains(where: { $0.contains(where: \.isFinite) }) else { return TextLayout.wrap(marks, prefix: "legend: ", width: style.width, indent: 8) }
    if style.color, shading.high > shading.low {
      let steps = 13
      var bar = ""
      for k in 0..<steps {
        let v = shading.value(Double(k) + 0.5, of: Double(steps))
        bar += ANSI.style(foreground: nil, background: shading.terminalColor(v)) + "  "
      }
      let zero = shading.diverging ? " (white is 0)" : ""
      let line = "legend: \(AxisScale.label(shading.low)) " + bar + ANSI.reset + " \(AxisScale.label(shading.high))\(zero)"
      return [([line] + marks).joined(separator: "  ")]
    }
    guard shading.high > shading.low else {
      let every = nonFinite.isEmpty ? "every element shown" : "every finite element shown"
      let item = "\(shading.character(shading.low)) = \(AxisScale.label(shading.low)) (\(every) has this value)"
      return TextLayout.wrap([item] + marks, prefix: "legend: ", width: style.width, indent: 8)
    }
    let items = (0..<shading.levels).map { k -> String in
      let c = shading.characters[k]
      return String(c) + (style.ascii ? " >= " : " ≥ ") + AxisScale.label(shading.lowerBound(k))
    }
    return TextLayout.wrap(items + marks, prefix: "legend: ", width: style.width, indent: 8)
  }
}
