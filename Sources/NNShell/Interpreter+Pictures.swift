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
    var style: PictureStyle
    /// `to "file.svg"`, with where it was written.
    var file: (path: String, span: SourceSpan)?
    /// `as "8x8"`: rows and columns of an image.
    var shape: (rows: Int, cols: Int, span: SourceSpan)?
  }

  func plotStatement(_ s: Statement) throws -> Output? {
    guard let subject = s.arguments.first?.expression else {
      throw error("plot needs a subject: plot loss, plot boundary, plot data, or plot W1 (any matrix)", at: s.span)
    }
    let request = try pictureRequest(s)
    // The bare words name pictures; a variable of the same name is plotted as `(data)`.
    let bare = s.arguments.first.flatMap { $0.word == String($0.span.text) ? $0.word : nil }
    let word = bare.flatMap { ["loss", "boundary", "data"].contains($0) ? $0 : nil }
    let isMatrix = word == nil
    if !isMatrix, let o = option(s, "row") { throw error("row= applies to a matrix (plot W1 row=5 as \"8x8\")", at: o.keySpan) }
    if !isMatrix, let shape = request.shape { throw error("'as' applies to a matrix (plot W1 row=5 as \"8x8\")", at: shape.span) }
    if word != "loss", let o = option(s, "log") { throw error("log= applies to plot loss", at: o.keySpan) }
    switch word {
    case "loss": return try plotLoss(s, request)
    case "boundary": return try plotBoundary(s, request)
    case "data": return try plotData(s, request)
    default: return try plotMatrix(s, subject, request)
    }
  }

  func drawStatement(_ s: Statement) throws -> Output? {
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
    guard !lossHistory.isEmpty else {
      throw error("there is no loss history yet: train first (plot loss draws the loss of every epoch)", at: s.span)
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

  /// Reads `to`, `as`, `ascii`, `height` from a plot or draw statement.
  func pictureRequest(_ s: Statement) throws -> PictureRequest {
    var request = PictureRequest(style: PictureStyle(width: console.width, color: console.useColor, ascii: try flag(s, "ascii")))
    if let o = option(s, "height") { request.style.height = try evaluateInteger(o.value, "height", in: 3...200) }
    var file: (String, SourceSpan)?
    var shape: Expression?
    if let o = option(s, "to") { file = (try evaluateString(o.value, "the file name"), o.value.span) }
    if let o = option(s, "as") { shape = o.value }
    var i = 1
    let usage = s.kind == .draw ? "draw net [to \"net.svg\"]" : "plot SUBJECT [row=R as \"8x8\"] [to \"file.svg\"]"
    while i < s.arguments.count {
      let w = s.arguments[i].word
      guard w == "to" || w == "as" else { throw error("unexpected argument to \(s.kind.rawValue) (usage: \(usage))", at: s.arguments[i].span) }
      guard i + 1 < s.arguments.count, let value = s.arguments[i + 1].expression else {
        throw error("expected \(w == "to" ? "a file name in double quotes" : "a shape such as \"8x8\"") after '\(w ?? "")'", at: s.arguments[i].span)
      }
      if w == "to" {
        guard file == nil else { throw error("the file is given twice", at: value.span) }
        file = (try evaluateString(value, "the file name"), value.span)
      } else {
        guard s.kind == .plot else { throw error("draw net takes no 'as' (usage: \(usage))", at: s.arguments[i].span) }
        guard shape == nil else { throw error("'as' is given twice", at: value.span) }
        shape = value
      }
      i += 2
    }
    if let (path, span) = file {
      guard path.lowercased().hasSuffix(".svg") else {
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
        statement: s.kind.rawValue, subject: s.arguments.first.map { String($0.span.text) } ?? "", style: request.style,
        file: request.file, reportsFile: isChatty, lines: lines, svg: svg))
  }
}
