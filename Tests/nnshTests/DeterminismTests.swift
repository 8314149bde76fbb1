import Foundation
import Testing

/// The same script with the same seed prints the same numbers on every run (with the one
/// BLAS thread `scripts/test` and `BinaryRunner` set): initialisation, data sets, splits,
/// shuffles and sampling all draw from nnsh's own seeded generator, and the sums are
/// done in one order. (README: "Determinism" says what may differ with more threads.)
@Suite struct DeterminismTests {
  static let script = """
    seed 7
    data spiral n=300 noise=0.2 classes=3
    split 0.8
    normalize standard
    shuffle
    net
    layer dense 2 -> 32 relu
    layer dense 32 -> 32 tanh
    layer dense 3 softmax
    loss ce
    optimizer adam lr=0.01
    train epochs=30 batch=16 report=10
    evaluate
    format digits=17
    show W3 b3
    sample
    forward
    backward
    show dW1[1..3, :]
    gradcheck
    let r = randn(3, 3)
    show r
    repeat 20 { sample; forward; backward; step lr=0.05 }
    show J
    """

  @Test func theSameScriptPrintsTheSameNumbersTwice() throws {
    let first = try BinaryRunner.run(["-c", Self.script])
    let second = try BinaryRunner.run(["-c", Self.script])
    #expect(first.status == 0, "\(first.stderr)")
    let a = GoldenScriptTests.masked(first.stdout), b = GoldenScriptTests.masked(second.stdout)
    #expect(a.contains("W[3]"), "\(a.prefix(2000))")
    #expect(a == b, "two runs of the same script differ")
    #expect(first.stderr == second.stderr)
  }
}
