import Testing
#if canImport(Glibc)
  import Glibc
#endif
@testable import NNEngine
@testable import NNShell

/// `explain` and `jacobian` show numbers that agree with finite differences.
@Suite struct ExplainTests {
  static let setup = """
    net
    layer dense 2 -> 3 relu
    layer dense 4 relu
    layer dense 1
    set W1 = [1 -1; 0.5 2; -1 0]
    set b1 = [0; 1; 0.5]
    set W2 = [1 0 1; 0 1 0; -1 1 0; 0.5 0.5 -2]
    set b2 = [0.1; -1; 0; 1]
    set W3 = [1 2 3 -1]
    set b3 = [0.5]
    forward x=[1; 2] y=[2]
    backward
    """

  func shell() -> (Interpreter, CapturingConsole) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: Self.setup))
    #expect(outcome == .completed, "\(console.errors)")
    return (shell, console)
  }

  /// Central differences of J with respect to every entry of W[l] (1-based).
  func numericGradient(_ net: Network, layer l: Int, x: Matrix, y: Matrix) throws -> Matrix {
    var g = net.layers[l - 1].W
    for k in 0..<g.count {
      var plus = net, minus = net
      plus.withLayers { $0[l - 1].W.storage[k] += 1e-6 }
      minus.withLayers { $0[l - 1].W.storage[k] -= 1e-6 }
      g.storage[k] = (try plus.lossValue(x, y) - minus.lossValue(x, y)) / 2e-6
    }
    return g
  }

  @Test func explainDW2ShowsTheChainAndFiniteDifferencesAgree() throws {
    let (shell, console) = shell()
    console.output = ""
    #expect(shell.run(SourceText(name: "t.nn", text: "explain dW2")) == .completed)
    #expect(console.output.hasPrefix("∂J/∂W[2] = ∂J/∂z[2] a[1]ᵀ\n"))
    #expect(console.output.contains("shapes: (4×1)(1×3) → 4×3"))
    let numeric = try numericGradient(shell.network, layer: 2, x: Matrix(column: [1, 2]), y: Matrix(column: [2]))
    let shown = shell.network.dW[1]
    for k in 0..<shown.count { #expect(abs(shown.storage[k] - numeric.storage[k]) < 1e-6) }
    // The result line is the same matrix, printed inline.
    #expect(console.output.contains("= " + ExpressionText.literal(shown, digits: 4)))
  }

  @Test func jacobianAgreesWithFiniteDifferences() throws {
    let (shell, console) = shell()
    console.output = ""
    #expect(shell.run(SourceText(name: "t.nn", text: "let v = [0.3; -0.2; 0.9]\nlet q = tanh(W2 * v) .* v[1]")) == .completed)
    let v = try #require(shell.variables["v"])
    let q = try #require(shell.variables["q"])
    let J = try Variable.jacobian(of: q, wrt: v)
    // f(v) = tanh(W2 v) · v₁, by central differences.
    let W2 = shell.network.layers[1].W
    func f(_ v: Matrix) throws -> Matrix { try (Matrix.product(W2, v)).map { tanh($0) }.map { $0 * v.storage[0] } }
    for j in 0..<3 {
      var plus = v.value, minus = v.value
      plus.storage[j] += 1e-6
      minus.storage[j] -= 1e-6
      let column = try (f(plus) - f(minus)).map { $0 / 2e-6 }
      for i in 0..<4 { #expect(abs(J[i, j] - column.storage[i]) < 1e-8) }
    }
    #expect(shell.run(SourceText(name: "t.nn", text: "jacobian q wrt v")) == .completed)
    #expect(console.output.hasPrefix("∂q/∂v (4×3)"))
  }

  @Test func explainUserExpressionSubstitutesValues() {
    let (shell, console) = shell()
    console.output = ""
    #expect(shell.run(SourceText(name: "t.nn", text: "let z = W1 * x + b1\nexplain z")) == .completed)
    #expect(console.output == """
      z = W[1] * x + b[1]
        shapes: W1 3×2, x 2×1, b1 3×1 → 3×1
        = [1 -1; 0.5 2; -1 0] * [1; 2] + [0; 1; 0.5]
        = [-1; 5.5; -0.5]

      """)
  }

  @Test func explainNeedsAValue() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: "net\nlayer dense 2 -> 1\nexplain z1")) == .failed)
    #expect(console.errors.contains("z1 has no value yet: run forward first"))
  }

  /// `explain` shows what was computed: a name re-bound since keeps its old value in the
  /// explanation, and the result is the variable's own value.
  @Test func explainShowsTheOperandsAsTheyWere() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: "let x1 = 2\nlet f = 3 * x1^2\nlet x1 = 5\nexplain f")) == .completed)
    #expect(console.output == """
      f = 3 * x1 ^ 2
        shapes: x1 1×1 → 1×1
        = 3 * 2 ^ 2
        = 12

      """)
  }

  /// A value drawn at random is explained with the numbers it drew, and none are drawn.
  @Test func explainOfARandomValueShowsItsNumbersAndDrawsNone() throws {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: "seed 1\nlet r = rand(1,2) * 2")) == .completed)
    let generator = shell.generator
    let r = try #require(shell.variables["r"]).value
    #expect(shell.run(SourceText(name: "t.nn", text: "explain r")) == .completed)
    #expect(console.output.hasSuffix("  = " + ExpressionText.literal(r, digits: 4) + "\n"), "\(console.output)")
    #expect(shell.generator == generator)
  }

  /// `explain` changes nothing in the session, whatever it explains.
  @Test(arguments: [
    "explain v", "explain rand(2,2)", "explain randn(3,1) + 1", "explain z1", "explain dW1", "explain J", "explain W1 * x",
    "explain x",
  ])
  func explainLeavesTheSessionAlone(_ statement: String) {
    let (shell, console) = StateAfterErrorTests().session()
    let before = StateAfterErrorTests.Snapshot(shell)
    let definitions = shell.definitions.keys.sorted()
    #expect(shell.run(SourceText(name: "t.nn", text: statement)) == .completed, "\(console.errors)")
    #expect(StateAfterErrorTests.Snapshot(shell) == before, "\(statement) changed the session")
    #expect(shell.definitions.keys.sorted() == definitions)
  }

  /// `sample` and `forward x=…` re-bind x, so `explain x` no longer shows an older `let x`.
  @Test func samplingAndForwardReplaceTheDefinitionOfX() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let setup = "seed 2\ndata xor\nnet\nlayer dense 2 -> 2\nlet x = [1; 2] * 2"
    #expect(shell.run(SourceText(name: "t.nn", text: setup)) == .completed)
    #expect(shell.definitions["x"] != nil)
    #expect(shell.run(SourceText(name: "t.nn", text: "sample")) == .completed)
    #expect(shell.definitions["x"] == nil)
    console.output = ""
    #expect(shell.run(SourceText(name: "t.nn", text: "explain x")) == .completed)
    #expect(console.output.hasPrefix("x is a given value"), "\(console.output)")
    #expect(shell.run(SourceText(name: "t.nn", text: "let x = [0; 0]\nforward sample 3")) == .completed)
    #expect(shell.definitions["x"] == nil)
    console.output = ""
    #expect(shell.run(SourceText(name: "t.nn", text: "let k = 1\nforward x=[3; 4] + k\nlet k = 7\nexplain x")) == .completed)
    #expect(console.output.hasSuffix("x = [3; 4] + k\n  shapes: k 1×1 → 2×1\n  = [3; 4] + 1\n  = [4; 5]\n"), "\(console.output)")
  }

  /// A definition keeps an operand larger than one value's history may keep by its shape
  /// alone, so it never holds a large old value alive.
  @Test func aLargeOperandIsKeptByItsShape() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let script = "limit memory=8M\nlet A = ones(400, 400)\nlet k = 3\nlet E = sum(A) * k\nlet A = 0\nexplain E"
    #expect(shell.run(SourceText(name: "t.nn", text: script)) == .completed, "\(console.errors)")
    #expect(shell.definitions["E"]?.operands.map { $0.value == nil } == [true, false])
    #expect(console.output.hasSuffix("  shapes: A 400×400, k 1×1 → 1×1\n  = sum(A (400×400, not kept)) * 3\n  = 4.8e+05\n"), "\(console.output)")
  }
}
