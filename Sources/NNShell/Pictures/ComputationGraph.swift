import NNEngine

/// The computational graph behind a value, as `draw graph F` shows it (micrograd's
/// `draw_dot`, over matrices): one node per operation of the autodiff history
/// (`Variable`), with its operation, its name where the session has one (`z[1]`, `W[2]`,
/// `h`, `J`, `f`), its shape and value, and — after `backward` or `grad F wrt …` — its
/// gradient ∂F/∂node. Leaves (named matrices, constants) are drawn apart from operations.
///
///     let x1 = 2; let x2 = 3; let f = 3 * x1^2 * x2; grad f wrt x1 x2; draw graph f
///       7 nodes: leaves 3, x1 (grad 36), 2, x2 (grad 12); operations ^, *, * → f (grad 1)
///
/// Large graphs collapse repeated structure (see ComputationGraph+Collapse.swift): runs
/// of identical network layers become one block (`layers 2..9: dense relu 16→16 ×8`),
/// chains of one repeated operation one node (`+ ×199`), and what is still beyond
/// `maxNodes` (or too wide for the terminal) one `earlier history` node.
struct ComputationGraph {
  enum Kind: Equatable { case leaf, constant, operation, block }

  struct Node {
    var kind: Kind
    /// What it computes, as the language writes it (`+`, `matmul`, `relu`, `loss mse`);
    /// empty for a leaf.
    var operation: String
    /// Its name in the notes' notation, if the session has one for it.
    var name: String?
    var shape: Shape
    /// The value, in full when small (`[1; 2]`), else its range `min … max`; and its
    /// range for a narrow drawing.
    var value: String
    var shortValue: String = ""
    /// ∂F/∂(this node), written the same way, once a backward pass has run.
    var gradient: String?
    var shortGradient: String?
    /// Indices of its inputs in `nodes` (always earlier), in operand order.
    var inputs: [Int]
  }

  var title: String
  /// The nodes, inputs before the nodes that use them; the subject is last.
  var nodes: [Node]
  /// What `grad` means in the drawing (nil before any backward pass).
  var gradientNote: String?

  static let maxNodes = 80

  var operationCount: Int { nodes.filter { $0.kind != .leaf && $0.kind != .constant }.count }

  /// "7 nodes (3 operations, 4 leaves)".
  var countText: String {
    let ops = operationCount, leaves = nodes.count - ops
    return "\(nodes.count) node\(nodes.count == 1 ? "" : "s") (\(ops) operation\(ops == 1 ? "" : "s"), \(leaves) lea\(leaves == 1 ? "f" : "ves"))"
  }

  /// A node's first line: `x1`, `constant`, `+`, `relu → a[1]`, `layers 2..9: dense relu ×8`.
  func header(_ n: Node) -> String {
    switch n.kind {
    case .leaf: return n.name ?? "leaf"
    case .constant: return n.name ?? "constant"
    case .operation: return n.name.map { "\(n.operation) → \($0)" } ?? n.operation
    case .block: return n.name.map { "\($0): \(n.operation)" } ?? n.operation
    }
  }

  /// The lines inside a node's box: its header, shape and value, and its gradient,
  /// each in full when it fits `limit` characters, else as its range `min … max`.
  func lines(_ n: Node, limit: Int = .max) -> [String] {
    func fitted(_ full: String, _ short: String) -> String { full.count <= limit || short.isEmpty ? full : short }
    var out = [header(n)]
    if !n.value.isEmpty { out.append(fitted("\(n.shape)  \(n.value)", "\(n.shape)  \(n.shortValue)")) }
    if let g = n.gradient { out.append(fitted("grad \(g)", n.shortGradient.map { "grad \($0)" } ?? "")) }
    return out
  }
}

extension ComputationGraph {
  /// The operation names of `Variable` as the language writes them.
  static let symbols: [String: String] = [
    "add": "+", "subtract": "−", "negate": "−(·)", "scale": "*", "hadamard": "⊙", "divide": "./", "power": "^",
    "transpose": "ᵀ", "concatenate": "[ ]",
  ]

  /// A matrix in a node: in full when it has at most 4 entries and fits 28 characters,
  /// otherwise its range `min … max` (`-1.613 … 1.534`; NaN, if any, is named).
  static func summary(_ m: Matrix, digits: Int, full: Bool = true) -> String {
    if full && m.count <= 4 {
      let text = ExpressionText.literal(m, digits: digits)
      if text.count <= 28 { return text }
    }
    let finite = m.storage.filter { !$0.isNaN }
    let lo = finite.min() ?? .nan, hi = finite.max() ?? .nan
    var text = "\(NumberFormat.format(lo, digits: digits)) … \(NumberFormat.format(hi, digits: digits))"
    if finite.count < m.count { text += " NaN" }
    return text
  }

  /// One layer of a network inside the graph: the nodes that compute it
  /// (W, b, W a, z, a) and how it is described (`dense relu 16→16`).
  struct LayerGroup {
    var number: Int
    var members: Set<ObjectIdentifier>
    /// a[l]: what the layer hands on.
    var output: Variable
    var description: String
  }

