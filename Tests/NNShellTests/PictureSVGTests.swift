import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import NNShell

/// Every `plot`/`draw` writes an SVG file with `to "file.svg"`: it must parse as XML and
/// hold the expected elements (axes, one path per curve, one mark per data point up to
/// the cap, one cell per matrix element, one circle per shown neuron).
@Suite("Picture SVG")
struct PictureSVGTests {
  /// The elements of a parsed document: name and attributes, in order.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements.append((name, attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func count(_ name: String, class className: String) -> Int {
      elements.filter { $0.name == name && $0.attributes["class"] == className }.count
    }
  }

  /// Runs `setup` then `statement to "…svg"` and parses the file.
  func svg(_ setup: String, _ statement: String) throws -> Collector {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-svg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("picture.svg")
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: setup + "\n" + statement + " to \"\(file.path)\""))
    #expect(outcome == .completed, "\(statement): \(console.errors)")
    #expect(console.output.contains("wrote \(file.path) (SVG, "))
    let data = try Data(contentsOf: file)
    let parser = XMLParser(data: data)
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "\(statement): \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(collector.elements.first?.name == "svg")
    #expect(collector.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(collector.elements.contains { $0.name == "title" })
    return collector
  }

  static let moons = """
    seed 3
    data moons n=80
    split 0.75
    net
    layer dense 2 -> 8 tanh
    layer dense 2 softmax
    loss ce
    train epochs=20 batch=16 lr=0.3 quiet=yes
    """

  @Test func lossHasAxesAndOnePathPerCurve() throws {
    let doc = try svg(Self.moons, "plot loss")
    #expect(doc.count("line", class: "axis") == 2)
    #expect(doc.count("line", class: "tick") >= 4)
    #expect(doc.count("path", class: "curve") == 2)  // train and test
    let names = doc.elements.filter { $0.attributes["class"] == "curve" }.compactMap { $0.attributes["data-series"] }
    #expect(names == ["train", "test"])
    #expect(doc.text.contains("epoch"))
  }

  @Test func dataHasOneMarkPerSample() throws {
    let doc = try svg(Self.moons, "plot data")
    #expect(doc.count("circle", class: "point") == 80)
    #expect(doc.count("line", class: "axis") == 2)
    #expect(doc.count("rect", class: "region") == 0)
  }

  @Test func boundaryHasRegionsUnderThePoints() throws {
    let doc = try svg(Self.moons, "plot boundary")
    let regions = doc.count("rect", class: "region")
    #expect(regions > 0)
    #expect(doc.count("circle", class: "point") == 80)
    // Regions come first, so the points are drawn over them.
    let firstPoint = doc.elements.firstIndex { $0.attributes["class"] == "point" } ?? 0
    let lastRegion = doc.elements.lastIndex { $0.attributes["class"] == "region" } ?? Int.max
    #expect(lastRegion < firstPoint)
  }

  @Test func regressionBoundaryIsACurveOverPoints() throws {
    let doc = try svg("seed 1\ndata sine n=30\nnet\nlayer dense 1 -> 8 tanh\nlayer dense 1\ntrain epochs=5 quiet=yes", "plot boundary")
    #expect(doc.count("path", class: "curve") == 1)
    #expect(doc.count("circle", class: "point") == 30)
  }

  @Test func pointsAreCapped() throws {
    let doc = try svg("seed 1\ndata gauss n=12000", "plot data")
    let points = doc.count("circle", class: "point")
    #expect(points > 0 && points <= SVGLimits.points)
  }

  @Test func networkHasANeuronPerShownUnitAndAnEdgePerWeight() throws {
    let doc = try svg("net\nlayer dense 2 -> 3 relu\nlayer dense 4 relu\nlayer dense 1", "draw net")
    #expect(doc.count("circle", class: "neuron") == 2 + 3 + 4 + 1)
    #expect(doc.count("line", class: "edge") == 2 * 3 + 3 * 4 + 4 * 1)
    #expect(doc.text.contains("W[2]"))
    #expect(doc.text.contains("relu"))
    let wide = try svg("net\nlayer dense 784 -> 16 relu\nlayer dense 10 softmax", "draw net")
    #expect(wide.count("circle", class: "neuron") == 7 + 7 + 7)
    #expect(wide.count("text", class: "ellipsis") == 3)
  }

  /// Every shown neuron is joined to every shown neuron of the next layer (issue 13 found
  /// the ASCII form misleading; the SVG must draw the full connectivity too).
  @Test func networkEdgesJoinEveryPairOfAdjacentNeurons() throws {
    for layers in ["layer dense 2 -> 3 relu\nlayer dense 4 relu\nlayer dense 1", "layer dense 784 -> 16 relu\nlayer dense 10 softmax"] {
      let doc = try svg("net\n" + layers, "draw net")
      let centres = doc.elements.filter { $0.attributes["class"] == "neuron" }.map { [$0.attributes["cx"] ?? "", $0.attributes["cy"] ?? ""] }
      let columns = Dictionary(grouping: centres, by: { Double($0[0]) ?? 0 }).sorted { $0.key < $1.key }.map(\.value)
      let edges = Set(doc.elements.filter { $0.attributes["class"] == "edge" }.map { e in
        ["x1", "y1", "x2", "y2"].map { e.attributes[$0] ?? "" }
      })
      for (from, to) in zip(columns, columns.dropFirst()) {
        for a in from { for b in to { #expect(edges.contains(a + b), "\(layers): no edge \(a) → \(b)") } }
      }
      #expect(edges.count == zip(columns, columns.dropFirst()).reduce(0) { $0 + $1.0.count * $1.1.count })
    }
  }

  @Test func matrixHasACellPerElementAndALegend() throws {
    let doc = try svg("let A = [1 -2 3; 4 5 -6]", "plot A")
    #expect(doc.count("rect", class: "cell") == 6)
    #expect(doc.elements.contains { $0.name == "g" && $0.attributes["class"] == "legend" })
    let image = try svg("let v = [1 2 3 4 5 6 7 8 9]", "plot v as \"3x3\"")
    #expect(image.count("rect", class: "cell") == 9)
  }

  /// Inf, -Inf and NaN get their own fill and a legend swatch; a range wider than the
  /// largest Double still gives a colour bar of real colours (issue 13).
  @Test func matrixExtremesHaveTheirOwnColours() throws {
    let doc = try svg("let A = [1 1/0; -1/0 0/0]", "plot A")
    let fills = doc.elements.filter { $0.attributes["class"] == "cell" }.map { $0.attributes["fill"] ?? "" }
    #expect(Array(fills.dropFirst()) == ["#ff00ff", "#00b050", "#808080"])  // row by row: Inf, -Inf, NaN
    let swatches = doc.elements.filter { $0.attributes["class"] == "non-finite" }
    #expect(swatches.map { $0.attributes["data-value"] ?? "" } == ["Inf", "-Inf", "NaN"])
    #expect(doc.text.contains("NaN") && doc.text.contains("-Inf"))
    let wide = try svg("let B = [1 1e308; -1e308 1]", "plot B")
    let colours = wide.elements.compactMap { $0.attributes["fill"] }.filter { $0.hasPrefix("#") }
    #expect(colours.allSatisfy { $0.count == 7 && !$0.contains("n") })
    #expect(wide.count("rect", class: "non-finite") == 0)
    #expect(!wide.text.contains("NaN"))
  }

  @Test func textIsEscaped() throws {
    var document = SVGDocument(width: 10, height: 10, title: "a < b & \"c\"")
    document.text("x > y & z", x: 1, y: 2, className: "label")
    let parser = XMLParser(data: Data(document.text.utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse())
    #expect(collector.text.contains("a < b & \"c\""))
    #expect(collector.text.contains("x > y & z"))
  }

  @Test func unwritableFileIsAnError() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: "plot [1 2] to \"/nonexistent-folder/x.svg\""))
    #expect(outcome == .failed)
    #expect(console.errors.contains("cannot write '/nonexistent-folder/x.svg'"))
  }
}
