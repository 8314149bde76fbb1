import Testing
@testable import NNEngine

/// NaN through activations and reductions, the scaled norm, and gradcheck's kink
/// detection (issue 13, items 10, 13, 14).
@Suite struct EngineNumericsTests {
  // MARK: NaN propagates (item 10)

  @Test func everyActivationPropagatesNaN() {
    for act in [Activation.relu, .leakyReLU(alpha: 0.1), .leakyReLU(alpha: 0), .sigmoid, .tanh, .linear] {
      #expect(act.value(.nan).isNaN, "\(act)(NaN)")
      #expect(act.derivative(.nan).isNaN || act == .linear, "\(act)′(NaN)")
      // The raw-buffer kernels, which training uses, agree with the scalar forms.
      let z = Matrix(uncheckedRows: 4, cols: 1, storage: [.nan, -2, 0, 3])
      let a = act.apply(z)
      #expect(a.storage[0].isNaN, "\(act) kernel")
      for k in 1..<4 { #expect(a.storage[k] == act.value(z.storage[k]), "\(act) kernel at \(z.storage[k])") }
      var dz = Matrix(zerosUnchecked: 4, 1)
      act.backward(z: z, a: a, da: Matrix(uncheckedRows: 4, cols: 1, storage: [1, 1, 1, 1]), into: &dz)
      #expect(dz.storage[0].isNaN || act == .linear, "\(act) backward kernel")  // linear: δz = δa
      if act != .sigmoid && act != .tanh {
        for k in 1..<4 { #expect(dz.storage[k] == act.derivative(z.storage[k]), "\(act)′ kernel at \(z.storage[k])") }
      }
    }
    let s = Activation.softmax.apply(Matrix(uncheckedRows: 2, cols: 1, storage: [1, .nan]))
    #expect(s.storage[0].isNaN && s.storage[1].isNaN)
  }

  @Test func reluKeepsItsValuesAwayFromNaN() {
    // relu(-0.0) is +0, relu of ±Inf is Inf and 0: nothing but NaN changed.
    #expect(Activation.relu.value(-0.0).sign == .plus)
    #expect(Activation.relu.value(.infinity) == .infinity)
    #expect(Activation.relu.value(-.infinity) == 0)
    #expect(Activation.relu.derivative(0) == 0 && Activation.relu.derivative(1e-300) == 1)
    #expect(Activation.leakyReLU(alpha: 0.1).derivative(-1) == 0.1)
  }

  @Test func aNaNInputGivesNaNOutputsAndLossThroughTheNetwork() throws {
    var net = try TestNetworks.make([2, 3, 1], hidden: .relu, output: .linear, loss: .mse)
    let x = Matrix(uncheckedRows: 2, cols: 1, storage: [.nan, 1])
    try net.forward(x, Matrix(scalar: 1))
    #expect(net.h?.storage[0].isNaN == true)
    #expect(net.J?.isNaN == true)
  }

  @Test func maxMinAndArgmaxReturnNaN() throws {
    #expect(Matrix.extremumIndex([1, .nan, 5], largest: true) == 1)
    #expect(Matrix.extremumIndex([.nan, 1, .nan], largest: false) == 0)
    #expect(Matrix.extremumIndex([1, 3, 2], largest: true) == 1)
    #expect(Matrix.extremumIndex([1, 3, 1], largest: false) == 0)
    let v = Variable(Matrix(uncheckedRows: 1, cols: 3, storage: [1, .nan, 3]))
    #expect(v.extremum(largest: true).value.scalar.isNaN)
    #expect(v.extremum(largest: false).value.scalar.isNaN)
  }

  // MARK: norm (item 14)

  @Test func normNeitherOverflowsNorUnderflows() {
    #expect(Matrix.euclideanNorm([3, 4]) == 5)
    #expect(Matrix.euclideanNorm([1e200, 1e200]) == 1e200 * 2.0.squareRoot())
    #expect(Matrix.euclideanNorm([3e-200, 4e-200]) == 5e-200)
    #expect(Matrix.euclideanNorm([3e-310, 4e-310]) == 5e-310)
    #expect(Matrix.euclideanNorm([1e308, 1e308]) == 1e308 * 2.0.squareRoot())
    #expect(Matrix.euclideanNorm([1.5e308, 1e308]) == .infinity)  // the true norm is beyond Double
    #expect(Matrix.euclideanNorm([0, 0]) == 0)
    #expect(Matrix.euclideanNorm([1, .infinity]) == .infinity)
    #expect(Matrix.euclideanNorm([.infinity, .nan]).isNaN)
    #expect(Matrix.euclideanNorm([1e-300]) == 1e-300)
    #expect(Matrix.euclideanNorm([-7]) == 7)
  }

  @Test func normInTheOrdinaryRangeIsThePlainSumBitForBit() {
    var g = RandomGenerator(seed: 3)
    for n in [1, 2, 7, 100] {
      let values = (0..<n).map { _ in g.normal() * 1e3 }
      var squares = 0.0
      for x in values { squares += x * x }
      #expect(Matrix.euclideanNorm(values) == squares.squareRoot())
    }
  }

  @Test func normOfMixedScalesKeepsTheLargeTerms() {
    // 1e200 and 1: the 1 is negligible, the result is 1e200 (not Inf, not 1).
    #expect(Matrix.euclideanNorm([1, 1e200]) == 1e200)
    #expect(Matrix.euclideanNorm([1e-200, 1e-170]) == 1e-170)
  }

  @Test func normGradientIsAOverNorm() throws {
    for (values, expected) in [
      ([3.0, 4.0], [0.6, 0.8]), ([3e200, 4e200], [0.6, 0.8]), ([3e-200, 4e-200], [0.6, 0.8]), ([0.0, 0.0], [0.0, 0.0]),
    ] {
      let a = Variable(Matrix(uncheckedRows: 1, cols: 2, storage: values))
      let g = try Variable.gradients(of: a.norm, wrt: [a])[0]
      for k in 0..<2 { #expect(Swift.abs(g.storage[k] - expected[k]) <= 1e-15, "\(values)") }
    }
  }

  // MARK: gradcheck's kinks (item 13)

  /// 1 → 1 relu → 1: z1 = 5e-6 is more than h = 1e-6 from the kink, but perturbing W1
  /// by h moves it by h·x = 1.6e-5, across 0. b1's perturbation (h) does not cross.
  @Test func kinkCrossingsAreFoundFromTheMovedPasses() throws {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 1, outputs: 1, activation: .relu))
    try net.append(Dense(inputs: 1, outputs: 1))
    try net.setParameters(layer: 1, W: Matrix(scalar: 0), b: Matrix(scalar: 5e-6))
    try net.setParameters(layer: 2, W: Matrix(scalar: 1), b: Matrix(scalar: 0))
    let x = Matrix(scalar: 16), y = Matrix(scalar: 1)
    var report = try GradientCheck.entries(net, x: x, y: y)
    #expect(report.parameters[0].relativeError > 1e-3)  // W1 fails
    for p in report.parameters.indices {
      try GradientCheck.markKinks(&report.parameters[p], net, x: x, y: y)
    }
    #expect(report.parameters[0].entries[0].kink == GradientCheck.Kink(layer: 1, row: 1, sample: 1))
    #expect(report.parameters[1].kinkEntries.isEmpty)  // b1 ± h stays on z > 0
    #expect(report.parameters[2].kinkEntries.isEmpty)
    #expect(report.parameters[3].kinkEntries.isEmpty)
  }

  @Test func kinksDownstreamOfThePerturbedLayerAreFoundToo() throws {
    // Layer 1 is tanh (no kink); perturbing W1 moves z2 (relu) across 0.
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 1, outputs: 1, activation: .tanh))
    try net.append(Dense(inputs: 1, outputs: 1, activation: .relu))
    try net.setParameters(layer: 1, W: Matrix(scalar: 0), b: Matrix(scalar: 0))
    try net.setParameters(layer: 2, W: Matrix(scalar: 1), b: Matrix(scalar: 0))
    var report = try GradientCheck.entries(net, x: Matrix(scalar: 16), y: Matrix(scalar: 1))
    try GradientCheck.markKinks(&report.parameters[0], net, x: Matrix(scalar: 16), y: Matrix(scalar: 1))
    #expect(report.parameters[0].entries[0].kink == GradientCheck.Kink(layer: 2, row: 1, sample: 1))
    #expect(report.parameters[0].relativeErrorAwayFromKinks == 0)  // no entry is left
  }
}
