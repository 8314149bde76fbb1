/// The frame of a chart in an SVG picture: the drawing area, axes with round ticks, light
/// grid lines, tick labels and axis titles.
struct SVGChart {
  let x: AxisScale
  let y: AxisScale
  let left: Double
  let top: Double
  let width: Double
  let height: Double

  /// The horizontal coordinate of a value (nil when the axis cannot show it).
  func px(_ v: Double) -> Double? { x.position(v).map { left + $0 * width } }
  /// The vertical coordinate of a value (SVG's y grows downwards).
  func py(_ v: Double) -> Double? { y.position(v).map { top + (1 - $0) * height } }

  func drawAxes(_ svg: inout SVGDocument, xTitle: String, yTitle: String, integerX: Bool = false) {
    let n = SVGDocument.number
    let bottom = top + height, right = left + width
    svg.group("grid") { svg in
      for v in y.ticks(count: 6) {
        guard let p = py(v) else { continue }
        svg.element("line", ["x1": n(left), "y1": n(p), "x2": n(right), "y2": n(p), "stroke": "#e5e5e5"])
      }
    }
    svg.group("axes") { svg in
      svg.element("line", ["class": "axis", "x1": n(left), "y1": n(bottom), "x2": n(right), "y2": n(bottom), "stroke": "#333333"])
      svg.element("line", ["class": "axis", "x1": n(left), "y1": n(top), "x2": n(left), "y2": n(bottom), "stroke": "#333333"])
      var xTicks = x.ticks(count: 8, minimumStep: integerX ? 1 : 0)
      // Label the start of a whole-number axis too (epoch 1), as the terminal chart does.
      if integerX, let first = xTicks.first, xTicks.count > 1, first - x.low > (xTicks[1] - first) / 2 { xTicks.insert(x.low, at: 0) }
      for v in xTicks {
        guard let p = px(v) else { continue }
        svg.element("line", ["class": "tick", "x1": n(p), "y1": n(bottom), "x2": n(p), "y2": n(bottom + 5), "stroke": "#333333"])
        svg.text(AxisScale.label(v), x: p, y: bottom + 18, anchor: "middle", className: "tick-label")
      }
      for v in y.ticks(count: 6) {
        guard let p = py(v) else { continue }
        svg.element("line", ["class": "tick", "x1": n(left - 5), "y1": n(p), "x2": n(left), "y2": n(p), "stroke": "#333333"])
        svg.text(AxisScale.label(v), x: left - 8, y: p + 4, anchor: "end", className: "tick-label")
      }
      svg.text(xTitle, x: left + width / 2, y: bottom + 38, anchor: "middle", className: "axis-title", size: 13)
      svg.text(yTitle, x: 16, y: top + height / 2, anchor: "middle", className: "axis-title", size: 13, rotate: true)
    }
  }
}
