/// The class map as SVG: the predicted regions as `<rect class="region">` runs over a
/// fine grid, one `<circle class="point">` per data point (up to `SVGLimits.points`),
/// axes and a legend of classes.
extension ClassMap {
  func svg(classify: (([(x: Double, y: Double)]) throws -> [Int])? = nil) throws -> SVGDocument {
    let n = SVGDocument.number
    let size = 460.0
    var svg = SVGDocument(width: 80 + size + 170, height: 44 + size + 60, title: title)
    let chart = SVGChart(x: xScale, y: yScale, left: 80, top: 44, width: size, height: size)
    svg.text(title, x: 80, y: 24, className: "title", size: 15)
    if let classify {
      let grid = 115
      let centers = ClassMap.centers(xScale, yScale, columns: grid, rows: grid)
      let predicted = try classify(centers)
      let cell = size / Double(grid)
      svg.group("regions") { svg in
        for r in 0..<grid {
          // One rectangle per run of equal classes along the row keeps the file small.
          var c = 0
          while c < grid {
            let k = r * grid + c
            guard k < predicted.count else { break }
            let label = predicted[k]
            var end = c + 1
            while end < grid, r * grid + end < predicted.count, predicted[r * grid + end] == label { end += 1 }
            svg.element(
              "rect", ["class": "region", "x": n(80 + Double(c) * cell), "y": n(44 + Double(r) * cell),
                       "width": n(Double(end - c) * cell + 0.3), "height": n(cell + 0.3), "fill": Palette.svgTint(label)])
            c = end
          }
        }
      }
    }
    chart.drawAxes(&svg, xTitle: xTitle, yTitle: yTitle)
    svg.group("points") { svg in
      for p in SVGLimits.sample(points) {
        guard let x = chart.px(p.x), let y = chart.py(p.y) else { continue }
        svg.element(
          "circle", ["class": "point", "cx": n(x), "cy": n(y), "r": "3.5", "fill": Palette.svg(p.label),
                     "stroke": "#ffffff", "stroke-width": "0.8", "data-class": String(p.label)])
      }
    }
    svg.group("legend") { svg in
      for (i, name) in classNames.enumerated() {
        let y = 60 + Double(i) * 22
        svg.element("circle", ["cx": n(80 + size + 30), "cy": n(y), "r": "5", "fill": Palette.svg(i)])
        if classify != nil {
          svg.element("rect", ["x": n(80 + size + 42), "y": n(y - 7), "width": "14", "height": "14", "fill": Palette.svgTint(i)])
        }
        svg.text(name, x: 80 + size + 62, y: y + 4, className: "legend-label")
      }
    }
    if let note { svg.text(note, x: 80, y: 44 + size + 56, className: "note", size: 11) }
    return svg
  }
}
