import NNEngine

/// How a large graph stays readable:
///
/// - a chain of four or more unnamed nodes of one operation, each used only by the next
///   (`let s = s + x1` in a `repeat`), is one node, `+ ×199 (chain)`, fed by every input
///   the chain read from outside it, showing the value (and gradient) of its last node;
/// - beyond `limit` nodes, the `limit − 1` nearest the subject (breadth first) are kept
///   and the others merged into one `earlier history: N more nodes` that feeds them.
///   The terminal drawing lowers the limit (40, 20, 10) while it is wider than the
///   terminal; the SVG and DOT files keep `maxNodes`.
extension ComputationGraph {
  mutating func collapseChains() {
    var users = [Int](repeating: 0, count: nodes.count)
    for n in nodes { for j in n.inputs { users[j] += 1 } }
    var chainOf = [Int?](repeating: nil, count: nodes.count)
    var chains: [[Int]] = []
    func chainable(_ i: Int) -> Bool { nodes[i].kind == .operation && nodes[i].name == nil }
    for i in nodes.indices where chainable(i) {
      let previous = nodes[i].inputs.first { j in chainable(j) && users[j] == 1 && nodes[j].operation == nodes[i].operation }
      guard let p = previous else { continue }
      if let c = chainOf[p] {
        chains[c].append(i)
        chainOf[i] = c
      } else {
        chainOf[p] = chains.count
        chainOf[i] = chains.count
        chains.append([p, i])
      }
    }
    let kept = chains.indices.filter { chains[$0].count >= 4 }
    guard !kept.isEmpty else { return }
    var blockOf = [Int: Int]()  // old node → chain
    for c in kept { for i in chains[c] { blockOf[i] = c } }
    var position = [Int](repeating: -1, count: nodes.count)
    var out: [Node] = []
    for i in nodes.indices {
      if let c = blockOf[i] {
        guard chains[c].last == i else { continue }
        let members = Set(chains[c])
        var block = nodes[i]
        block.kind = .block
        block.operation = "\(nodes[i].operation) ×\(chains[c].count) (chain)"
        block.inputs = []
        for m in chains[c] {
          for j in nodes[m].inputs where !members.contains(j) && !block.inputs.contains(position[j]) {
            block.inputs.append(position[j])
          }
        }
        for m in chains[c] { position[m] = out.count }
        out.append(block)
      } else {
        var n = nodes[i]
        var inputs: [Int] = []
        for j in n.inputs where !inputs.contains(position[j]) { inputs.append(position[j]) }
        n.inputs = inputs
        position[i] = out.count
        out.append(n)
      }
    }
    nodes = out
  }

  /// The graph with at most `limit` nodes: the nearest the subject, and one node for the rest.
  func capped(to limit: Int) -> ComputationGraph {
    guard nodes.count > limit, limit >= 2, let root = nodes.indices.last else { return self }
    var kept = Set([root])
    var queue = [root]
    var head = 0
    while head < queue.count, kept.count < limit - 1 {
      for j in nodes[queue[head]].inputs where !kept.contains(j) && kept.count < limit - 1 {
        kept.insert(j)
        queue.append(j)
      }
      head += 1
    }
    var dropped = 0
    for n in nodes.indices where !kept.contains(n) {
      dropped += nodes[n].kind == .block && nodes[n].name == "earlier history" ? Int(nodes[n].operation.prefix { $0.isNumber }) ?? 1 : 1
    }
    let merged = Node(
      kind: .block, operation: "\(dropped) more nodes", name: "earlier history", shape: Shape(1, 1), value: "", gradient: nil,
      inputs: [])
    var position: [Int: Int] = [:]
    var out = [merged]
    for i in nodes.indices where kept.contains(i) {
      position[i] = out.count
      out.append(nodes[i])
    }
    for k in 1..<out.count {
      var inputs: [Int] = []
      for j in out[k].inputs {
        let p = position[j] ?? 0
        if !inputs.contains(p) { inputs.append(p) }
      }
      out[k].inputs = inputs
    }
    var graph = self
    graph.nodes = out
    return graph
  }
}
