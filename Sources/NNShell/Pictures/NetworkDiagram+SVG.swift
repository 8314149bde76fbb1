/// The network diagram as SVG: `<circle class="neuron">` per shown neuron, `<line
/// class="edge">` per shown weight (blue negative, red positive, thicker when larger),
/// labels W[l], sizes and activations.
extension NetworkDiagram {
  func svg() -> SVGDocument {
    let n = SVGDocument.number
    let layers = sizes.count - 1
    let columns = self.columns
    let spacing = 150.0, rowStep = 22.0, left = 70.0, top = 76.0
    let width = left * 2 + Double(max(1, layers)) * spacing
    let height = top + Double(2 * slots - 1) * rowStep + 70
    var svg = SVGDocument(width: width, height: height, title: title)
    svg.text(title, x: 20, y: 24, className: "title", size: 15)
    let cx = { (l: Int) in left + Double(l) * spacing }
    let cy = { (l: Int, s: Int) in top + Double(self.slot(l, s)) * rowStep }
    let largest = weights.flatMap { $0.storage.map(abs) }.filter(\.isFinite).max() ?? 0
    svg.group("edges") { svg in
      guard layers >= 1 else { return }
      for l in 1...layers {
        for (t, i) in columns[l].enumerated() where i >= 0 {
          for (s, j) in columns[l - 1].enumerated() where j >= 0 {
            let w = weight(l, i, j)
            let strength = largest > 0 && w.isFinite ? abs(w) / largest : 0.5
            svg.element(
              "line", ["class": "edge", "x1": n(cx(l - 1)), "y1": n(cy(l - 1, s)), "x2": n(cx(l)), "y2": n(cy(l, t)),
                       "stroke": weights.isEmpty ? "#999999" : (w < 0 ? Palette.negative.svg : Palette.positive.svg),
                       "stroke-width": n(0.4 + 2.6 * strength), "stroke-opacity": n(0.25 + 0.65 * strength)])
          }
        }
      }
    }
    svg.group("neurons") { svg in
      for l in 0...max(0, layers) where l < columns.count {
        for (s, i) in columns[l].enumerated() {
          if i < 0 {
            svg.text("⋮", x: cx(l), y: cy(l, s) + 5, anchor: "middle", className: "ellipsis", size: 16)
          } else {
            let fill = l == 0 ? "#eeeeee" : (l == layers ? "#ffd8b6" : "#bcd6e9")
            svg.element("circle", ["class": "neuron", "cx": n(cx(l)), "cy": n(cy(l, s)), "r": "8", "fill": fill, "stroke": "#333333"])
          }
        }
      }
    }
    let plain = PictureStyle(width: 80)
    svg.group("labels") { svg in
      guard layers >= 1 else { return }
      for (s, i) in columns[0].enumerated() where i >= 0 {
        svg.text(neuronLabel("x", i, count: sizes[0], plain), x: cx(0) - 14, y: cy(0, s) + 4, anchor: "end", className: "neuron-label")
      }
      for (s, i) in columns[layers].enumerated() where i >= 0 {
        svg.text(neuronLabel("h", i, count: sizes[layers], plain), x: cx(layers) + 14, y: cy(layers, s) + 4, className: "neuron-label")
      }
      for l in 1...layers {
        svg.text("W[\(l)]", x: (cx(l - 1) + cx(l)) / 2, y: top - 26, anchor: "middle", className: "weight-label", size: 13)
      }
      let bottom = top + Double(2 * slots - 2) * rowStep
      for l in 0...layers {
        svg.text(String(sizes[l]), x: cx(l), y: bottom + 32, anchor: "middle", className: "size-label")
        let activation = l == 0 ? "input" : (l - 1 < activations.count ? activations[l - 1] : "")
        svg.text(activation, x: cx(l), y: bottom + 48, anchor: "middle", className: "activation-label")
      }
    }
    return svg
  }
}
