import NNEngine

/// The network as the notes draw it: a column of neurons per layer, from the inputs
/// x₁ x₂ … to the outputs h, every neuron joined to every neuron of the next layer, the
/// weight matrix W[l] named over each set of edges and each layer's size and activation
/// under its column.
///
/// A layer wider than `maxShown` neurons shows its first few, `⋮`, and its last, so a
/// 784-input network still fits. In the terminal the edges are braille lines (blue for a
/// negative weight, red for a positive one when there is colour); in ASCII each layer
/// feeds a bus (`-+->`), since slanted ASCII lines turn into noise.
struct NetworkDiagram {
  /// n[0] (inputs), n[1], …, n[r].
  var sizes: [Int]
  /// The activation of layers 1…r.
  var activations: [String]
  /// W[1]…W[r], to colour and weigh the edges (may be empty).
  var weights: [Matrix]
  var title: String
  static let maxShown = 8

  /// Neuron indices shown for a layer of `n`, with -1 for the `⋮` between them.
  static func shown(_ n: Int) -> [Int] {
    if n <= maxShown { return Array(0..<n) }
    return Array(0..<(maxShown - 2)) + [-1, n - 1]
  }

  /// The weight from neuron j of layer l-1 to neuron i of layer l (0 without weights).
  func weight(_ l: Int, _ i: Int, _ j: Int) -> Double {
    guard l >= 1, l <= weights.count else { return 0 }
    let W = weights[l - 1]
    guard i >= 0, j >= 0, i < W.rows, j < W.cols else { return 0 }
    return W[i, j]
  }

  /// The label of neuron `i` (0-based) of the input or output column.
  func neuronLabel(_ prefix: String, _ i: Int, count: Int, _ style: PictureStyle) -> String {
    if i < 0 { return style.ascii ? ":" : "⋮" }
    if prefix == "h" && count == 1 { return "h" }
    return prefix + TextLayout.subscripted(i + 1, ascii: style.ascii)
  }

  /// Short names for activations in narrow columns.
  static let short = ["leaky_relu": "lrelu", "sigmoid": "sigm", "softmax": "smax", "linear": "lin"]

  /// Geometry shared by the terminal and SVG drawings: which neurons show, and the slot
  /// (0 = top) of each within the tallest column.
  var columns: [[Int]] { sizes.map(NetworkDiagram.shown) }
  var slots: Int { columns.map(\.count).max() ?? 1 }
  /// The vertical slot of the s-th shown neuron of layer l, in half-rows: columns are centred.
  func slot(_ l: Int, _ s: Int) -> Int { (slots - columns[l].count) + 2 * s }

  func render(_ style: PictureStyle) -> [String] {
    let layers = sizes.count - 1
    guard layers >= 1 else { return [title] }
    let columns = self.columns
    let inputLabels = columns[0].map { neuronLabel("x", $0, count: sizes[0], style) }
    let outputLabels = columns[layers].map { neuronLabel("h", $0, count: sizes[layers], style) }
    let leftWidth = (inputLabels.map(\.count).max() ?? 1) + 1
    let rightWidth = (outputLabels.map(\.count).max() ?? 1) + 1
    let gap = max(4, min(24, (style.width - leftWidth - rightWidth - 2 - layers) / layers))
    let nodeColumn = { (l: Int) in leftWidth + l * (gap + 1) }
    let width = nodeColumn(layers) + 1 + rightWidth
    let top = 1
    let bodyRows = 2 * slots - 1
    var canvas = TextCanvas(width: width, height: top + bodyRows + 2)
    let row = { (l: Int, s: Int) in top + self.slot(l, s) }
    let node: Character = style.ascii ? "o" : "○"
    let dots: Character = style.ascii ? ":" : "⋮"

    for l in 1...layers {
      let label = "W[\(l)]"
      let center = nodeColumn(l - 1) + 1 + gap / 2
      canvas.write(label, center - label.count / 2, 0)
      if style.ascii {
        drawBus(&canvas, l, columns, gap: gap, x0: nodeColumn(l - 1) + 1, row: row)
        continue
      }
      var edges = BrailleCanvas(columns: gap, rows: bodyRows)
      for (t, i) in columns[l].enumerated() where i >= 0 {
        for (s, j) in columns[l - 1].enumerated() where j >= 0 {
          let w = weight(l, i, j)
          // Dot row 1 of the neuron's cell: level with the middle of "○".
          let y0 = slot(l - 1, s) * 4 + 1, y1 = slot(l, t) * 4 + 1
          let color = style.color && !weights.isEmpty ? (w < 0 ? Palette.negative.terminal : Palette.positive.terminal) : nil
          edges.line(0, y0, gap * 2 - 1, y1, color: color, weight: abs(w))
        }
      }
      edges.draw(on: &canvas, x: nodeColumn(l - 1) + 1, y: top)
    }
    for l in 0...layers {
      for (s, i) in columns[l].enumerated() {
        canvas.put(i < 0 ? dots : node, nodeColumn(l), row(l, s))
      }
    }
    for (s, label) in inputLabels.enumerated() {
      canvas.write(label, leftWidth - 1 - label.count, row(0, s))
    }
    for (s, label) in outputLabels.enumerated() {
      canvas.write(label, nodeColumn(layers) + 2, row(layers, s))
    }
    // Under each column: its size, then its activation (shortened, or left out, when it
    // would run into its neighbour's).
    let footer = top + bodyRows
    for (k, texts) in [sizes.map { String($0) }, ["input"] + activations].enumerated() {
      var end = -1
      for (l, text) in texts.enumerated() {
        var label = text
        if label.count > gap, let short = NetworkDiagram.short[label] { label = short }
        let start = max(0, nodeColumn(l) - label.count / 2)
        guard end < 0 || start > end + 1 else { continue }
        canvas.write(label, start, footer + k)
        end = start + label.count - 1
      }
    }
    return [title] + canvas.lines(color: style.color)
  }

  /// The ASCII form of layer l's edges: every neuron of layer l-1 feeds a vertical bus in
  /// the middle of the gap, which feeds every neuron of layer l.
  ///
  /// The bus is one unbroken `|` from its first junction to its last, with `+` only at
  /// its two ends and where a line crosses it: a column of `+` reads as separate
  /// crossings, so a 2-3 layer drawn that way looked as if x1 fed only units 1 and 2.
  ///
  ///            +---------->o
  ///     x1 o---|
  ///            |---------->o
  ///     x2 o---|
  ///            +---------->o
  private func drawBus(
    _ canvas: inout TextCanvas, _ l: Int, _ columns: [[Int]], gap: Int, x0: Int, row: (Int, Int) -> Int
  ) {
    let bus = x0 + gap / 2
    let from = columns[l - 1].indices.filter { columns[l - 1][$0] >= 0 }.map { row(l - 1, $0) }
    let to = columns[l].indices.filter { columns[l][$0] >= 0 }.map { row(l, $0) }
    let all = from + to
    guard let lo = all.min(), let hi = all.max() else { return }
    for r in lo...hi { canvas.put("|", bus, r) }
    for r in from {
      for x in x0..<bus { canvas.put("-", x, r) }
    }
    for r in to {
      for x in (bus + 1)..<(x0 + gap - 1) { canvas.put("-", x, r) }
      canvas.put(">", x0 + gap - 1, r)
    }
    for r in Set(all) where r == lo || r == hi || (from.contains(r) && to.contains(r)) {
      canvas.put("+", bus, r)
    }
  }
}
