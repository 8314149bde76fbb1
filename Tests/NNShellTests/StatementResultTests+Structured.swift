import Foundation
import Testing

@testable import NNEngine
@testable import NNShell

/// help, explain, predict, show data, pictures and diagnostics return values with their
/// parts (issue 14): a notebook can show them its own way, and the text renderer alone
/// lays them out, to the goldens' text.
extension StatementResultTests {
  /// The one result of `text` run after `setup`.
  func structured(_ text: String, after setup: String = "") throws -> (Output, Interpreter) {
    let (shell, _, _) = session(setup)
    return (try #require(try shell.result(of: try statement(text))), shell)
  }

  @Test func helpOnAStatementIsItsSpec() throws {
    let (result, _) = try structured("help train")
    guard case .help(.statement(let spec)) = result else {
      Issue.record("help train gave \(result)")
      return
    }
    #expect(spec.synopsis == "train epochs=N batch=B lr=α [l2=λ l1=λ clip=N patience=P min_delta=δ dtype=f32]")
    #expect(spec.options.starts(with: ["epochs", "batch", "lr"]))
    #expect(spec.example == "split 0.7 0.15; train epochs=200 lr=0.1 l2=0.001 clip=5 patience=10")
    #expect(try text(result) == (try golden("language/shell", from: "train epochs=", count: 4)).joined(separator: "\n") + "\n")
  }

  @Test func helpListsEveryStatementAndTopicsHaveEntries() throws {
    let (all, _) = try structured("help")
    guard case .help(.statements(let heading, let specs)) = all else {
      Issue.record("help gave \(all)")
      return
    }
    #expect(heading.hasPrefix("nnsh statements"))
    #expect(specs.map(\.kind.rawValue) == StatementKind.keywords)
    #expect(try text(all).hasPrefix((try golden("language/shell", lines: 1...3)).joined(separator: "\n") + "\n"))
    let (losses, _) = try structured("help losses")
    guard case .help(.topic(let topic)) = losses else {
      Issue.record("help losses gave \(losses)")
      return
    }
    #expect(topic.entries.map(\.term) == ["mse", "bce", "ce"])
    #expect(topic.entries.map(\.meaning) == Loss.allCases.map(\.formula))
    #expect(try text(losses) == (try golden("language/shell", from: "  mse  J", count: 3)).joined(separator: "\n") + "\n")
    // Activations are described by the engine's own notation.
    guard case .help(.topic(let activations)) = try structured("help activations").0 else {
      Issue.record("help activations gave no topic")
      return
    }
    #expect(activations.entries.map(\.term) == Activation.names)
    #expect(activations.entries.first { $0.term == "relu" }?.meaning.contains("relu′(z) = 1 if z > 0 else 0") == true)
  }

  /// The script of teaching/explain.nn up to its `explain` statements.
  var explainNetwork: String {
    get throws { try golden("teaching/explain", lines: 2...13, ext: "nn").joined(separator: "\n") }
  }

  @Test func explainIsAnEquationWithItsOperands() throws {
    let (result, shell) = try structured("explain z2", after: try explainNetwork)
    guard case .explanation(let e) = result else {
      Issue.record("explain z2 gave \(result)")
      return
    }
    #expect(e.title == "z[2]")
    #expect(e.formula == "W[2] a[1] + b[2]")
    #expect(e.shapes == "(4×3)(3×1) + (4×1) → 4×1")
    #expect(e.operands.map(\.name) == ["W[2]", "a[1]", "b[2]"])
    #expect(e.operands.map(\.value) == [shell.network.layers[1].W, shell.network.a[0], shell.network.layers[1].b])
    #expect(e.result == shell.network.z[1])
    #expect(e.substituted(["W", "a", "b"]) == "W a + b")
    #expect(try text(result) == (try golden("teaching/explain", lines: 9...12)).joined(separator: "\n") + "\n")
    // Too narrow for the numbers inline: each operand as a block, the same values.
    let narrow = TextRenderer.text(e, width: 40)
    #expect(narrow.contains("  with\n  W[2] (4×3)\n"))
    #expect(!narrow.contains("= [1 0 1;"))
  }

  @Test func explainTakesItsFormulasFromTheActivationAndTheLoss() throws {
    let setup = try explainNetwork
    func explanation(_ name: String) throws -> Explanation {
      guard case .explanation(let e) = try structured("explain \(name)", after: setup).0 else {
        throw ExplainFailure(name: name)
      }
      return e
    }
    let relu = Activation.relu
    #expect(try explanation("a1").formula == "\(relu.notation)(z[1])  (\(relu.scope))")
    #expect(try explanation("dz2").formula == "(W[3]ᵀ ∂J/∂z[3]) ⊙ \(relu.derivativeNotation)(z[2])")
    #expect(try explanation("J").formula == Loss.mse.notation(logits: "h", batch: 1))
    #expect(try explanation("dh").formula == Loss.mse.outputGradient("h", "y", batch: "B", fused: false) + "  with B = 1")
    // A classifier's output layer fused with its loss: ∂J/∂z[r] is the loss's logit gradient.
    let (fused, _) = try structured(
      "explain dz2", after: "seed 1\nnet\nlayer dense 2 -> 3 tanh\nlayer dense 2 softmax\nloss ce\nforward x=[1; 2] y=[0; 1]\nbackward")
    guard case .explanation(let e) = fused else {
      Issue.record("explain dz2 gave \(fused)")
      return
    }
    #expect(e.formula == Loss.ce.logitGradient("z[2]", "y", batch: "B"))
    #expect(e.formula == "(softmax(z[2]) − y) / B")
  }

  struct ExplainFailure: Error { var name: String }

  /// Softmax is not elementwise: explain once wrote ∂J/∂z = ∂J/∂h ⊙ softmax′(z) with
  /// softmax′ all ones, an equation its own numbers contradicted. Now the operands give
  /// the result: a ⊙ (∂J/∂a − 1 1ᵀ(a ⊙ ∂J/∂a)), for an output and a hidden layer.
  @Test(arguments: [
    ("net\nlayer dense 2 -> 2 softmax\nloss mse\nforward x=[1; 2] y=[0; 1]\nbackward", "h"),
    ("seed 1\nnet\nlayer dense 2 -> 3 softmax\nlayer dense 1\nforward x=[1 0; 2 1] y=[0 1]\nbackward", "a[1]"),
  ])
  func backpropagationThroughSoftmaxIsExplainedByItsJacobian(setup: String, a: String) throws {
    let (result, shell) = try structured("explain dz1", after: setup)
    guard case .explanation(let e) = result else {
      Issue.record("explain dz1 gave \(result)")
      return
    }
    #expect(e.formula == Activation.softmax.backwardNotation(a, "∂J/∂\(a)"))
    #expect(e.operands.map(\.name) == [a, "∂J/∂\(a)"])
    let s = e.operands[0].value, delta = e.operands[1].value
    #expect(s == shell.network.a[0] && delta == shell.network.da[0])
    var worst = 0.0
    for j in 0..<s.cols {
      let dot = (0..<s.rows).reduce(0.0) { $0 + s[$1, j] * delta[$1, j] }
      for i in 0..<s.rows { worst = max(worst, abs(s[i, j] * (delta[i, j] - dot) - e.result[i, j])) }
    }
    #expect(worst < 1e-12)
    #expect(e.result == shell.network.dz[0])
  }

  @Test func predictOfSeveralColumnsIsATable() throws {
    let (shell, recorder, console) = session(try golden("teaching/h13n_predict_probabilities", lines: 1...8, ext: "nn").joined(separator: "\n"))
    let before = console.output.count
    #expect(shell.run(SourceText(name: "t.nn", text: "predict [1 0; 0 1]")) == .completed)
    guard case .report(let parts) = recorder.outputs.last, case .table(let table) = parts.last else {
      Issue.record("predict gave \(String(describing: recorder.outputs.last))")
      return
    }
    #expect(table.rows.map { $0.prefix(2) } == [["sample", "class"], ["1", "1"], ["2", "1"]])
    #expect(table.rows[0][2] == "probability")
    #expect(table.alignments == [.right, .left, .right])
    let lines = String(console.output.dropFirst(before)).split(separator: "\n").map(String.init)
    #expect(Array(lines.suffix(3)) == (try golden("teaching/h13n_predict_probabilities", lines: 15...17)))
  }

  @Test func showDataIsTheSamplesLaidOutByTheRenderer() throws {
    let (result, _) = try structured("show data 3", after: "data iris")
    guard case .dataSample(let sample) = result else {
      Issue.record("show data gave \(result)")
      return
    }
    #expect(sample.dataset.name == "iris" && sample.count == 3 && sample.more == 147)
    let wide = try TextRenderer.text(sample, width: 100), narrow = try TextRenderer.text(sample, width: 40)
    #expect(wide.hasPrefix("data iris: samples 1–3 of 150, one per row\n"))
    #expect(wide.contains("petal_width") && !narrow.contains("petal_width"))
    #expect(narrow.contains("…") && narrow.hasSuffix("… 147 more\n"))
  }

  @Test func picturesAreLaidOutToTheRenderersWidthAndColour() throws {
    let (result, _) = try structured("plot W1", after: try explainNetwork)
    guard case .picture(let picture) = result else {
      Issue.record("plot W1 gave \(result)")
      return
    }
    #expect(picture.height == nil && !picture.ascii)
    func drawn(width: Int, color: Bool) throws -> [String] {
      let console = CapturingConsole()
      console.width = width
      console.useColor = color
      try TextRenderer(console: console).render(result)
      return console.output.split(separator: "\n").map(String.init)
    }
    let narrow = try drawn(width: 50, color: false), wide = try drawn(width: 120, color: false)
    #expect(narrow.allSatisfy { $0.count <= 50 })
    #expect(wide.map(\.count).max()! > narrow.map(\.count).max()!)
    #expect(!narrow.joined().contains("\u{1B}["))
    #expect(try drawn(width: 50, color: true).joined().contains("\u{1B}["))
    guard case .picture(let asked) = try structured("plot W1 height=5 ascii=yes", after: try explainNetwork).0 else {
      Issue.record("no picture")
      return
    }
    #expect(asked.height == 5 && asked.ascii)
  }

  @Test func warningsAndErrorsAreDiagnosticsRenderedToStandardError() throws {
    let name = "err_cat_nan_predict_parameters.nn"
    let script = try golden("errors/nan/err_cat_nan_predict_parameters", lines: 1...9, ext: "nn").joined(separator: "\n")
    let (shell, recorder, console) = session()
    #expect(shell.run(SourceText(name: name, text: script)) == .failed)
    let diagnostics = recorder.outputs.compactMap { if case .diagnostic(let d) = $0 { d } else { nil } }
    #expect(diagnostics.map(\.severity) == [.warning, .error])
    #expect(diagnostics.first?.message == "b2 has 2 infinite entries")
    #expect(diagnostics.map { $0.span?.start.line } == [9, 9])
    #expect(diagnostics.map { $0.span?.start.column } == [1, 1])
    #expect(diagnostics.first?.span.map { String($0.text) } == "predict [1; 0]")
    let expected = try golden("errors/nan/err_cat_nan_predict_parameters", lines: 1...6, ext: "err")
    #expect(console.errors == expected.joined(separator: "\n") + "\n")
    #expect(!console.output.contains("warning"))
  }

  @Test func anInterruptionIsAResult() throws {
    let (shell, recorder, console) = session("data digits")
    var polls = 0
    shell.shouldStop = {
      polls += 1
      return polls > 20
    }
    #expect(shell.run(SourceText(name: "t.nn", text: "show data 1797")) == .failed)
    #expect(recorder.outputs.contains { if case .interrupted("interrupted: show data stopped") = $0 { true } else { false } })
    #expect(console.errors == "interrupted: show data stopped\n")
  }

  @Test func syntaxErrorsAreDiagnosticsToo() throws {
    let (shell, recorder, console) = session()
    #expect(shell.run(SourceText(name: "t.nn", text: "let = 1\nlet x = (")) == .failed)
    let diagnostics = recorder.outputs.compactMap { if case .diagnostic(let d) = $0 { d } else { nil } }
    #expect(diagnostics.count == 2 && diagnostics.allSatisfy { $0.severity == .error })
    #expect(console.errors == diagnostics.map { $0.rendered() + "\n" }.joined())
  }
}
