/// The layered layout shared by the terminal and SVG drawings of a `ComputationGraph`
/// (the Sugiyama recipe, small): each node gets a rank (leaves just above their first
/// user, each operation one below its lowest input), an edge that spans several ranks
/// passes through one-column dummy items, the items of each rank are ordered by the
/// mean position of their users (operands left to right), and each rank's items are
/// centred over what they connect to, in clusters that never overlap.
///
/// Units are character cells: the text drawing uses them as they are, the SVG scales them.
struct GraphLayout {
  struct Item {
    /// The graph node, or nil for a dummy that carries a long edge through this rank.
    var node: Int?
    var rank: Int
    var x = 0
    var width: Int
  }

  /// One edge between items of consecutive ranks: it enters `to` at input port `port`
  /// of `ports`.
  struct Edge {
    var from: Int
    var to: Int
    var port: Int
    var ports: Int
  }

  var items: [Item] = []
  /// Item indices of each rank, left to right; rank 0 is at the top.
  var ranks: [[Int]] = []
  var edges: [Edge] = []
  /// The item of each graph node.
  var itemOfNode: [Int] = []
  static let gap = 3

  init(_ graph: ComputationGraph, widths: [Int]) {
    let nodes = graph.nodes
    var rank = [Int](repeating: 0, count: nodes.count)
    var users = [[Int]](repeating: [], count: nodes.count)
    for (i, n) in nodes.enumerated() {
      for j in n.inputs { users[j].append(i) }
      if !n.inputs.isEmpty { rank[i] = 1 + (n.inputs.map { rank[$0] }.max() ?? 0) }
    }
    // Leaves sit just above their first user, so constants stay beside what reads them.
    for i in nodes.indices.reversed() where nodes[i].inputs.isEmpty {
      if let first = users[i].map({ rank[$0] }).min() { rank[i] = first - 1 }
    }
    let top = rank.min() ?? 0
    let depth = (rank.max() ?? 0) - top + 1
    ranks = Array(repeating: [], count: depth)
    for i in nodes.indices {
      itemOfNode.append(items.count)
      ranks[rank[i] - top].append(items.count)
      items.append(Item(node: i, rank: rank[i] - top, width: widths[i]))
    }
    for (i, n) in nodes.enumerated() {
      for (port, j) in n.inputs.enumerated() {
        var from = itemOfNode[j]
        for r in (items[from].rank + 1)..<items[itemOfNode[i]].rank {
          let dummy = items.count
          items.append(Item(node: nil, rank: r, width: 1))
          ranks[r].append(dummy)
          edges.append(Edge(from: from, to: dummy, port: 0, ports: 1))
          from = dummy
        }
        edges.append(Edge(from: from, to: itemOfNode[i], port: port, ports: n.inputs.count))
      }
    }
    order()
    place(graph)
  }

  /// The column where edge `e` leaves its source and where it enters its target.
  func columns(_ e: Edge) -> (source: Int, target: Int) {
    let s = items[e.from], t = items[e.to]
    let source = s.node == nil ? s.x : s.x + s.width / 2
    let target = t.node == nil ? t.x : t.x + 1 + (e.port + 1) * (t.width - 2) / (e.ports + 1)
    return (source, target)
  }

  // MARK: Ordering

  /// Starts from the order of a depth-first walk from the subject (operands in order),
  /// then sorts each rank by the mean position of its users, a few sweeps up and down.
  private mutating func order() {
    var key = [Double](repeating: 0, count: items.count)
    var incoming = [[Edge]](repeating: [], count: items.count)
    var outgoing = [[Edge]](repeating: [], count: items.count)
    for e in edges {
      incoming[e.to].append(e)
      outgoing[e.from].append(e)
    }
    // Post-order of the walk from the last node (the subject).
    var visited = [Bool](repeating: false, count: items.count)
    var counter = 0.0
    var stack: [(Int, Bool)] = [(itemOfNode.last ?? 0, false)]
    while let (i, expanded) = stack.popLast() {
      if expanded {
        key[i] = counter
        counter += 1
        continue
      }
      guard !visited[i] else { continue }
      visited[i] = true
      stack.append((i, true))
      for e in incoming[i].reversed() where !visited[e.from] { stack.append((e.from, false)) }
    }
    sortRanks(by: key)
    for sweep in 0..<6 {
      var position = [Double](repeating: 0, count: items.count)
      for r in ranks { for (p, i) in r.enumerated() { position[i] = Double(p) } }
      if sweep % 2 == 0 {
        for i in items.indices where !outgoing[i].isEmpty {
          // Users below; a left operand leans left.
          key[i] = outgoing[i].map { position[$0.to] + 0.8 * (Double($0.port + 1) / Double($0.ports + 1) - 0.5) }
            .reduce(0, +) / Double(outgoing[i].count)
        }
        for i in items.indices where outgoing[i].isEmpty { key[i] = position[i] }
      } else {
        for i in items.indices {
          key[i] = incoming[i].isEmpty
            ? position[i] : incoming[i].map { position[$0.from] }.reduce(0, +) / Double(incoming[i].count)
        }
      }
      sortRanks(by: key)
    }
  }

