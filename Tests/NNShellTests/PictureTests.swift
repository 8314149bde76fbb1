import Testing

@testable import NNEngine
@testable import NNShell

/// Terminal pictures: the drawing primitives, the layout rules (width, ASCII, colour),
/// and `train`'s progress in its two forms.
@Suite("Pictures")
struct PictureTests {
  func session(_ text: String, width: Int = 80, color: Bool = false, interactive: Bool = false)
    -> (Interpreter, CapturingConsole, Interpreter.Outcome)
  {
    let console = CapturingConsole()
    console.width = width
    console.useColor = color
    console.isInteractive = interactive
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  static let classification = """
    seed 3
    data moons n=80
    split 0.75
    net
    layer dense 2 -> 8 tanh
    layer dense 2 softmax
    loss ce
    train epochs=20 batch=16 lr=0.3 quiet=yes
    """

  static let pictures = [
    "plot loss", "plot data", "plot boundary", "draw net", "plot W1", "plot W1 row=2 as \"2x1\"", "plot W2' * W2",
  ]

  // MARK: Primitives

  @Test func brailleDotsMakeTheirCharacter() {
    var canvas = BrailleCanvas(columns: 2, rows: 1)
    canvas.set(0, 0)
    #expect(canvas.character(0, 0) == "⠁")
    for x in 2..<4 { for y in 0..<4 { canvas.set(x, y) } }
    #expect(canvas.character(1, 0) == "⣿")
    canvas.set(99, 99)  // outside: ignored
    #expect(canvas.character(5, 5) == nil)
  }

  @Test func rasterLinesHaveNoGapsAndIncludeBothEnds() {
    var cells: [(Int, Int)] = []
    Raster.line(0, 0, 7, 3) { cells.append(($0, $1)) }
    #expect(cells.first! == (0, 0))
    #expect(cells.last! == (7, 3))
    #expect(cells.count == 8)  // one cell per step along the longer axis
    for (a, b) in zip(cells, cells.dropFirst()) {
      #expect(abs(a.0 - b.0) <= 1 && abs(a.1 - b.1) <= 1)
    }
  }

  @Test func axisTicksAreRound() {
    #expect(AxisScale(low: 0, high: 0.8).ticks(count: 4) == [0, 0.2, 0.4, 0.6000000000000001, 0.8])
    #expect(AxisScale(low: 0.001, high: 1, logarithmic: true).ticks(count: 5) == [0.001, 0.01, 0.1, 1])
    #expect(AxisScale(low: 0.013, high: 0.7).roundedOut(count: 4).high == 0.8)
    #expect(AxisScale.niceStep(0.23) == 0.5)
    #expect(AxisScale.niceStep(1.7) == 2)
    // Equal ends are widened, so a constant still has a place.
    let flat = AxisScale(low: 3, high: 3)
    #expect(flat.low < 3 && flat.high > 3)
  }

  @Test func shadingOrdersValuesFromLightestToFull() {
    let s = Shading(low: -1, high: 1, ascii: false)
    // The lowest level has ink: a blank would read as a missing element (issue 13).
    #expect(s.character(-1) == "·")
    #expect(s.character(1) == "█")
    #expect(!Shading.unicodeRamp.contains(" ") && !Shading.asciiRamp.contains(" "))
    #expect(Shading(low: -1, high: 1, ascii: true).character(-1) == "'")
    #expect(s.diverging)
    #expect(s.fraction(0) == 0.5)
    #expect(Shading(low: 0, high: 0, ascii: true).level(.nan) == 0)
  }

  @Test func progressBarAndDurations() {
    #expect(TrainingProgress.bar(0.5, width: 4, ascii: false) == "██  ")
    #expect(TrainingProgress.bar(0.5, width: 4, ascii: true) == "##..")
    #expect(TrainingProgress.bar(1, width: 3, ascii: false) == "███")
    #expect(TrainingProgress.duration(7) == "0:07")
    #expect(TrainingProgress.duration(3723) == "1:02:03")
    #expect(TrainingProgress.duration(.infinity) == "?")
  }

  @Test func liveLineFitsTheTerminal() {
    let p = TrainingProgress(epochs: 100, samples: 1000, digits: 4)
    for width in [40, 60, 80, 120] {
      let line = p.liveLine(
        epoch: 12, batch: 3, batches: 32, loss: 0.1234, accuracy: 0.975, samplesSeen: 11_100, seconds: 2.5,
        width: width, ascii: false)
      #expect(line.count < width, "\(width): \(line)")
      #expect(line.hasPrefix("epoch  12/100"))
      #expect(line.contains("loss 0.1234"))
      let watched = p.liveLine(
        epoch: 12, batch: 3, batches: 32, loss: 0.1234, accuracy: 0.975, samplesSeen: 11_100, seconds: 2.5,
        width: width, ascii: false, validationLoss: 0.25)
      #expect(watched.count < width, "\(width): \(watched)")
      #expect(width < 120 || watched.contains("val loss 0.25"))
    }
  }

  @Test func asciiFoldingSpellsOutSymbols() {
    #expect(TextLayout.asciiFolded("W[1] (3×2) ≥ 0 … x₁₂ ⋮") == "W[1] (3x2) >= 0 ... x12 :")
  }

  // MARK: Pictures through the interpreter

  @Test func everyPictureFitsTheWidth() {
    for width in [40, 57, 80, 132] {
      for picture in Self.pictures {
        let (_, console, outcome) = session(Self.classification + "\n" + picture, width: width)
        #expect(outcome == .completed, "\(picture): \(console.errors)")
        for line in console.output.split(separator: "\n") where !line.hasPrefix("data ") && !line.hasPrefix("split") {
          #expect(line.count <= width, "\(picture) at \(width): '\(line)'")
        }
      }
    }
  }

  @Test func asciiPicturesArePlainASCII() {
    for picture in Self.pictures {
      let (_, console, outcome) = session(Self.classification + "\n" + picture + " ascii=yes")
      #expect(outcome == .completed, "\(picture): \(console.errors)")
      let drawn = console.output.split(separator: "\n").filter { !$0.hasPrefix("data ") && !$0.hasPrefix("split") }
      #expect(!drawn.isEmpty)
      for line in drawn {
        let plain = line.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(plain, "\(picture): '\(line)'")
      }
    }
  }

  @Test func colourOnlyWhenTheConsoleHasIt() {
    for picture in Self.pictures {
      let (_, plain, _) = session(Self.classification + "\n" + picture)
      #expect(!plain.output.contains("\u{1B}"), "\(picture) used colour without it")
      let (_, coloured, outcome) = session(Self.classification + "\n" + picture, color: true)
      #expect(outcome == .completed)
      // Colour changes the tint, never the layout: without the escapes, lines are as wide.
      for line in coloured.output.split(separator: "\n") {
        #expect(TextLayout.visibleCount(String(line)) <= 80, "\(picture): '\(line)'")
      }
    }
    let (_, coloured, _) = session(Self.classification + "\nplot boundary", color: true)
    #expect(coloured.output.contains("\u{1B}[0;48;5;"))
  }

  @Test func boundaryShadesThePredictedClasses() {
    let (_, console, outcome) = session(Self.classification + "\nplot boundary height=10")
    #expect(outcome == .completed)
    #expect(console.output.contains("░"))
    #expect(console.output.contains("regions: blank 0  '░' 1"))
    #expect(console.output.contains("marks: o 0  x 1"))
  }

  @Test func wideLayersCollapse() {
    let (_, console, outcome) = session("net\nlayer dense 784 -> 32 relu\nlayer dense 10 softmax\ndraw net")
    #expect(outcome == .completed)
    #expect(console.output.contains("x₇₈₄"))
    #expect(console.output.contains("⋮"))
    #expect(console.output.contains("784"))
    // 6 shown, ⋮, and the last: at most 8 neurons per column.
    let neurons: Int = console.output.filter { $0 == "○" }.count
    #expect(neurons == 21)
  }

  @Test func imageShapesThatParse() {
    for form in ["as \"2x3\"", "as=\"2x3\"", "as=[2 3]", "as \"2×3\""] {
      let (_, console, outcome) = session("let v = [1 2 3 4 5 6]\nplot v \(form)")
      #expect(outcome == .completed, "\(form): \(console.errors)")
      #expect(console.output.hasPrefix("v as 2×3 (row-major)"), "\(form)")
    }
    // Row-major: the first row of the image is 1 2 3.
    let (_, console, _) = session("let v = [1 2 3 4 5 6]\nplot v as \"2x3\" ascii=yes")
    #expect(console.output.split(separator: "\n")[2] == "  1 ''::==")
  }

  @Test func pictureErrorsPointAtTheirCause() {
    for (text, message) in [
      ("plot loss", "there is no loss history yet"),
      ("plot data", "there is no data yet"),
      ("draw net", "the network has no layers yet"),
      ("draw nte", "unknown picture 'nte'; did you mean 'net'?"),
      ("plot [1 2 3] as \"2x2\"", "cannot show [1 2 3] (1×3, 3 elements) as 2×2"),
      ("plot [1 2 3] to \"a.png\"", "give a file name ending in .svg"),
      ("plot [1 2 3] row=2", "row must be a whole number of at least 1 and at most 1"),
      ("data iris\nnet\nlayer dense 4 -> 3 softmax\nplot boundary", "plot boundary needs classification data with 2 features"),
      ("plot [1 2] junk", "unexpected argument to plot"),
    ] {
      let (_, console, outcome) = session(text)
      #expect(outcome == .failed, "\(text)")
      #expect(console.errors.contains(message), "\(text): \(console.errors)")
    }
  }

  // MARK: train's progress

  @Test func pipedTrainPrintsPlainLines() {
    let (shell, console, outcome) = session(
      Self.classification.replacingOccurrences(of: " quiet=yes", with: " report=5"))
    #expect(outcome == .completed)
    #expect(!console.output.contains("\r"))
    #expect(!console.output.contains("\u{1B}"))
    let epochs = console.output.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
    #expect(epochs.count == 4)
    #expect(epochs.first?.hasPrefix("epoch  5/20  loss ") == true)
    #expect(epochs.allSatisfy { $0.contains("  accuracy ") && $0.contains("%  test loss ") })
    #expect(console.output.contains("trained 20 epochs of 60 samples (batch 16, lr 0.3): loss "))
    #expect(console.output.contains(", accuracy "))
    // One test loss per epoch (all computed: this network is tiny).
    #expect(shell.testLossHistory.count == shell.lossHistory.count)
    let finite = shell.testLossHistory.allSatisfy { $0.isFinite }
    #expect(finite)
  }

  @Test func terminalTrainRedrawsOneLine() {
    let (_, console, outcome) = session(
      Self.classification.replacingOccurrences(of: " quiet=yes", with: ""), interactive: true)
    #expect(outcome == .completed)
    #expect(console.output.contains("\r"))
    #expect(!console.output.contains("\nepoch "))
    // The live line is cleared before the summary, which is on a line of its own.
    let clear = "\r" + ANSI.clearLine
    #expect(console.output.contains(clear + "trained 20 epochs"))
    let live = console.output.components(separatedBy: "\r").filter { $0.hasPrefix("epoch ") }
    #expect(!live.isEmpty)
    #expect(live.allSatisfy { $0.contains("loss ") && !$0.contains("\n") })
  }

  @Test func quietTrainPrintsNothingButKeepsTheHistory() {
    let (shell, console, outcome) = session(Self.classification)
    #expect(outcome == .completed)
    #expect(!console.output.contains("epoch"))
    #expect(!console.output.contains("trained"))
    #expect(shell.lossHistory.count == 20)
    #expect(shell.testLossHistory.count == 20)
  }

  @Test func testLossesAlignWithEpochsTrainedBeforeTheSplit() {
    let (shell, _, outcome) = session(
      """
      seed 1
      data xor n=40
      net
      layer dense 2 -> 4 tanh
      layer dense 2 softmax
      loss ce
      train epochs=3 quiet=yes
      split 0.5
      train epochs=2 quiet=yes
      plot loss
      """)
    #expect(outcome == .completed)
    #expect(shell.lossHistory.count == 5)
    #expect(shell.testLossHistory.count == 5)
    let before = shell.testLossHistory.prefix(3).allSatisfy { $0.isNaN }
    let after = shell.testLossHistory.suffix(2).allSatisfy { $0.isFinite }
    #expect(before && after)
  }
}
