import Testing

@testable import NNEngine

/// Each activation and loss describes its own formulas (`explain` assembles its equations
/// from them), in the notes' notation and with values written in.
@Suite("Notation")
struct NotationTests {
  @Test func everyActivationNamesItselfAndItsDerivative() {
    for name in Activation.names {
      guard let g = Activation(name: name) else {
        Issue.record("no activation \(name)")
        continue
      }
      #expect(g.notation == name)
      #expect(g.derivativeNotation == name + "′")
      #expect(g.formula.hasPrefix("\(name)(z)"))
      #expect(g.scope == (g == .softmax ? "per column: e^zᵢ / Σⱼ e^zⱼ" : "elementwise"))
      #expect(g.isElementwise == (g != .softmax))
      #expect((g.backwardNotation("a", "δ") == nil) == g.isElementwise)
    }
    #expect(Activation.softmax.backwardNotation("s", "δ") == "s ⊙ (δ − 1 1ᵀ(s ⊙ δ))")
    #expect(Activation.softmax.jacobianNotation("s", "z") == "diag(s) − s sᵀ")
    #expect(Activation.tanh.jacobianNotation("a", "z[2]") == "diag(tanh′(z[2]))")
  }

  @Test func lossFormulasTakeTheirOperandsAsText() {
    #expect(Loss.mse.outputGradient("h", "y", batch: "B", fused: false) == "(h − y) / B")
    #expect(Loss.mse.outputGradient("[1; 2]", "[0; 1]", batch: "2", fused: false) == "([1; 2] − [0; 1]) / 2")
    #expect(Loss.bce.outputGradient("h", "y", batch: "B", fused: true) == "(h − y) / (h ⊙ (1 − h)) / B")
    #expect(Loss.ce.outputGradient("h", "y", batch: "B", fused: false) == "(softmax(h) − y) / B")
    #expect(Loss.ce.outputGradientNote(fused: false) == "h taken as logits")
    #expect(Loss.ce.outputGradientNote(fused: true) == nil && Loss.mse.outputGradientNote(fused: false) == nil)
    #expect(Loss.bce.logitGradient("z[2]", "y", batch: "B") == "(σ(z[2]) − y) / B")
    #expect(Loss.mse.logitGradient("h", "y", batch: "B") == nil)
    #expect(Loss.mse.substituted("0.5", "1", batch: "1") == "1/2 · 1/1 · Σ (0.5 − 1)²")
    #expect(Loss.ce.substituted("u", "y", batch: "4") == "ce(u, y)")
    #expect(Loss.bce.notation(logits: "z[3]", batch: 4).contains("(u = z[3]: computed from logits, stably)"))
    #expect(Loss.allCases.map(\.readsLogits) == [false, true, true])
  }
}
