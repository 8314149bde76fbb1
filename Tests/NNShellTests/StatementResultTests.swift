import Foundation
import Testing

@testable import NNEngine
@testable import NNShell

/// Statements return results (`Output`) and report progress (`ProgressEvent`); the
/// `TextRenderer` alone turns them into text. These tests read the results as values, and
/// check that rendering them gives the text the golden scripts expect.
@Suite("Statement results")
struct StatementResultTests {
  /// A session whose results are recorded and also rendered as text on `console`.
  func session(_ setup: String = "") -> (Interpreter, RecordingRenderer, CapturingConsole) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let recorder = RecordingRenderer(passingTo: shell.renderer)
    shell.renderer = recorder
    if !setup.isEmpty { #expect(shell.run(SourceText(name: "setup.nn", text: setup)) == .completed) }
    return (shell, recorder, console)
  }

  /// The statement of `text`, parsed.
  func statement(_ text: String) throws -> Statement {
    let parsed = Parser.parse(SourceText(name: "t.nn", text: text))
    return try #require(parsed.statements.first)
  }

  /// The notes' 2-3-4-1 network with hand-set parameters after forward and backward:
  /// Tests/Scripts/teaching/notes_example.nn up to its `gradcheck`.
  var notesNetwork: String {
    get throws { try golden("teaching/notes_example", lines: 1...33, ext: "nn").joined(separator: "\n") }
  }

