/// Two-dimensional data coloured by class, optionally over the plane shaded by the class
/// a model predicts at each place: `plot data` and `plot boundary`, as the TensorFlow
/// Playground draws them.
///
/// Each cell of the drawing area is one sample of the plane (its centre is what the
/// network classifies); each data point is the mark of its class (`o`, `x`, `+`, …) in
/// the cell it falls in, so where the shading and a mark disagree the network gets
/// that point wrong. With colour, regions are light tints and marks strong colours;
/// without, regions are shaded with characters (blank, `░`, `▒`, …).
struct ClassMap {
  var title: String
  var xTitle: String
  var yTitle: String
  var classNames: [String]
  var points: [(x: Double, y: Double, label: Int)]
  /// A caption under the picture (e.g. which features are shown).
  var note: String?

  /// The axes: the data's range with 5% to spare on each side.
  var xScale: AxisScale { AxisScale(covering: points.map(\.x), logarithmic: false, padding: 0.05) }
  var yScale: AxisScale { AxisScale(covering: points.map(\.y), logarithmic: false, padding: 0.05) }

  /// The centres of an n × m grid over the plane, row by row from the top, as the
  /// classifier of `render` receives them.
  static func centers(_ x: AxisScale, _ y: AxisScale, columns: Int, rows: Int) -> [(x: Double, y: Double)] {
    var out: [(x: Double, y: Double)] = []
    out.reserveCapacity(columns * rows)
    for r in 0..<rows {
      let yv = y.value(at: 1 - (Double(r) + 0.5) / Double(rows))
      for c in 0..<columns {
        out.append((x.value(at: (Double(c) + 0.5) / Double(columns)), yv))
      }
    }
    return out
  }

  /// The picture as lines of text. `classify` (when given) returns the predicted class
  /// of each point of the plane it is passed; it runs once, on every cell at once.
  func render(_ style: PictureStyle, classify: (([(x: Double, y: Double)]) throws -> [Int])? = nil) throws -> [String] {
    let marks = classNames.indices.map { i in
      ANSI.paint(String(Palette.mark(i)), Palette.terminal(i), enabled: style.color) + " " + classNames[i]
    }
    var legend = "marks: " + marks.joined(separator: "  ")
    if classify != nil {
      let shades = classNames.indices.map { i -> String in
        if style.color { return ANSI.style(foreground: nil, background: Palette.terminalTint(i)) + "  " + ANSI.reset + " " + classNames[i] }
        let c = Palette.shade(i, ascii: style.ascii)
        return (c == " " ? "blank" : "'\(c)'") + " " + classNames[i]
      }
      legend += "   regions: " + shades.joined(separator: "  ")
    }
    // Cells are about twice as tall as wide: a square plane gets half as many rows as
    // columns, within reason.
    let x = xScale, y = yScale
    let plotWidth = max(10, style.width - 12)
    let aspect = (y.high - y.low) / max(1e-300, x.high - x.low)
    let rows = Double(plotWidth) * aspect / 2
    let defaultHeight = rows.isFinite ? Int(max(8, min(24, rows.rounded()))) : 24
    let frame = ChartFrame(x: x, y: y, xTitle: xTitle, style: style, top: 0, defaultHeight: defaultHeight)
    var canvas = frame.canvas(style)
    if let classify {
      let centers = ClassMap.centers(x, y, columns: frame.plotWidth, rows: frame.plotHeight)
      let predicted = try classify(centers)
      for (k, label) in predicted.enumerated() where k < centers.count {
        let c = frame.left + k % frame.plotWidth, r = frame.top + k / frame.plotWidth
        if style.color {
          canvas.setBackground(Palette.terminalTint(label), c, r)
        } else {
          canvas.put(Palette.shade(label, ascii: style.ascii), c, r)
        }
      }
    }
    for p in points {
      guard let cell = frame.cell(p.x, p.y) else { continue }
      canvas.put(Palette.mark(p.label), frame.left + cell.column, frame.top + cell.row, color: style.color ? Palette.terminal(p.label) : nil)
    }
    var lines = [title, yTitle] + canvas.lines(color: style.color) + [legend]
    if let note { lines.append(note) }
    return lines
  }
}
