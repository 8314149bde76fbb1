/// A chart of curves and points over two numeric axes: the loss history, or a fitted
/// curve over one-input data.
///
/// In the terminal, curves are braille lines (2 × 4 dots per cell). Without colour a
/// second curve would merge into the first, so curves after the first are drawn with a
/// mark character instead (`·`), and points always are (`•`); with `ascii` every series
/// uses marks (`*`, `o`, …). The y axis is logarithmic when asked or, by default, when
/// positive values span two decades or more.
struct LineChart {
  enum Kind { case line, points }

  struct Series {
    var name: String
    var points: [(x: Double, y: Double)]
    var kind: Kind
  }

  var title: String
  var xTitle: String
  var series: [Series]
  /// nil chooses from the data.
  var logarithmic: Bool?
  /// Whole-number x ticks (epochs).
  var integerX = false

  /// True when the y axis is logarithmic: as asked, or when the values are all positive
  /// and the largest is at least 100 times the smallest.
  var usesLogScale: Bool {
    if let logarithmic { return logarithmic }
    let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
    guard let lo = ys.min(), let hi = ys.max(), lo > 0 else { return false }
    return hi / lo >= 100
  }

  var xScale: AxisScale {
    AxisScale(low: series.flatMap { $0.points.map(\.x) }.filter(\.isFinite).min() ?? 0,
              high: series.flatMap { $0.points.map(\.x) }.filter(\.isFinite).max() ?? 1)
  }

  var yScale: AxisScale {
    AxisScale(covering: series.flatMap { $0.points.map(\.y) }, logarithmic: usesLogScale)
  }

  /// The character a series is drawn with, or nil for braille.
  func mark(_ index: Int, _ style: PictureStyle) -> Character? {
    let s = series[index]
    if style.ascii { return s.kind == .points ? "o" : (["*", "+", "x", "#"] as [Character])[lineIndex(index) % 4] }
    if s.kind == .points { return "•" }
    if style.color || lineIndex(index) == 0 { return nil }
    return (["·", "∘", "+", "x"] as [Character])[(lineIndex(index) - 1) % 4]
  }

  /// The number of line series before this one.
  private func lineIndex(_ index: Int) -> Int {
    series[..<index].filter { $0.kind == .line }.count
  }

  /// The legend entry's sample: the mark, or a short braille stroke.
  func swatch(_ index: Int, _ style: PictureStyle) -> String {
    if let m = mark(index, style) { return String(m) }
    return "⠤⠤"
  }

  /// The chart as lines of text, `style.width` wide.
  func render(_ style: PictureStyle) -> [String] {
    let legend = series.indices.map { i in
      ANSI.paint(swatch(i, style), Palette.terminal(i), enabled: style.color) + " " + series[i].name
    }
    let legendWidth = series.indices.map { swatch($0, style).count + 1 + series[$0].name.count }.reduce(0, +)
      + 2 * max(0, series.count - 1)
    let heading = title + (usesLogScale ? " (log scale)" : "")
    let sameLine = heading.count + 2 + legendWidth <= style.width
    let frame = ChartFrame(
      x: xScale, y: yScale, xTitle: xTitle, style: style, top: 0,
      defaultHeight: max(6, min(16, (style.width - 10) / 5)), integerX: integerX, roundY: true)
    var canvas = frame.canvas(style)
    // Points first, curves over them; a curve drawn with marks leaves the cells of
    // earlier curves alone, so where two curves meet the first one shows.
    var curveCells = Set<Int>()
    for (i, s) in series.enumerated() where s.kind == .points {
      let m = mark(i, style) ?? "•"
      for p in s.points {
        guard let c = frame.cell(p.x, p.y) else { continue }
        canvas.put(m, frame.left + c.column, frame.top + c.row, color: style.color ? Palette.terminal(i) : nil)
      }
    }
    var dots = BrailleCanvas(columns: frame.plotWidth, rows: frame.plotHeight)
    for (i, s) in series.enumerated() where s.kind == .line && mark(i, style) == nil {
      var previous: (x: Int, y: Int)?
      for p in s.points {
        guard let d = frame.dot(p.x, p.y) else {
          previous = nil  // a gap (NaN) breaks the curve
          continue
        }
        if let q = previous {
          dots.line(q.x, q.y, d.x, d.y, color: Palette.terminal(i))
        } else {
          dots.set(d.x, d.y, color: Palette.terminal(i))
        }
        previous = d
      }
    }
    dots.draw(on: &canvas, x: frame.left, y: frame.top)
    for r in 0..<frame.plotHeight {
      for c in 0..<frame.plotWidth where dots.character(c, r) != nil { curveCells.insert(r * frame.plotWidth + c) }
    }
    for (i, s) in series.enumerated() where s.kind == .line {
      guard let m = mark(i, style) else { continue }
      let color = style.color ? Palette.terminal(i) : nil
      var own = Set<Int>()
      var previous: (column: Int, row: Int)?
      for p in s.points {
        guard let c = frame.cell(p.x, p.y) else {
          previous = nil
          continue
        }
        let from = previous ?? c
        Raster.line(from.column, from.row, c.column, c.row) { x, y in
          let k = y * frame.plotWidth + x
          guard !curveCells.contains(k) else { return }
          canvas.put(m, frame.left + x, frame.top + y, color: color)
          own.insert(k)
        }
        previous = c
      }
      curveCells.formUnion(own)
    }
    var lines: [String] = []
    if sameLine {
      lines.append(heading + String(repeating: " ", count: style.width - heading.count - legendWidth) + legend.joined(separator: "  "))
    } else {
      lines.append(heading)
      lines.append(legend.joined(separator: "  "))
    }
    return lines + canvas.lines(color: style.color)
  }
}
