/// The line chart as SVG: one `<path class="curve">` per curve, one `<circle
/// class="point">` per point (up to `SVGLimits.points`), axes and a legend.
extension LineChart {
  func svg(yTitle: String) -> SVGDocument {
    let n = SVGDocument.number
    let heading = title + (usesLogScale ? " (log scale)" : "")
    var svg = SVGDocument(width: 680, height: 420, title: heading)
    let chart = SVGChart(x: xScale, y: yScale.roundedOut(count: 6), left: 80, top: 44, width: 560, height: 310)
    svg.text(heading, x: 80, y: 24, className: "title", size: 15)
    chart.drawAxes(&svg, xTitle: xTitle, yTitle: yTitle + (usesLogScale ? " (log)" : ""), integerX: integerX)
    for (i, s) in series.enumerated() {
      let color = Palette.svg(i)
      switch s.kind {
      case .line:
        var d = ""
        var pen = false
        for p in s.points {
          guard let x = chart.px(p.x), let y = chart.py(p.y) else {
            pen = false  // a gap (NaN) breaks the curve
            continue
          }
          d += (d.isEmpty ? "" : " ") + (pen ? "L" : "M") + n(x) + " " + n(y)
          pen = true
        }
        guard !d.isEmpty else { continue }
        svg.element(
          "path", ["class": "curve", "data-series": s.name, "d": d, "fill": "none", "stroke": color, "stroke-width": "2",
                   "stroke-linejoin": "round"])
      case .points:
        svg.group("points") { svg in
          for p in SVGLimits.sample(s.points) {
            guard let x = chart.px(p.x), let y = chart.py(p.y) else { continue }
            svg.element("circle", ["class": "point", "cx": n(x), "cy": n(y), "r": "2.5", "fill": color, "fill-opacity": "0.75"])
          }
        }
      }
    }
    svg.group("legend") { svg in
      var x = 640.0
      for (i, s) in series.enumerated().reversed() {
        let w = Double(s.name.count) * 7 + 34
        x -= w
        if s.kind == .line {
          svg.element("line", ["x1": n(x), "y1": "20", "x2": n(x + 20), "y2": "20", "stroke": Palette.svg(i), "stroke-width": "2"])
        } else {
          svg.element("circle", ["cx": n(x + 10), "cy": "20", "r": "3", "fill": Palette.svg(i)])
        }
        svg.text(s.name, x: x + 25, y: 24, className: "legend-label")
      }
    }
    return svg
  }
}

/// How much an SVG picture draws at most, so a million-point data set still gives a
/// file a browser opens.
enum SVGLimits {
  static let points = 5000

  /// Every k-th element, for at most `points` of them (all when there are few).
  static func sample<T>(_ items: [T]) -> [T] {
    guard items.count > points else { return items }
    let stride = (items.count + points - 1) / points
    return Swift.stride(from: 0, to: items.count, by: stride).map { items[$0] }
  }
}
