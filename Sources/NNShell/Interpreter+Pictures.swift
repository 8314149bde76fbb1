import NNData
import NNEngine

/// `plot` and `draw`: pictures in the terminal and as SVG files.
///
///     plot loss                      training (and test) loss per epoch
///     plot boundary                  the plane shaded by predicted class, data on top
///                                    (or, for one-input regression, the fitted curve)
///     plot data                      the data: 2-D scatter by class, or y against x
///     plot W1                        any matrix expression as a heatmap
///     plot W1 row=5 as "8x8"         one row as an 8×8 image (row-major)
///     draw net                       the network: neurons, edges, W[l], activations
///
/// Each takes `to "file.svg"` (or `to="file.svg"`) to write an SVG file instead,
/// `ascii=yes` for plain ASCII characters and `height=N` for the rows of the drawing
/// area (not `draw`); `plot loss` takes `log=yes|no` to force the y scale. The words
/// `loss`, `boundary` and `data` name pictures (a variable so named: `plot (data)`).
/// The scanner reads `8x8` as a malformed number, so the image shape is written
/// `as "8x8"`, `as="8x8"` or `as=[8 8]`.
extension Interpreter {
  /// What a `plot`/`draw` statement asked for besides its subject.
  struct PictureRequest {
    /// `height=`: rows of the drawing area.
    var height: Int?
    /// `ascii=yes`.
    var ascii: Bool
    /// `to "file.svg"`, with where it was written.
    var file: (path: String, span: SourceSpan)?
    /// `as "8x8"`: rows and columns of an image.
    var shape: (rows: Int, cols: Int, span: SourceSpan)?
  }

  /// The grammar has chosen the subject (a picture word, or any matrix) and refused the
  /// options that do not apply to it (`row=` and `as` to a picture, `log=` but to loss).
  func plotStatement(_ s: Statement) throws -> Output? {
    let request = try pictureRequest(s)
    switch s.parsed.word("subject") {
    case "loss": return try plotLoss(s, request)
    case "boundary": return try plotBoundary(s, request)
    case "data": return try plotData(s, request)
    case "lr": return try plotRates(s, request)
    default: return try plotMatrix(s, try value(s, "matrix"), request)
    }
  }

  func drawStatement(_ s: Statement) throws -> Output? {
    if s.parsed.word("subject") == "graph" { return try drawGraphStatement(s) }
    let request = try pictureRequest(s)
    guard !network.isEmpty else { throw error("the network has no layers yet (add one with: layer dense 2 -> 3 relu)", at: s.span) }
    let sizes = [network.inputSize ?? 0] + network.layers.map(\.outputSize)
    let diagram = NetworkDiagram(
      sizes: sizes, activations: network.layers.map(\.activation.name), weights: network.layers.map(\.W),
      title: "network \(sizes.map(String.init).joined(separator: "-")): \(network.parameterCount) parameters, loss \(network.loss.rawValue)"
        + dropoutTitle)
    return picture(s, request, lines: { diagram.render($0) }, svg: { diagram.svg() })
  }

  // MARK: Subjects

