/// The computational graph as SVG, laid out as in the terminal (`GraphLayout`): one
/// `<g class="node">` per node (a rectangle — square corners for leaves, rounded for
/// operations, a double border for collapsed blocks — and its lines of text), and
/// `<path class="edge">` curves with `<polygon class="arrow">` heads into each operand's
/// port.
extension ComputationGraph {
  func svg() -> SVGDocument {
    let n = SVGDocument.number
    let labels = nodes.map { lines($0) }
    let layout = GraphLayout(self, widths: labels.map { ($0.map(\.count).max() ?? 1) + 4 })
    let cell = 7.4, lineHeight = 16.0, gap = 44.0, left = 20.0, top = 62.0
    let boxHeight = labels.map { Double($0.count) * lineHeight + 10 }
    var rankTop: [Double] = []
    var rankHeight: [Double] = []
    var y = top
    for members in layout.ranks {
      rankTop.append(y)
      let h = members.compactMap { layout.items[$0].node.map { boxHeight[$0] } }.max() ?? lineHeight
      rankHeight.append(h)
      y += h + gap
    }
    let columns = layout.items.map { $0.x + $0.width }.max() ?? 1
    let width = max(360, left * 2 + Double(columns) * cell)
    var svg = SVGDocument(width: width, height: y - gap + 30, title: "graph of \(title)")
    svg.text("graph of \(title): \(countText)", x: left, y: 24, className: "title", size: 15)
    if let note = gradientNote { svg.text("grad = \(note)", x: left, y: 44, className: "legend") }
    let px = { (x: Int) in left + Double(x) * cell }
    svg.group("edges") { svg in
      for e in layout.edges {
        let (source, target) = layout.columns(e)
        let s = layout.items[e.from], t = layout.items[e.to]
        let y0 = s.node.map { rankTop[s.rank] + boxHeight[$0] } ?? rankTop[s.rank] + rankHeight[s.rank]
        let y1 = rankTop[t.rank] - (t.node == nil ? 0 : 6)
        let x0 = px(source) + (s.node == nil ? 0 : cell / 2), x1 = px(target) + (t.node == nil ? 0 : cell / 2)
        let bend = (y1 - y0) / 2
        var d = "M \(n(x0)) \(n(y0)) C \(n(x0)) \(n(y0 + bend)) \(n(x1)) \(n(y1 - bend)) \(n(x1)) \(n(y1))"
        if t.node == nil { d += " L \(n(x1)) \(n(rankTop[t.rank] + rankHeight[t.rank]))" }
        svg.element("path", ["class": "edge", "d": d, "fill": "none", "stroke": "#777777", "stroke-width": "1.2"])
        if t.node != nil {
          let points = "\(n(x1 - 4)),\(n(y1)) \(n(x1 + 4)),\(n(y1)) \(n(x1)),\(n(y1 + 6))"
          svg.element("polygon", ["class": "arrow", "points": points, "fill": "#777777"])
        }
      }
    }
    for (index, node) in nodes.enumerated() {
      let item = layout.items[layout.itemOfNode[index]]
      let x = px(item.x), y = rankTop[item.rank], w = Double(item.width) * cell
      svg.group("node") { svg in
        let fill = node.kind == .operation ? "#fde3cf" : node.kind == .block ? "#e4dcf3" : "#dbe9f5"
        svg.element(
          "rect", ["class": "box", "x": n(x), "y": n(y), "width": n(w), "height": n(boxHeight[index]),
                   "rx": node.kind == .operation ? "9" : "0", "fill": fill, "stroke": "#333333",
                   "stroke-width": node.kind == .block ? "2.5" : "1"])
        for (k, line) in labels[index].enumerated() {
          svg.text(
            line, x: x + 8, y: y + 17 + Double(k) * lineHeight, className: k == 0 ? "node-label" : "node-value",
            size: k == 0 ? 12.5 : 11.5)
        }
      }
    }
    return svg
  }
}