  /// Lines `range` (1-based, inclusive) of a golden script's expected output (or of
  /// the script itself).
  func golden(_ name: String, lines range: ClosedRange<Int>, ext: String = "out") throws -> [String] {
    let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Scripts")
    let text = try String(contentsOf: scripts.appendingPathComponent(name + "." + ext), encoding: .utf8)
    return Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[(range.lowerBound - 1)..<range.upperBound])
  }

  /// `count` lines of a golden file from the first that starts with `prefix` (so that a
  /// new statement in the help overview does not move what a test compares).
  func golden(_ name: String, from prefix: String, count: Int) throws -> [String] {
    let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Scripts")
    let all = try String(contentsOf: scripts.appendingPathComponent(name + ".out"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = all.firstIndex(where: { $0.hasPrefix(prefix) }), start + count <= all.count else { return [] }
    return Array(all[start..<(start + count)])
  }

  /// Text of `output` as the text renderer writes it.
  func text(_ output: Output) throws -> String {
    let console = CapturingConsole()
    try TextRenderer(console: console).render(output)
    return console.output
  }

  @Test func showReturnsTheValueWithItsNameAndNotation() throws {
    let (shell, _, _) = session(try notesNetwork)
    let result = try shell.result(of: try statement("show W1"))
    guard case .value(let v) = result else {
      Issue.record("show W1 gave \(String(describing: result))")
      return
    }
    #expect(v.name == "W1")
    #expect(v.notation == "W[1]")
    #expect(v.matrix == shell.network.layers[0].W)
    #expect(try text(.value(v)) == "W[1] (3×2)\n    1 -1\n  0.5  2\n   -1  0\n")
    // A variable named like a parameter keeps its own name; an expression is `ans`.
    guard case .value(let sum) = try shell.result(of: try statement("W1 + 1")) else {
      Issue.record("W1 + 1 gave no value")
      return
    }
    #expect(sum.name == "ans" && sum.notation == "ans")
  }

  @Test func showDigitsIsKeptWithTheValue() throws {
    let (shell, recorder, console) = session("let p = 2.718281828")
    #expect(shell.run(SourceText(name: "t.nn", text: "show p digits=8\np")) == .completed)
    #expect(recorder.outputs.count == 2)
    guard case .value(let v) = recorder.outputs.first else {
      Issue.record("no value")
      return
    }
    #expect(v.format.digits == 8)
    #expect(console.output == "p = 2.7182818\np = 2.718\n")
  }

  @Test func trainReportsEpochsByEventsAndEndsWithAReport() throws {
    let (shell, recorder, console) = session(
      "seed 1\ndata iris\nsplit 0.8\nnormalize standard\nnet\nlayer dense 8 relu\nlayer dense 3 softmax\nloss ce")
    let before = console.output
    #expect(shell.run(SourceText(name: "t.nn", text: "train epochs=60 batch=16 lr=0.1 report=20")) == .completed)
    var epochs: [Int] = []
    var began = 0, ended = 0, batches = 0
    for event in recorder.events {
      switch event {
      case .trainingBegan(let n, let samples, _):
        #expect(n == 60 && samples == 120)
        began += 1
      case .trainingEpoch(let epoch, _, let accuracy, let testLoss, _, _):
        epochs.append(epoch)
        #expect(accuracy != nil && testLoss != nil)
      case .trainingBatch: batches += 1
      case .trainingEnded: ended += 1
      case .iteration, .gradcheckEntries: break
      }
    }
    #expect(began == 1 && ended == 1)
    #expect(epochs == [20, 40, 60])
    #expect(batches == 0)  // nothing draws them in a pipe, so none are sent
    guard case .training(let report) = recorder.outputs.last else {
      Issue.record("train gave \(String(describing: recorder.outputs.last))")
      return
    }
    #expect(report.epochs == 60 && report.samples == 120 && report.batch == 16)
    #expect(report.losses.count == 60)
    #expect(report.losses == Array(shell.lossHistory.suffix(60)))
    #expect(try #require(report.accuracy) > 0.9)
    // The same text as the golden script (data/data_iris.out), the time masked.
    let lines = String(console.output.dropFirst(before.count)).split(separator: "\n").map(String.init)
    let expected = try golden("data/data_iris", lines: 12...15)
    #expect(Array(lines.prefix(3)) == Array(expected.prefix(3)))
    let timed = try #require(lines.last)
    #expect(timed.hasPrefix(try #require(expected.last?.components(separatedBy: " in <time>").first)))
    #expect(TextRenderer.line(report) == timed)
  }

  @Test func quietTrainingReturnsNothingAndSendsNoEpochs() throws {
    let (shell, recorder, console) = session("seed 1\ndata xor n=40\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce")
    let outputs = recorder.outputs.count
    #expect(try shell.result(of: try statement("train epochs=5 quiet=yes")) == nil)
    #expect(recorder.outputs.count == outputs)
    #expect(!recorder.events.contains { if case .trainingEpoch = $0 { true } else { false } })
    #expect(!console.output.contains("epoch"))
  }

  @Test func liveProgressIsDrawnInPlaceAndCleared() throws {
    let (shell, recorder, console) = session("seed 1\ndata xor n=40\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce")
    console.isInteractive = true
    let before = console.output.count
    #expect(shell.run(SourceText(name: "t.nn", text: "train epochs=3 batch=8")) == .completed)
    let batches = recorder.events.filter { if case .trainingBatch = $0 { true } else { false } }
    #expect(batches.count == 15)  // 5 batches of 8 in each of 3 epochs
    let written = String(console.output.dropFirst(before))
    // The last batch is always drawn, then the line is cleared before the report.
    #expect(written.hasPrefix("\repoch 1/3 "))
    #expect(written.contains("batch 5/5"))
    #expect(written.contains(ANSI.clearLine + "\r" + ANSI.clearLine + "trained 3 epochs of 40 samples"))
    #expect(!written.contains("epoch 1/3  loss"))  // no plain lines on a terminal
  }

  @Test func gradcheckReturnsATableOfParameters() throws {
    let (shell, recorder, _) = session(try notesNetwork)
    let result = try shell.result(of: try statement("gradcheck"))
    guard case .gradcheck(let report) = result else {
      Issue.record("gradcheck gave \(String(describing: result))")
      return
    }
    #expect(report.rows.map(\.notation) == ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"])
    #expect(report.rows.map(\.entries) == [6, 3, 12, 4, 4, 1])
    #expect(report.rows.map(\.verdict) == [.pass, .pass, .fail, .fail, .pass, .pass])
    #expect(report.passed == false)
    #expect(report.notes.count == 2)
    #expect(report.directional != nil)
    // Progress: one event before each of the 30 entries.
    let checked = recorder.events.compactMap { if case .gradcheckEntries(let k, 30) = $0 { k } else { nil } }
    #expect(checked == Array(0..<30))
    // Rendered, it is the golden script's text (teaching/notes_example.out).
    #expect(try text(result!) == (try golden("teaching/notes_example", lines: 69...80)).joined(separator: "\n") + "\n")
  }

  @Test func statementsInsideABlockBuildNoResults() throws {
    let (shell, recorder, console) = session(try notesNetwork)
    let outputs = recorder.outputs.count
    #expect(shell.run(SourceText(name: "t.nn", text: "repeat 3 { forward; backward; step lr=0.001; zerograd }")) == .completed)
    #expect(recorder.outputs.count == outputs)
    let iterations = recorder.events.compactMap { if case .iteration(let i, let n) = $0 { (i, n) } else { nil } }
    #expect(iterations.map(\.0) == [1, 2, 3] && iterations.allSatisfy { $0.1 == 3 })
    #expect(try shell.result(of: try statement("zerograd")) != nil)
    #expect(console.errors.isEmpty)
  }

  @Test func aPictureIsMadeWhenItIsRendered() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-results-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (shell, _, _) = session(try notesNetwork)
    let path = dir + "/net.svg"
    let result = try shell.result(of: try statement("draw net to \"\(path)\""))
    guard case .picture(let picture) = result else {
      Issue.record("draw gave \(String(describing: result))")
      return
    }
    #expect(picture.file?.path == path)
    #expect(!FileManager.default.fileExists(atPath: path))  // the renderer writes it
    let said = try text(result!)
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(said.hasPrefix("draw net: wrote \(path) (SVG, "))
    // On a terminal the same statement gives lines.
    let drawn = try text(try #require(try shell.result(of: try statement("draw net ascii=yes"))))
    #expect(drawn.contains("network 2-3-4-1: 30 parameters, loss mse"))
  }

  @Test func tablesAlignTheirColumns() {
    var table = Table(rows: [["", "a", "bb"], ["a", "1", "10"], ["bb", "100", "2"]], alignments: [.left, .right, .right])
    #expect(TextRenderer.lines(table) == ["       a bb", "  a    1 10", "  bb 100  2"])
    table.equalWidths = true
    table.indent = ""
    table.rulesAfter = [0]
    #expect(TextRenderer.lines(table) == ["      a  bb", "───────────", "a     1  10", "bb  100   2"])
  }
}
