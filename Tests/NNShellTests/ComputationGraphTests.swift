import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import NNShell

/// `draw graph F to "g.svg"` and `to "g.dot"`: the SVG parses as XML with one
/// `<g class="node">` per node of the graph, and Graphviz's `dot` accepts the DOT file.
@Suite("Computational graph files")
struct ComputationGraphTests {
  static let notesF = "let x1 = 2; let x2 = 3; let f = 3 * x1^2 * x2; grad f wrt x1 x2"
  /// The notes' 2-3-4-1 network after one forward and backward pass.
  static let network = BackwardExplainTests.network + "\nbackward"

  /// Runs `setup`, then `statement to FILE`, and returns the file's bytes and the console.
  func written(_ setup: String, _ statement: String, file name: String) throws -> (Data, CapturingConsole) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-graph-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent(name)
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: setup + "\n" + statement + " to \"\(file.path)\""))
    #expect(outcome == .completed, "\(statement): \(console.errors)")
    return (try Data(contentsOf: file), console)
  }

  /// The node count the terminal drawing states in its title ("graph of f: 7 nodes …").
  func statedNodeCount(_ setup: String, _ statement: String) -> Int? {
    let console = CapturingConsole()
    _ = Interpreter(console: console).run(SourceText(name: "t.nn", text: setup + "\n" + statement))
    guard let line = console.output.split(separator: "\n").first(where: { $0.hasPrefix("graph of") }),
      let colon = line.range(of: ": ")
    else { return nil }
    return Int(line[colon.upperBound...].prefix { $0.isNumber })
  }

  final class NodeCounter: NSObject, XMLParserDelegate {
    var nodes = 0, edges = 0, texts: [String] = [], inText = false
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == "g" && attributes["class"] == "node" { nodes += 1 }
      if name == "path" && attributes["class"] == "edge" { edges += 1 }
      inText = name == "text"
      if inText { texts.append("") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      inText = false
    }
  }

  @Test("the SVG of f = 3x1²x2 and of the 2-3-4-1 network's J has one node element per graph node", arguments: [
    (notesF, "draw graph f", 7, 6),
    (network, "draw graph J", 18, 17),
  ])
  func svgNodes(setup: String, statement: String, nodes: Int, edges: Int) throws {
    let (data, console) = try written(setup, statement, file: "g.svg")
    #expect(console.output.contains("(SVG, "))
    let parser = XMLParser(data: data)
    let counter = NodeCounter()
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(statedNodeCount(setup, statement) == nodes)
    #expect(counter.nodes == nodes)
    #expect(counter.edges == edges)  // a tree here: every node but the subject feeds one
    #expect(counter.texts.contains("grad 36") && counter.texts.contains("grad 12") || nodes != 7)
  }

  @Test("the DOT file is accepted by Graphviz's dot -Tsvg (which must be installed)")
  func dotAccepted() throws {
    for (setup, statement) in [(Self.notesF, "draw graph f"), (Self.network, "draw graph J")] {
      let (data, console) = try written(setup, statement, file: "g.dot")
      #expect(console.output.contains("(DOT)"))
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-dot-\(UUID().uuidString).dot")
      try data.write(to: folder)
      defer { try? FileManager.default.removeItem(at: folder) }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["dot", "-Tsvg", folder.path]
      let output = Pipe(), errors = Pipe()
      process.standardOutput = output
      process.standardError = errors
      try process.run()
      let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      let messages = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "dot -Tsvg failed (is graphviz installed? scripts/setup installs it): \(messages)")
      #expect(svg.contains("<svg"))
      #expect(messages.isEmpty, "\(messages)")
    }
  }

  @Test("a 10-layer network's J collapses layers 2..9 into one block")
  func collapsed() {
    let setup = "seed 1; net; layer dense 2 -> 16 relu; repeat 8 { layer dense 16 relu }; layer dense 1; forward x=[1; -1] y=[0.5]"
    let console = CapturingConsole()
    _ = Interpreter(console: console).run(SourceText(name: "t.nn", text: setup + "\ndraw graph J"))
    #expect(console.output.contains("layers 2..9: dense relu 16→16 ×8"))
    // Layer 1 and layer 10 whole (5 nodes each), the block, x, y and the loss.
    #expect(statedNodeCount(setup, "draw graph J") == 14)
  }

  @Test("gradients are drawn for the value grad differentiated, not for a new value of the name")
  func gradientsBelongToTheirValue() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: Self.notesF + "\ndraw graph f"))
    #expect(console.output.contains("grad 36"))
    console.output = ""
    _ = shell.run(SourceText(name: "t.nn", text: "let f = 3 * x1^2 * x2\ndraw graph f"))
    #expect(console.output.contains("graph of f: 7 nodes") && !console.output.contains("grad"), "\(console.output)")
    console.output = ""
    _ = shell.run(SourceText(name: "t.nn", text: "draw graph x1 * 2"))
    #expect(!console.output.contains("grad"))
  }

  @Test("draw graph gives back the random numbers its expression drew")
  func drawsNothing() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: "seed 1; draw graph rand(1, 2) * 2; let r = rand(1, 2)"))
    let other = CapturingConsole()
    _ = Interpreter(console: other).run(SourceText(name: "t.nn", text: "seed 1; let r = rand(1, 2); show r"))
    _ = shell.run(SourceText(name: "t.nn", text: "show r"))
    #expect(console.output.hasSuffix(other.output))
  }
}

