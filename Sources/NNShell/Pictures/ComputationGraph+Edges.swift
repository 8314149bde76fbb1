/// The edges of the terminal drawing, routed on a grid of character cells: each cell
/// keeps the directions its line leaves in (so joins and corners get the right box
/// character) and which source's net drew it (so a crossing is drawn as the vertical
/// line passing through, not as a join). Between two ranks every edge of one source
/// goes down from its port, turns on that source's own row, runs across, and goes down
/// into an arrow `▼` above each operand's port (or straight on through a dummy).
struct EdgeGrid {
  /// Directions a line leaves a cell in.
  struct Line: OptionSet {
    let rawValue: UInt8
    static let up = Line(rawValue: 1), down = Line(rawValue: 2), left = Line(rawValue: 4), right = Line(rawValue: 8)
    static let vertical: Line = [.up, .down]
  }

  let width: Int
  let height: Int
  private var cells: [[Line]]
  private var owner: [[Int]]
  private var arrows: [(x: Int, y: Int)] = []

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    cells = Array(repeating: Array(repeating: [], count: width), count: height)
    owner = Array(repeating: Array(repeating: -1, count: width), count: height)
  }

  mutating func mark(_ x: Int, _ row: Int, _ d: Line, net: Int) {
    guard row >= 0, row < height, x >= 0, x < width else { return }
    if owner[row][x] >= 0, owner[row][x] != net {
      // A crossing: the vertical line is drawn through.
      if d.contains(.up) || d.contains(.down) { cells[row][x] = d.intersection(.vertical) }
      return
    }
    owner[row][x] = net
    cells[row][x].formUnion(d)
  }

  mutating func vertical(_ x: Int, _ from: Int, _ to: Int, net: Int) {
    guard from <= to else { return }
    for row in from...to { mark(x, row, .vertical, net: net) }
  }

  /// One source's edges through the gap of rows `top…last`: turning on gap row `row`
  /// (0: straight down, every target is below the source).
  mutating func route(net: Int, from source: Int, to targets: [(x: Int, isBox: Bool)], turningOn row: Int, top: Int, last: Int) {
    let turn = row == 0 ? last : top + row
    vertical(source, top, turn, net: net)
    if row > 0 {
      let xs = targets.map(\.x) + [source]
      let lo = xs.min() ?? source, hi = xs.max() ?? source
      for x in lo...hi {
        var d: Line = []
        if x > lo { d.insert(.left) }
        if x < hi { d.insert(.right) }
        mark(x, turn, d, net: net)
      }
      if owner[turn][source] == net { cells[turn][source].subtract(.down) }
    }
    for t in targets {
      vertical(t.x, turn + 1, last, net: net)
      if row > 0, owner[turn][t.x] == net { cells[turn][t.x].insert(.down) }
      if t.isBox { arrows.append((t.x, last)) } else { mark(t.x, last, .down, net: net) }
    }
  }

  func draw(on canvas: inout TextCanvas, _ style: PictureStyle) {
    let color = style.color ? 244 : nil
    for row in 0..<height {
      for x in 0..<width where !cells[row][x].isEmpty {
        canvas.put(EdgeGrid.character(cells[row][x], ascii: style.ascii), x, row, color: color)
      }
    }
    for a in arrows { canvas.put(style.ascii ? "v" : "▼", a.x, a.y, color: color) }
  }

  /// The sources of the edges from rank r to r + 1, each with the row it turns on
  /// (0: it goes straight down): the lowest row whose stretches it does not touch.
  static func channelRows(_ layout: GraphLayout, fromRank r: Int) -> [(net: Int, row: Int)] {
    var spans: [(net: Int, lo: Int, hi: Int)] = []
    var straight: [Int] = []
    for i in layout.ranks[r] {
      let columns = layout.edges.filter { $0.from == i }.map { layout.columns($0) }
      guard let source = columns.first?.source else { continue }
      let xs = columns.map(\.target) + [source]
      if xs.allSatisfy({ $0 == source }) {
        straight.append(i)
      } else {
        spans.append((i, xs.min() ?? source, xs.max() ?? source))
      }
    }
    var rowEnds: [Int] = []  // the rightmost column used on each row
    var result = straight.map { (net: $0, row: 0) }
    for s in spans.sorted(by: { $0.lo < $1.lo }) {
      if let free = rowEnds.firstIndex(where: { $0 + 1 < s.lo }) {
        rowEnds[free] = s.hi
        result.append((s.net, free + 1))
      } else {
        rowEnds.append(s.hi)
        result.append((s.net, rowEnds.count))
      }
    }
    return result
  }

  static func character(_ d: Line, ascii: Bool) -> Character {
    if ascii {
      if d == .vertical || d == .up || d == .down { return "|" }
      if d.isSubset(of: [.left, .right]) { return "-" }
      return "+"
    }
    switch d.rawValue {
    case 1, 2, 3: return "│"
    case 4, 8, 12: return "─"
    case 9: return "└"
    case 5: return "┘"
    case 10: return "┌"
    case 6: return "┐"
    case 11: return "├"
    case 7: return "┤"
    case 14: return "┬"
    case 13: return "┴"
    default: return "┼"
    }
  }

}
