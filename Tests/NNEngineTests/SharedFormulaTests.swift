#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Testing
@testable import NNEngine

/// The formulas that exist once: argmax per column, the stable exponentials of a column
/// (log-sum-exp, softmax) and the probability-loss gradient.
@Suite struct SharedFormulaTests {
  @Test func argmaxPerColumnTakesTheFirstMaximumAndANaN() throws {
    let m = try Matrix(rowsOf: [[1, 5, 2, .nan], [3, 2, 2, 9]])
    #expect(m.argmaxPerColumn == [1, 0, 0, 0])
    #expect(try Matrix(rowsOf: [[1, 2], [.nan, 0]]).argmaxPerColumn == [1, 0])
  }

  @Test func columnExponentialsAreStable() {
    let z: [Double] = [1000, 0, -1000, 1, 2, 3]
    z.withUnsafeBufferPointer { p in
      let e = ColumnExponentials(p.baseAddress!, 0..<3, storing: nil)
      #expect(e.max == 1000 && e.logSumExp == 1000)
      let f = ColumnExponentials(p.baseAddress!, 3..<6, storing: nil)
      #expect(abs(f.logSumExp - log(exp(1.0) + exp(2.0) + exp(3.0))) < 1e-15)
    }
    // Softmax and ce read the same sums: log softmax = z − log-sum-exp.
    let u = Matrix(uncheckedRows: 3, cols: 2, storage: z)
    let s = Activation.softmax.apply(u)
    let o = Matrix(uncheckedRows: 3, cols: 2, storage: [1, 0, 0, 0, 0, 1])
    let J = Loss.ce.valueUnchecked(u, o)
    #expect(abs(J - (-(log(s[0, 0]) + log(s[2, 1])) / 2)) < 1e-12)
  }

  /// The display of `dh` for a fused output and the autodiff graph through h use one formula.
  @Test func probabilityGradientIsTheGraphsAndTheDisplays() throws {
    for loss in [Loss.bce, .ce] {
      var net = Network(loss: loss)
      try net.append(Dense(inputs: 2, outputs: 2, activation: loss == .bce ? .sigmoid : .softmax))
      var g = RandomGenerator(seed: 3)
      Initializer.xavier.initialize(&net, using: &g)
      let x = try Matrix(rowsOf: [[0.5, -1], [2, 0.25]]), y = try Matrix(rowsOf: [[1, 0], [0, 1]])
      try net.forward(x, y)
      try net.backward()
      let h = Variable(net.a[0])
      let J = try h.probabilityLoss(loss, target: Variable(y))
      let dh = try Variable.gradients(of: J, wrt: [h])[0]
      #expect(dh.storage == net.da[0].storage)
      #expect(net.da[0].storage[0] == loss.probabilityGradient(net.a[0].storage[0], y.storage[0], seed: 1, scale: 0.5))
    }
  }
}