/// The layered layout on random graphs: items of a rank never overlap, every edge joins
/// consecutive ranks, and the terminal and SVG drawings are made without a trap.
@Suite("Computational graph layout")
struct GraphLayoutTests {
  /// A random DAG of `count` nodes whose last node depends on all others.
  static func randomGraph(_ count: Int, seed: UInt64) -> ComputationGraph {
    var state = seed
    func next(_ n: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(n))
    }
    var nodes: [ComputationGraph.Node] = []
    for i in 0..<count {
      var inputs: [Int] = []
      if i > 0 && (i == count - 1 || next(3) > 0) {
        for _ in 0..<(1 + next(3)) {
          let j = next(i)
          if !inputs.contains(j) { inputs.append(j) }
        }
      }
      nodes.append(
        ComputationGraph.Node(
          kind: inputs.isEmpty ? .leaf : .operation, operation: inputs.isEmpty ? "" : "+", name: "n\(i)",
          shape: .init(1, 1), value: String(repeating: "9", count: 1 + next(12)), gradient: nil, inputs: inputs))
    }
    // Whatever nothing uses feeds the last node, so the subject depends on everything.
    var used = Set(nodes.flatMap(\.inputs))
    for i in 0..<(count - 1) where !used.contains(i) {
      nodes[count - 1].inputs.append(i)
      used.insert(i)
    }
    return ComputationGraph(title: "random", nodes: nodes, gradientNote: nil)
  }

  @Test("random graphs lay out without overlaps", arguments: Array(1...40))
  func randomLayouts(seed: Int) {
    let graph = Self.randomGraph(2 + seed % 25, seed: UInt64(seed))
    let layout = GraphLayout(graph, widths: graph.nodes.map { _ in 9 })
    for rank in layout.ranks {
      for (a, b) in zip(rank, rank.dropFirst()) {
        #expect(layout.items[a].x + layout.items[a].width + GraphLayout.gap <= layout.items[b].x)
      }
    }
    for e in layout.edges { #expect(layout.items[e.from].rank + 1 == layout.items[e.to].rank) }
    #expect(layout.items.allSatisfy { $0.x >= 0 })
    for ascii in [false, true] {
      let lines = graph.render(PictureStyle(width: 80, ascii: ascii))
      #expect(lines.count > 2)
    }
    #expect(graph.svg().text.contains("<g class=\"node\">"))
  }

  @Test("a large random graph is capped and still drawn")
  func largeGraph() {
    let graph = Self.randomGraph(150, seed: 7).capped(to: ComputationGraph.maxNodes)
    #expect(graph.nodes.count == ComputationGraph.maxNodes)
    #expect(graph.nodes[0].name == "earlier history")
    let lines = graph.render(PictureStyle(width: 100))
    #expect(lines[0].hasPrefix("graph of random: "))
  }
}
