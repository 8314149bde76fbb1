import Testing

@testable import NNShell

/// `draw net ascii=yes` shows every layer fully connected (issue 13): traced as a reader
/// follows the lines, every neuron reaches every neuron of the layers before and after it.
@Suite("Network diagram in ASCII")
struct NetworkDiagramASCIITests {
  /// The drawing of `layers` (after `net`) in ASCII, without its title.
  func drawing(_ layers: String) -> [[Character]] {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: "seed 42\nnet\n\(layers)\ndraw net ascii=yes"))
    #expect(outcome == .completed, "\(console.errors)")
    return console.output.split(separator: "\n").dropFirst().map { Array($0) }
  }

  /// The neurons (`o`) that `start` reaches along the lines without passing through
  /// another neuron. `-`, `>` and `o` join left and right, `|` up and down (and sideways
  /// to a `-` that ends on it), `+` all four ways; but a `+` directly over a `+` does not
  /// join it: a column of `+` reads as separate crossings, not as a line (the drawing
  /// that hid x1's third edge).
  static func reached(from start: (Int, Int), in grid: [[Character]]) -> Set<[Int]> {
    func at(_ r: Int, _ c: Int) -> Character { r >= 0 && r < grid.count && c >= 0 && c < grid[r].count ? grid[r][c] : " " }
    func horizontal(_ ch: Character) -> Bool { "-+>o".contains(ch) }
    func vertical(_ ch: Character) -> Bool { "|+".contains(ch) }
    var seen: Set<[Int]> = [[start.0, start.1]]
    var nodes: Set<[Int]> = []
    var queue = [start]
    while let (r, c) = queue.popLast() {
      let here = at(r, c)
      var next: [(Int, Int)] = []
      for dc in [-1, 1] {
        let there = at(r, c + dc)
        let joined = (horizontal(here) && horizontal(there)) || (here == "|" && there == "-") || (here == "-" && there == "|")
        if joined { next.append((r, c + dc)) }
      }
      if vertical(here) {
        for dr in [-1, 1] where vertical(at(r + dr, c)) && !(here == "+" && at(r + dr, c) == "+") { next.append((r + dr, c)) }
      }
      for (nr, nc) in next where !seen.contains([nr, nc]) {
        seen.insert([nr, nc])
        if at(nr, nc) == "o" { nodes.insert([nr, nc]) } else { queue.append((nr, nc)) }
      }
    }
    return nodes
  }

  /// The neurons of the drawing, column by column (left to right), each top to bottom:
  /// the `o`s with a line beside them (not the o of "softmax" under the picture).
  static func layers(_ grid: [[Character]]) -> [[[Int]]] {
    var byColumn: [Int: [[Int]]] = [:]
    for (r, line) in grid.enumerated() {
      for (c, ch) in line.enumerated() where ch == "o" {
        let beside = [c > 0 ? line[c - 1] : " ", c + 1 < line.count ? line[c + 1] : " "]
        if beside.contains(where: { "->".contains($0) }) { byColumn[c, default: []].append([r, c]) }
      }
    }
    return byColumn.keys.sorted().map { byColumn[$0]! }
  }

  func expectFullyConnected(_ layers: String, sizes: [Int]) {
    let grid = drawing(layers)
    let columns = Self.layers(grid)
    #expect(columns.map(\.count) == sizes, "\(columns.map(\.count))")
    guard columns.map(\.count) == sizes else { return }
    // A bus joins a layer's neurons to each other too (the lines carry no direction), so
    // each neuron must reach all of the layers beside it and nothing beyond them.
    for (l, column) in columns.enumerated() {
      let neighbours = Set((l > 0 ? columns[l - 1] : []) + (l + 1 < columns.count ? columns[l + 1] : []))
      for node in column {
        let reached = Self.reached(from: (node[0], node[1]), in: grid)
        #expect(neighbours.isSubset(of: reached), "layer \(l), neuron at row \(node[0]) misses \(neighbours.subtracting(reached))")
        #expect(reached.isSubset(of: neighbours.union(column)), "layer \(l), neuron at row \(node[0])")
      }
    }
  }

  @Test func theNotesNetworkIsFullyConnected() {
    // 2-3-4-1: x1 looked connected to hidden units 1 and 2 only.
    expectFullyConnected("layer dense 2 -> 3 relu\nlayer dense 4 relu\nlayer dense 1", sizes: [2, 3, 4, 1])
  }

  @Test func layersOfEveryParityAreFullyConnected() {
    expectFullyConnected("layer dense 4 -> 8 relu\nlayer dense 2\nlayer dense 5", sizes: [4, 8, 2, 5])
    expectFullyConnected("layer dense 1 -> 6 tanh\nlayer dense 1", sizes: [1, 6, 1])
    // A wide layer shows 7 neurons (6, ⋮, the last): all still joined.
    expectFullyConnected("layer dense 784 -> 128 relu\nlayer dense 10 softmax", sizes: [7, 7, 7])
  }

  @Test func theBusIsOneLineWithPlusOnlyAtItsEndsAndCrossings() {
    let grid = drawing("layer dense 2 -> 3 relu\nlayer dense 1")
    let text = grid.map { String($0) }
    #expect(text[1...5] == [
      "                +---------->o------------+",
      "x1 o------------|                        |",
      "                |---------->o------------+---------->o h",
      "x2 o------------|                        |",
      "                +---------->o------------+",
    ])
  }
}