  func plotLoss(_ s: Statement, _ request: PictureRequest) throws -> Output {
    if lossHistory.isEmpty && !passLossHistory.isEmpty { return try plotPassLoss(s, request) }
    guard !lossHistory.isEmpty else {
      throw error("there is no loss history yet: train, or run forward with targets (plot loss draws the loss of every epoch, or of every forward pass)", at: s.span)
    }
    var series = [LineChart.Series(
      name: "train", points: lossHistory.enumerated().map { (Double($0.offset + 1), $0.element) }, kind: .line)]
    let test = testLossHistory.enumerated().compactMap { $0.element.isFinite ? (x: Double($0.offset + 1), y: $0.element) : nil }
    if !test.isEmpty { series.append(LineChart.Series(name: "test", points: test, kind: .line)) }
    let validation = validationLossHistory.enumerated().compactMap { $0.element.isFinite ? (x: Double($0.offset + 1), y: $0.element) : nil }
    if !validation.isEmpty { series.append(LineChart.Series(name: "validation", points: validation, kind: .line)) }
    var chart = LineChart(title: "loss \(network.loss.rawValue) per epoch", xTitle: "epoch", series: series)
    chart.integerX = true
    if option(s, "log") != nil { chart.logarithmic = try flag(s, "log") }
    return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: "loss J") })
  }

  /// The J of each hand-run forward pass (`repeat { sample; forward; backward; step }`).
  func plotPassLoss(_ s: Statement, _ request: PictureRequest) throws -> Output {
    let series = [LineChart.Series(name: "J", points: passLossHistory.points, kind: .line)]
    var chart = LineChart(title: "loss \(network.loss.rawValue) of each forward pass", xTitle: "forward pass", series: series)
    chart.integerX = true
    if option(s, "log") != nil { chart.logarithmic = try flag(s, "log") }
    return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: "loss J") })
  }

  func plotBoundary(_ s: Statement, _ request: PictureRequest) throws -> Output {
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet: plot boundary draws what it predicts", at: s.span) }
    try checkInput(d.X, nil, at: s.span)
    warnAboutParameters(at: s.span)
    let net = network
    if d.isClassification, d.featureCount == 2 {
      let map = classMap(d, title: "decision boundary: predicted class over \(d.featureNames[0]), \(d.featureNames[1])")
      // Every cell of the plane in one batch: one matrix product per layer.
      let classify = { (centers: [(x: Double, y: Double)]) throws -> [Int] in
        let grid = try Matrix(rows: 2, cols: centers.count, columnMajor: centers.flatMap { [$0.x, $0.y] })
        return Interpreter.predictedClasses(try net.predict(grid), net)
      }
      // Made when shown: an engine error of the classification is reported at the statement.
      return picture(
        s, request, lines: { style in try self.engine(s.span) { try map.render(style, classify: classify) } },
        svg: { try self.engine(s.span) { try map.svg(classify: classify) } })
    }
    if !d.isClassification, d.featureCount == 1, d.outputCount == 1 {
      var chart = regressionChart(d, title: "fitted curve h(\(d.featureNames[0])) over the data")
      let lo = d.X.storage.filter(\.isFinite).min() ?? 0, hi = d.X.storage.filter(\.isFinite).max() ?? 1
      let n = 241
      let xs = (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
      let h = try engine(s.span) { try net.predict(try Matrix(rows: 1, cols: n, columnMajor: xs)) }
      chart.series.append(LineChart.Series(name: "h(x)", points: zip(xs, h.storage).map { ($0, $1) }, kind: .line))
      return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: "y, h") })
    }
    let inputs = "\(d.featureCount) input\(d.featureCount == 1 ? "" : "s")"
    let outputs = "\(d.outputCount) output\(d.outputCount == 1 ? "" : "s")"
    let kind = d.isClassification ? "classification with \(d.featureCount) features" : "regression with \(inputs) and \(outputs)"
    throw error(
      "plot boundary needs classification data with 2 features, or regression with 1 input and 1 output (this is \(kind)); plot data shows any data",
      at: s.span)
  }

  func plotData(_ s: Statement, _ request: PictureRequest) throws -> Output {
    let d = try requireData(s)
    if d.isClassification {
      let map = classMap(d, title: "data \(d.name): \(d.sampleCount) samples by class")
      return picture(s, request, lines: { try map.render($0) }, svg: { try map.svg() })
    } else {
      let chart = regressionChart(d, title: "data \(d.name): \(d.sampleCount) samples")
      return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: d.outputCount == 1 ? "y" : "y₁") })
    }
  }

  func plotMatrix(_ s: Statement, _ e: Expression, _ request: PictureRequest) throws -> Output {
    var m = try evaluateMatrix(e)
    var name: String
    if case .name = e.kind { name = title(for: e) } else { name = describe(e) }
    var order = ""
    if let o = option(s, "row") {
      let i = try evaluateInteger(o.value, "row", in: 1...max(1, m.rows))
      m = try engine(o.value.span) { try Matrix(rows: 1, cols: m.cols, columnMajor: m.row(i - 1)) }
      name += " row \(i)"
    }
    if let shape = request.shape {
      guard shape.rows * shape.cols == m.count else {
        throw error(
          "cannot show \(name) (\(m.shape), \(m.count) elements) as \(shape.rows)×\(shape.cols) (\(shape.rows * shape.cols) elements)",
          at: shape.span)
      }
      // Row-major, as images are stored pixel row by pixel row (digits' 64 features are).
      let elements = m.rowArrays.flatMap { $0 }
      m = try engine(shape.span) {
        try Matrix(rows: shape.rows, cols: shape.cols, columnMajor: (0..<m.count).map { k in elements[(k % shape.rows) * shape.cols + k / shape.rows] })
      }
      name += " as \(shape.rows)×\(shape.cols)"
      order = " (row-major)"
    } else {
      name += " (\(m.shape))"
    }
    guard m.count > 0 else { throw error("\(name) has no elements to plot", at: e.span) }
    // A collected row (`let Js = [Js J]`) is a sequence: a line, as Octave's plot draws it
    // (one with NaN or Inf stays a heatmap, whose legend marks them).
    if m.rows == 1, m.cols > 1, option(s, "row") == nil, request.shape == nil, m.storage.allSatisfy(\.isFinite) {
      let points = m.storage.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }
      var chart = LineChart(title: name, xTitle: "entry", series: [LineChart.Series(name: "value", points: points, kind: .line)])
      chart.integerX = true
      return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: "value") })
    }
    var map = Heatmap(title: name + order, values: m)
    map.check = { try self.stopIfInterrupted("interrupted: plot stopped while averaging \(name)") }
    return picture(s, request, lines: { try map.render($0) }, svg: { try map.svg() })
  }

  // MARK: Shared

  /// Samples as points of their class, over the first two features (a note says when
  /// there are more; one feature is plotted against the class number).
  func classMap(_ d: Dataset, title: String) -> ClassMap {
    let labels = d.labels ?? Array(repeating: 0, count: d.sampleCount)
    let two = d.featureCount >= 2
    let points = (0..<d.sampleCount).map { j in
      (x: d.X[0, j], y: two ? d.X[1, j] : Double(labels[j]), label: labels[j])
    }
    var note: String?
    if d.featureCount > 2 { note = "(features 1 and 2 of \(d.featureCount): \(d.featureNames[0]), \(d.featureNames[1]))" }
    return ClassMap(
      title: title, xTitle: d.featureNames[0], yTitle: two ? d.featureNames[1] : "class",
      classNames: d.classNames ?? ["0", "1"], points: points, note: note)
  }

  /// Regression data as points: the first target against the first feature.
  func regressionChart(_ d: Dataset, title: String) -> LineChart {
    let points = (0..<d.sampleCount).map { j in (x: d.X[0, j], y: d.Y[0, j]) }
    return LineChart(title: title, xTitle: d.featureNames[0], series: [LineChart.Series(name: "data", points: points, kind: .points)])
  }

  /// Reads `to`, `as`, `ascii`, `height` from a plot or draw statement; `to` must end in
  /// `.svg` (or `.dot`, where `dot` allows).
  func pictureRequest(_ s: Statement, dot: Bool = false) throws -> PictureRequest {
    var request = PictureRequest(ascii: try flag(s, "ascii"))
    if let o = option(s, "height") { request.height = try evaluateInteger(o.value, "height", in: 3...200) }
    // `to "f.svg"` is `to="f.svg"` written as a pair; the grammar lets only one stand.
    let file = try (option(s, "to")?.value ?? s.parsed.expression("to")).map { (try evaluateString($0, "the file name"), $0.span) }
    let shape = option(s, "as")?.value ?? s.parsed.expression("as")
    if let (path, span) = file {
      if dot, path.lowercased().hasSuffix(".dot") {
        request.file = (path, span)
        return request
      }
      guard path.lowercased().hasSuffix(".svg") else {
        if dot { throw error("draw graph writes SVG or Graphviz DOT: give a file name ending in .svg or .dot (got \"\(path)\")", at: span) }
        throw error("pictures are written as SVG: give a file name ending in .svg (got \"\(path)\")", at: span)
      }
      request.file = (path, span)
    }
    if let shape { request.shape = try imageShape(shape) }
    return request
  }

  /// `"8x8"`, `"8×8"` or `[8 8]`.
  func imageShape(_ e: Expression) throws -> (rows: Int, cols: Int, span: SourceSpan) {
    let message = "expected an image shape such as \"8x8\" or [8 8]"
    var parts: [Double] = []
    if case .string(let text) = e.kind {
      let pieces = text.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == "×" || $0 == "," || $0 == " " })
      parts = pieces.compactMap { Double(String($0)) }
      guard parts.count == pieces.count else { throw error(message, at: e.span) }
    } else {
      let m = try evaluateMatrix(e)
      parts = m.elements
    }
    guard parts.count == 2, parts.allSatisfy({ $0.isFinite && $0 >= 1 && $0 <= 100_000 && $0 == $0.rounded() }) else {
      throw error(message, at: e.span)
    }
    return (Int(parts[0]), Int(parts[1]), e.span)
  }

  /// The picture of a `plot`/`draw` statement, made when the renderer shows it: as text
  /// lines, or as an SVG file when the statement says `to "file.svg"`.
  func picture(
    _ s: Statement, _ request: PictureRequest, lines: @escaping (PictureStyle) throws -> [String],
    svg: @escaping () throws -> SVGDocument
  ) -> Output {
    .picture(
      Picture(
        statement: s.kind.rawValue, subject: s.arguments.first.map { String($0.span.text) } ?? "", height: request.height,
        ascii: request.ascii,
        file: request.file, reportsFile: isChatty, lines: lines, svg: svg))
  }
}