  private mutating func sortRanks(by key: [Double]) {
    for r in ranks.indices {
      let current = ranks[r]
      var place = [Int: Int]()
      for (p, i) in current.enumerated() { place[i] = p }
      ranks[r] = current.sorted { key[$0] != key[$1] ? key[$0] < key[$1] : place[$0, default: 0] < place[$1, default: 0] }
    }
  }

  // MARK: Placing

  /// Packs each rank, then moves items towards what they connect to, alternately from
  /// the rank below and the rank above.
  private mutating func place(_ graph: ComputationGraph) {
    for r in ranks {
      var x = 0
      for i in r {
        items[i].x = x
        x += items[i].width + GraphLayout.gap
      }
    }
    // A leaf hangs beside the chain it feeds rather than pulling it sideways (unless
    // every operand is a leaf): the main path of a network stays upright.
    var pulls = [Bool](repeating: true, count: edges.count)
    for (k, e) in edges.enumerated() {
      guard let n = items[e.from].node, graph.nodes[n].inputs.isEmpty, let t = items[e.to].node else { continue }
      pulls[k] = graph.nodes[t].inputs.allSatisfy { graph.nodes[$0].inputs.isEmpty }
    }
    for sweep in 0..<8 {
      let upward = sweep % 2 == 0
      let order = upward ? Array(ranks.indices.reversed()) : Array(ranks.indices)
      for r in order {
        var desired: [Int: Double] = [:]
        var counts: [Int: Int] = [:]
        for (k, e) in edges.enumerated() where upward || pulls[k] {
          let c = columns(e)
          if upward, items[e.from].rank == r {
            desired[e.from, default: 0] += Double(c.target - c.source + items[e.from].x)
            counts[e.from, default: 0] += 1
          } else if !upward, items[e.to].rank == r {
            desired[e.to, default: 0] += Double(c.source - c.target + items[e.to].x)
            counts[e.to, default: 0] += 1
          }
        }
        let wanted = ranks[r].map { i in counts[i].map { desired[i, default: 0] / Double($0) } ?? Double(items[i].x) }
        spread(r, wanted)
      }
    }
    let left = items.map(\.x).min() ?? 0
    for i in items.indices { items[i].x -= left }
  }

  /// Puts rank r's items as near their wanted left columns as they can be, in order and
  /// `gap` apart: overlapping items form clusters placed at their members' mean wish.
  private mutating func spread(_ r: Int, _ wanted: [Double]) {
    let members = ranks[r]
    var clusters: [(first: Int, last: Int, left: Double)] = []
    var offset = [Int](repeating: 0, count: members.count)  // within its cluster
    for k in members.indices {
      var cluster = (first: k, last: k, left: wanted[k])
      offset[k] = 0
      while let previous = clusters.last {
        let end = previous.left + Double(offset[previous.last] + items[members[previous.last]].width + GraphLayout.gap)
        guard end > cluster.left else { break }
        clusters.removeLast()
        let shift = offset[previous.last] + items[members[previous.last]].width + GraphLayout.gap
        for m in cluster.first...cluster.last { offset[m] += shift }
        var sum = 0.0
        for m in previous.first...cluster.last { sum += wanted[m] - Double(offset[m]) }
        cluster = (previous.first, cluster.last, sum / Double(cluster.last - previous.first + 1))
      }
      clusters.append(cluster)
    }
    for c in clusters {
      for m in c.first...c.last { items[members[m]].x = Int(c.left.rounded()) + offset[m] }
    }
  }
}
