import Testing

@testable import NNShell

/// `backward explain` is `backward` watched node by node: the same gradients, and in
/// `nnsh learn` (statements echoed, an interactive console) one pause between nodes.
@Suite("backward explain")
struct BackwardExplainTests {
  static let network = """
    seed 42
    net
    layer dense 2 -> 3 relu
    layer dense 4 relu
    layer dense 1
    forward x=[1; 2] y=[2]
    """

  @Test("in a lesson it waits for Enter between its 12 steps, and not after the last")
  func pausesBetweenNodes() {
    let console = CapturingConsole()
    console.isInteractive = true
    console.input = Array(repeating: "", count: 20)
    let shell = Interpreter(console: console)
    shell.echoStatements = true
    #expect(shell.run(SourceText(name: "t.nn", text: Self.network + "\nbackward explain")) == .completed, "\(console.errors)")
    #expect(console.input.count == 20 - 11)
    let output = console.output
    #expect(output.components(separatedBy: "(press Enter to continue)").count - 1 == 11)
    // Each wait comes after one step and before the next.
    guard let first = output.range(of: "step 1 of 12"), let wait = output.range(of: "(press Enter to continue)"),
      let second = output.range(of: "step 2 of 12"), let last = output.range(of: "step 12 of 12")
    else {
      Issue.record("missing steps: \(output)")
      return
    }
    #expect(first.upperBound < wait.lowerBound && wait.upperBound <= second.lowerBound)
    #expect(!output[last.upperBound...].contains("(press Enter"))
  }

  @Test("outside a lesson it never waits, and its gradients are backward's")
  func sameGradients() {
    let console = CapturingConsole()
    console.isInteractive = true
    console.input = ["", ""]
    let shell = Interpreter(console: console)
    let script = Self.network + """

      backward explain
      let g1 = dW1; let g2 = dW2; let g3 = dW3; let c2 = db2; let d1 = da1
      backward
      assert dW1 == g1 tol=0
      assert dW2 == g2 tol=0
      assert dW3 == g3 tol=0
      assert db2 == c2 tol=0
      assert da1 == d1 tol=0
      """
    #expect(shell.run(SourceText(name: "t.nn", text: script)) == .completed, "\(console.errors)")
    #expect(console.input.count == 2)
  }

  @Test("the fused softmax + ce output and a batch of columns")
  func fusedBatch() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let script = """
      seed 3
      data xor n=8
      net
      layer dense 2 -> 3 tanh
      layer dense 2 softmax
      loss ce
      forward batch 1..4
      backward explain
      """
    #expect(shell.run(SourceText(name: "t.nn", text: script)) == .completed, "\(console.errors)")
    #expect(console.output.contains("step 2 of 8: ∂J/∂z[2], through the output activation and the loss together"))
    #expect(console.output.contains("∂J/∂z[1] = ∂J/∂a[1] ⊙ tanh′(z[1])"))
  }

  @Test("before a forward pass with targets it fails and changes nothing")
  func needsForward() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: "net; layer dense 2 -> 1; backward explain")) == .failed)
    #expect(console.errors.contains("backward needs a forward pass with targets y first"))
    #expect(shell.run(SourceText(name: "t.nn", text: "dW1")) == .failed)
    #expect(console.errors.contains("dW1 has no value yet: run backward first"))
  }
}
