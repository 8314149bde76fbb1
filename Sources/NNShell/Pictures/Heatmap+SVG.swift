/// The heatmap as SVG: one `<rect class="cell">` per element (matrices larger than
/// `maxSide` per side are block-averaged first), row and column numbers, and a colour
/// bar from min to max of the finite values. Infinities and NaN are off the bar: each has
/// its own colour (Inf magenta, -Inf green, NaN grey), with a swatch under the bar
/// (`<rect class="non-finite">`) naming it.
extension Heatmap {
  static let maxSide = 128

  func svg() throws -> SVGDocument {
    let n = SVGDocument.number
    let rowBlock = max(1, (values.rows + Heatmap.maxSide - 1) / Heatmap.maxSide)
    let columnBlock = max(1, (values.cols + Heatmap.maxSide - 1) / Heatmap.maxSide)
    let shown = try Heatmap.blockAverages(values, rowBlock: rowBlock, columnBlock: columnBlock, check: check)
    let rows = shown.count, cols = shown.first?.count ?? 0
    let shading = Heatmap.shading(shown, ascii: false)
    let hasFinite = shown.contains { $0.contains(where: \.isFinite) }
    let cell = max(1, min(36, 520 / Double(max(rows, cols, 1))))
    let left = 50.0, top = 56.0
    let nonFinite = Heatmap.nonFiniteKinds(shown)
    let barX = left + Double(cols) * cell + 30, barHeight = max(80, Double(rows) * cell)
    // The swatches of Inf, -Inf and NaN go under the bar: the picture grows to hold them.
    let swatchTop = hasFinite ? top + barHeight + 12 : top
    let swatchBottom = nonFinite.isEmpty ? 0 : swatchTop + Double(nonFinite.count) * 20 + 10
    let width = max(360, left + Double(cols) * cell + 120), height = max(top + Double(rows) * cell + 50, swatchBottom)
    var svg = SVGDocument(width: width, height: height, title: title)
    svg.text(title, x: left, y: 24, className: "title", size: 15)
    if rowBlock > 1 || columnBlock > 1 {
      svg.text("each cell is the mean of a \(rowBlock)×\(columnBlock) block", x: left, y: 40, className: "note", size: 11)
    }
    svg.group("cells") { svg in
      for (i, row) in shown.enumerated() {
        for (j, v) in row.enumerated() {
          svg.element(
            "rect", ["class": "cell", "x": n(left + Double(j) * cell), "y": n(top + Double(i) * cell),
                     "width": n(cell), "height": n(cell), "fill": shading.svgColor(v),
                     "data-value": NumberFormat.format(v, digits: 6)])
        }
      }
    }
    svg.group("labels") { svg in
      let every = max(1, Int((14 / cell).rounded(.up)))
      for i in stride(from: 0, to: rows, by: every) {
        svg.text(String(i * rowBlock + 1), x: left - 6, y: top + (Double(i) + 0.5) * cell + 4, anchor: "end", className: "tick-label", size: 10)
      }
      for j in stride(from: 0, to: cols, by: every) {
        svg.text(String(j * columnBlock + 1), x: left + (Double(j) + 0.5) * cell, y: top - 6, anchor: "middle", className: "tick-label", size: 10)
      }
    }
    // The colour bar: a vertical gradient from max (top) to min (bottom).
    svg.group("legend") { svg in
      if hasFinite {
        let steps = 24
        for k in 0..<steps {
          let t = 1 - (Double(k) + 0.5) / Double(steps)
          let v = shading.value(t, of: 1)
          svg.element(
            "rect", ["x": n(barX), "y": n(top + barHeight * Double(k) / Double(steps)), "width": "16",
                     "height": n(barHeight / Double(steps) + 0.3), "fill": shading.svgColor(v)])
        }
        svg.element("rect", ["x": n(barX), "y": n(top), "width": "16", "height": n(barHeight), "fill": "none", "stroke": "#333333"])
        svg.text(AxisScale.label(shading.high), x: barX + 22, y: top + 8, className: "legend-label", size: 11)
        svg.text(AxisScale.label(shading.low), x: barX + 22, y: top + barHeight, className: "legend-label", size: 11)
        if shading.diverging {
          // The bar runs linearly from min to max, so zero sits where it divides them.
          let t = shading.position(0)
          svg.text("0", x: barX + 22, y: top + barHeight * (1 - t) + 4, className: "legend-label", size: 11)
        }
      }
      // One swatch per non-finite value shown, under the bar (or in its place).
      for (k, v) in nonFinite.enumerated() {
        let y = swatchTop + Double(k) * 20
        svg.element(
          "rect", ["class": "non-finite", "x": n(barX), "y": n(y), "width": "16", "height": "14",
                   "fill": Shading.svgColor(nonFinite: v), "stroke": "#333333", "data-value": NumberFormat.format(v)])
        svg.text(NumberFormat.format(v), x: barX + 22, y: y + 11, className: "legend-label", size: 11)
      }
    }
    if let note { svg.text(note, x: left, y: height - 12, className: "note", size: 11) }
    return svg
  }
}
