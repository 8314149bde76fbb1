import NNData
/// Where a statement's result is shown.
///
/// A statement's handler returns an `Output` (a value, a table, a report, a picture, a
/// message) and `Interpreter.dispatch` passes it to the session's renderer; long
/// statements send `ProgressEvent`s to it while they run. This is the only place where
/// results become text: `TextRenderer` writes them to the console as the terminal or a
/// pipe shows them, and writes pictures given `to "f.svg"` as SVG files. A notebook
/// would install its own renderer and show the same results richly.
protocol Renderer: AnyObject {
  /// Shows a result. Throws when a picture cannot be made or its file written.
  func render(_ output: Output) throws
  /// Shows the result of a statement of this kind (a notebook shows a bare expression's
  /// value as the cell's `Out[n]`, and `show`'s values as printed text).
  func render(_ output: Output, of kind: StatementKind) throws
  /// Draws a progress event of a running statement.
  func progress(_ event: ProgressEvent)
  /// True when batch events are drawn (a live line on a terminal): `train` sends them
  /// only then, and computes a running accuracy for them only then.
  var drawsLiveProgress: Bool { get }
}

extension Renderer {
  func render(_ output: Output, of kind: StatementKind) throws { try render(output) }
}

/// Results as text on a console: values through `MatrixFormatter`, tables aligned,
/// diagnostics and interruptions on standard error, pictures, explanations and data
/// tables laid out to the console's width, `train`'s progress one line redrawn in place
/// on a terminal or a plain line per reported epoch in a pipe, colour only where the
/// console allows it (`PictureStyle`). The width and the colour are the renderer's
/// decision: results carry what to show, not how wide.
final class TextRenderer: Renderer {
  let console: Console
  /// The live line of the running `train`, if any.
  private var training: (progress: TrainingProgress, live: Bool, start: Double, lastDrawn: Double, drewLive: Bool)?

  init(console: Console) {
    self.console = console
  }

  var drawsLiveProgress: Bool { TrainingProgress.redrawsInPlace(on: console) }

  func render(_ output: Output) throws {
    switch output {
    case .value(let v): console.write(v.format.laidOut(width: console.width).format(v.matrix, name: v.notation))
    case .message(let text): say(text)
    case .text(let text): console.write(text)
    case .table(let table): for line in TextRenderer.lines(table) { say(line) }
    case .training(let report): say(TextRenderer.line(report))
    case .gradcheck(let report): for line in TextRenderer.lines(report) { say(line) }
    case .picture(let picture): try draw(picture)
    case .report(let outputs): for o in outputs { try render(o) }
    case .diagnostic(let d): console.writeError(d.rendered() + "\n")
    case .interrupted(let message): console.writeError(message + "\n")
    case .help(let page): console.write(TextRenderer.text(page))
    case .dataSample(let sample): console.write(try TextRenderer.text(sample, width: console.width))
    case .explanation(let e): console.write(TextRenderer.text(e, width: console.width))
    case .narration(let text): say(text)
    case .echo(let text): say(LessonStyle.echo(text, color: console.useColor))
    case .assertion(let text): say(LessonStyle.assertion(text, color: console.useColor))
    case .mistake(let text): say(LessonStyle.wrong(text, color: console.useColor))
    }
  }

  private func say(_ text: String) {
    console.write(text + "\n")
  }

  // MARK: Pictures

  /// A picture's lines folded to the width, or its SVG document written to its file.
  private func draw(_ picture: Picture) throws {
    if let (path, span) = picture.file, let text = picture.fileText {
      do {
        try AtomicFile.write(Array(try text().utf8), to: path)
      } catch let e as DataError {
        throw Diagnostic.error(e.description, at: span)
      }
      if picture.reportsFile { say("\(picture.statement) \(picture.subject): wrote \(path) (\(picture.fileFormat))") }
      return
    }
    if let (path, span) = picture.file {
      let document = try picture.svg()
      do {
        try document.write(to: path)
      } catch let e as SVGDocument.WriteError {
        throw Diagnostic.error(e.description, at: span)
      }
      if picture.reportsFile {
        let size = SVGDocument.number(document.width) + "×" + SVGDocument.number(document.height)
        say("\(picture.statement) \(picture.subject): wrote \(path) (SVG, \(size))")
      }
      return
    }
    for line in try TextRenderer.terminalLines(of: picture, width: console.width, color: console.useColor) { say(line) }
  }

  /// The lines of `picture` drawn for a terminal `width` wide: drawings are laid out to the
  /// width, titles and legends are folded to it here (in ASCII when the picture asks).
  static func terminalLines(of picture: Picture, width: Int, color: Bool) throws -> [String] {
    let style = PictureStyle(width: width, height: picture.height, color: color, ascii: picture.ascii)
    return try picture.lines(style).flatMap { line in
      TextLayout.folded(style.ascii ? TextLayout.asciiFolded(line) : line, width: style.width)
    }
  }

  // MARK: Progress

  func progress(_ event: ProgressEvent) {
    switch event {
    case .trainingBegan(let epochs, let samples, let digits):
      let progress = TrainingProgress(epochs: epochs, samples: samples, digits: digits)
      training = (progress, drawsLiveProgress, Clock.now(), -Double.infinity, false)
    case .trainingEpoch(let epoch, let loss, let accuracy, let testLoss, let validation, let rate):
      guard let t = training, !t.live else { return }
      say(
        t.progress.plainLine(
          epoch: epoch, loss: loss, accuracy: accuracy, testLoss: testLoss, validation: validation, learningRate: rate))
    case .trainingBatch(let b):
      drawLive(b)
    case .trainingEnded:
      if training?.drewLive == true {
        console.write("\r" + ANSI.clearLine)
        console.flush()
      }
      training = nil
    case .gradcheckEntries, .iteration:
      break
    }
  }

  /// Redraws the live line, at most ten times a second: a terminal is slower than a
  /// tiny epoch.
  private func drawLive(_ b: TrainingBatch) {
    guard var t = training else { return }
    let now = Clock.now()
    guard now - t.lastDrawn >= 0.1 || b.isLast else { return }
    t.lastDrawn = now
    let line = t.progress.liveLine(b, seconds: now - t.start, width: console.width)
    console.write("\r" + line + ANSI.clearLine)
    console.flush()
    t.drewLive = true
    training = t
  }
}