  /// The graph of `root`'s history. `names` names nodes by identity; `gradients` holds
  /// ∂F/∂node by identity (nil before any backward pass); `layers` the network's layers
  /// when the history holds them, for collapsing.
  init(
    root: Variable, title: String, names: [ObjectIdentifier: String], gradients: [ObjectIdentifier: Matrix]?,
    gradientNote: String?, layers: [LayerGroup], digits: Int
  ) {
    let order = root.topologicalOrder()
    let blocks = ComputationGraph.collapsedRuns(layers)
    // Each variable's group: its own node, or the block that holds it.
    var blockOf: [ObjectIdentifier: Int] = [:]
    for (i, run) in blocks.enumerated() {
      for layer in run { for m in layer.members { blockOf[m] = i } }
    }
    var index: [ObjectIdentifier: Int] = [:]  // variable → node
    var blockIndex: [Int: Int] = [:]  // block → node
    var nodes: [Node] = []
    func text(_ m: Matrix?) -> String? { m.map { ComputationGraph.summary($0, digits: digits) } }
    func short(_ m: Matrix?) -> String? { m.map { ComputationGraph.summary($0, digits: digits, full: false) } }
    for v in order {
      let id = ObjectIdentifier(v)
      if let b = blockOf[id] {
        let run = blocks[b]
        guard let last = run.last, last.output === v else { continue }  // made at its output
        let first = run[0].number
        blockIndex[b] = nodes.count
        nodes.append(
          Node(
            kind: .block, operation: "\(run[0].description) ×\(run.count)", name: "layers \(first)..\(last.number)",
            shape: v.shape, value: ComputationGraph.summary(v.value, digits: digits), gradient: text(gradients?[id]),
            inputs: []))
        nodes[nodes.count - 1].shortValue = short(v.value) ?? ""
        nodes[nodes.count - 1].shortGradient = short(gradients?[id])
      } else {
        index[id] = nodes.count
        // A value whose history was dropped (HistoryBound) is a leaf that says so.
        let name = names[id] ?? (v.droppedHistory == nil ? nil : "history dropped")
        let kind: Kind = !v.isLeaf ? .operation : (name == nil ? .constant : .leaf)
        let op = v.isLeaf ? "" : (ComputationGraph.symbols[v.operation] ?? v.operation)
        nodes.append(
          Node(
            kind: kind, operation: op, name: name, shape: v.shape,
            value: ComputationGraph.summary(v.value, digits: digits), gradient: text(gradients?[id]), inputs: []))
        nodes[nodes.count - 1].shortValue = short(v.value) ?? ""
        nodes[nodes.count - 1].shortGradient = short(gradients?[id])
      }
    }
    func node(of v: Variable) -> Int? {
      let id = ObjectIdentifier(v)
      if let b = blockOf[id] { return blockIndex[b] }
      return index[id]
    }
    for v in order {
      guard let target = node(of: v) else { continue }
      for input in v.inputs {
        guard let source = node(of: input), source != target, !nodes[target].inputs.contains(source) else { continue }
        nodes[target].inputs.append(source)
      }
    }
    self.title = title
    self.nodes = nodes
    self.gradientNote = gradients == nil ? nil : gradientNote
    sortTopologically()
    collapseChains()
    self = capped(to: ComputationGraph.maxNodes)
  }

  /// Runs of two or more identical interior layers, in a network of five or more.
  static func collapsedRuns(_ layers: [LayerGroup]) -> [[LayerGroup]] {
    guard layers.count >= 5 else { return [] }
    var runs: [[LayerGroup]] = []
    var current: [LayerGroup] = []
    for layer in layers.dropFirst().dropLast() {
      if let last = current.last, last.description != layer.description || last.number + 1 != layer.number {
        if current.count >= 2 { runs.append(current) }
        current = []
      }
      current.append(layer)
    }
    if current.count >= 2 { runs.append(current) }
    return runs
  }

  /// Orders the nodes so that every input comes before its users (a block sits where
  /// its output was, which a node outside it that reads one of its members may precede).
  mutating func sortTopologically() {
    var order: [Int] = []
    var state = [UInt8](repeating: 0, count: nodes.count)  // 0 new, 1 open, 2 done
    var stack: [(Int, Bool)] = nodes.indices.reversed().map { ($0, false) }
    while let (i, expanded) = stack.popLast() {
      if expanded {
        state[i] = 2
        order.append(i)
        continue
      }
      guard state[i] == 0 else { continue }
      state[i] = 1
      stack.append((i, true))
      for j in nodes[i].inputs.reversed() where state[j] == 0 { stack.append((j, false)) }
    }
    if order == Array(nodes.indices) { return }
    var position = [Int](repeating: 0, count: nodes.count)
    for (p, i) in order.enumerated() { position[i] = p }
    nodes = order.map { i in
      var n = nodes[i]
      n.inputs = n.inputs.map { position[$0] }
      return n
    }
  }
}
