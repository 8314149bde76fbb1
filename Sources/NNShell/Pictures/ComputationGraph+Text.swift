/// The terminal drawing of a `ComputationGraph`: ranks from the leaves at the top to
/// the subject at the bottom, each node a box (leaves square `┌┐`, operations rounded
/// `╭╮`, collapsed blocks double `╔╗`; `+ . #` corners in ASCII), edges drawn with box
/// lines into an arrow `▼` (`v`) on the port of the operand they are. Between two ranks
/// each source that has to turn gets its own row, so two edges never share a horizontal
/// stretch; where one crosses another the vertical line is drawn through.
///
///     ┌──────────┐   ┌──────────┐
///     │ x1       │   │ 2        │
///     │ 1×1  2   │   │ 1×1  2   │
///     └────┬─────┘   └────┬─────┘
///          │   ┌──────────┘
///          ▼   ▼
///        ╭────────╮
///        │ ^      │
extension ComputationGraph {
  func render(_ style: PictureStyle) -> [String] {
    // Narrower labels, then fewer nodes, until the drawing fits the width.
    var best: [String] = []
    for nodeLimit in [ComputationGraph.maxNodes, 40, 20, 10] {
      let graph = capped(to: nodeLimit)
      for limit in [34, 28, 22, 16] {
        best = graph.render(style, labelLimit: limit)
        if best.dropFirst(2).allSatisfy({ $0.count <= style.width }) { return best }
      }
    }
    return best
  }

  /// The title, the legend, and the drawing.
  private func render(_ style: PictureStyle, labelLimit: Int) -> [String] {
    let labels = nodes.map { n in
      lines(n, limit: labelLimit).map { line -> String in
        let text = style.ascii ? ComputationGraph.ascii(line) : line
        return text.count <= labelLimit ? text : String(text.prefix(labelLimit - 1)) + (style.ascii ? "~" : "…")
      }
    }
    let widths = labels.map { ($0.map(\.count).max() ?? 1) + 4 }
    let layout = GraphLayout(self, widths: widths)
    let heights = labels.map { $0.count + 2 }
    var rankTop: [Int] = []
    var rankHeight: [Int] = []
    var gaps: [[(net: Int, row: Int)]] = []  // per gap: each source item with its row (0 = straight)
    var y = 0
    for (r, members) in layout.ranks.enumerated() {
      rankTop.append(y)
      let h = members.compactMap { layout.items[$0].node.map { heights[$0] } }.max() ?? 1
      rankHeight.append(h)
      y += h
      if r + 1 < layout.ranks.count {
        let channels = EdgeGrid.channelRows(layout, fromRank: r)
        gaps.append(channels)
        y += (channels.map(\.row).max() ?? 0) + 2
      }
    }
    let width = (layout.items.map { $0.x + $0.width }.max() ?? 1) + 1
    var grid = EdgeGrid(width: width, height: y)
    // Items' own rows: a dummy is a line through the rank, a short box's output a stub.
    for (r, members) in layout.ranks.enumerated() {
      for i in members {
        let item = layout.items[i]
        let bottom = rankTop[r] + rankHeight[r] - 1
        if item.node == nil {
          grid.vertical(item.x, rankTop[r], bottom, net: i)
        } else if let n = item.node, r + 1 < layout.ranks.count {
          grid.vertical(item.x + item.width / 2, rankTop[r] + heights[n], bottom, net: i)
        }
      }
    }
    for (r, channels) in gaps.enumerated() {
      for (net, row) in channels {
        let outgoing = layout.edges.filter { $0.from == net }
        guard let source = outgoing.first.map({ layout.columns($0).source }) else { continue }
        let targets = outgoing.map { (x: layout.columns($0).target, isBox: layout.items[$0.to].node != nil) }
        grid.route(net: net, from: source, to: targets, turningOn: row, top: rankTop[r] + rankHeight[r], last: rankTop[r + 1] - 1)
      }
    }
    var canvas = TextCanvas(width: width, height: y)
    grid.draw(on: &canvas, style)
    for (n, item) in layout.itemOfNode.map({ layout.items[$0] }).enumerated() {
      drawBox(&canvas, labels[n], kind: nodes[n].kind, x: item.x, y: rankTop[item.rank], width: item.width, style: style,
        exits: item.rank + 1 < layout.ranks.count)
    }
    var head = ["graph of \(title): \(countText)"]
    let box = style.ascii ? "+--+ leaf or constant   .--. operation" : "┌─┐ leaf or constant   ╭─╮ operation"
    head.append(box + (nodes.contains { $0.kind == .block } ? (style.ascii ? "   #==# collapsed" : "   ╔═╗ collapsed") : "")
      + (gradientNote.map { "   grad = \($0)" } ?? ""))
    return head.map { style.ascii ? ComputationGraph.ascii($0) : $0 } + canvas.lines(color: style.color)
  }

  /// The drawing's own symbols in ASCII, then the picture's usual folding.
  static func ascii(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "→": out += "->"
      case "⊙": out += ".*"
      case "ᵀ": out += "'"
      case "′": out += "'"
      case "·": out += "."
      case "═", "║": out += "="
      default: out.append(c)
      }
    }
    return TextLayout.asciiFolded(out)
  }

  private func drawBox(
    _ canvas: inout TextCanvas, _ text: [String], kind: Kind, x: Int, y: Int, width: Int, style: PictureStyle, exits: Bool
  ) {
    let corners: [Character]
    let horizontal: Character, vertical: Character
    switch (kind, style.ascii) {
    case (.operation, false): (corners, horizontal, vertical) = (["╭", "╮", "╰", "╯"], "─", "│")
    case (.block, false): (corners, horizontal, vertical) = (["╔", "╗", "╚", "╝"], "═", "║")
    case (_, false): (corners, horizontal, vertical) = (["┌", "┐", "└", "┘"], "─", "│")
    case (.operation, true): (corners, horizontal, vertical) = ([".", ".", "'", "'"], "-", "|")
    case (.block, true): (corners, horizontal, vertical) = (["#", "#", "#", "#"], "=", "#")
    case (_, true): (corners, horizontal, vertical) = (["+", "+", "+", "+"], "-", "|")
    }
    let color: Int? = style.color ? (kind == .operation ? 173 : kind == .block ? 141 : 110) : nil
    let bottom = y + text.count + 1
    for dx in 1..<(width - 1) {
      canvas.put(horizontal, x + dx, y, color: color)
      canvas.put(horizontal, x + dx, bottom, color: color)
    }
    canvas.put(corners[0], x, y, color: color)
    canvas.put(corners[1], x + width - 1, y, color: color)
    canvas.put(corners[2], x, bottom, color: color)
    canvas.put(corners[3], x + width - 1, bottom, color: color)
    if exits { canvas.put(style.ascii ? "+" : (kind == .block ? "╤" : "┬"), x + width / 2, bottom, color: color) }
    for (k, line) in text.enumerated() {
      canvas.put(vertical, x, y + 1 + k, color: color)
      canvas.put(vertical, x + width - 1, y + 1 + k, color: color)
      for dx in 1..<(width - 1) { canvas.put(" ", x + dx, y + 1 + k) }
      canvas.write(line, x + 2, y + 1 + k, color: k == 0 && style.color ? 255 : nil)
    }
  }
}
