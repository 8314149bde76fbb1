import Foundation
import Testing

@testable import NNEngine

/// The seeded generator (`RandomGenerator`, `+Normal`, `+Bulk`): the ziggurat's normals
/// have the moments, distribution and tails of N(0, 1); the stream is pinned (a change of
/// algorithm shows here first); bulk fills give exactly the one-at-a-time numbers; the
/// state survives a round trip, an older checkpoint's spare normal included.
@Suite struct RandomGeneratorTests {
  /// Φ, the standard normal CDF.
  static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  static func draws(_ n: Int, seed: UInt64) -> [Double] {
    var g = RandomGenerator(seed: seed)
    return g.normals(n)
  }

  /// Mean, variance, skewness and excess kurtosis of 10⁶ draws, each within 5 standard
  /// errors of 0, 1, 0, 0 (√(1/n), √(2/n), √(6/n), √(24/n)).
  @Test func momentsOfAMillionDraws() {
    let n = 1_000_000
    let z = Self.draws(n, seed: 2024)
    var (s1, s2, s3, s4) = (0.0, 0.0, 0.0, 0.0)
    for v in z {
      let v2 = v * v
      s1 += v
      s2 += v2
      s3 += v2 * v
      s4 += v2 * v2
    }
    let N = Double(n)
    let mean = s1 / N, m2 = s2 / N - mean * mean
    let m3 = s3 / N - 3 * mean * s2 / N + 2 * mean * mean * mean
    let m4 = s4 / N - 4 * mean * s3 / N + 6 * mean * mean * s2 / N - 3 * mean * mean * mean * mean
    let skew = m3 / (m2 * m2.squareRoot()), kurtosis = m4 / (m2 * m2) - 3
    #expect(abs(mean) < 5 * (1 / N).squareRoot())
    #expect(abs(m2 - 1) < 5 * (2 / N).squareRoot())
    #expect(abs(skew) < 5 * (6 / N).squareRoot())
    #expect(abs(kurtosis) < 5 * (24 / N).squareRoot())
  }

  /// Kolmogorov–Smirnov against Φ with 10⁶ draws: √n·D below 1.63 (the 1% point).
  @Test func kolmogorovSmirnovAgainstPhi() {
    let n = 1_000_000
    let z = Self.draws(n, seed: 11).sorted()
    var d = 0.0
    for (i, v) in z.enumerated() {
      let f = Self.phi(v)
      d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f))
    }
    #expect(Double(n).squareRoot() * d < 1.63)
  }

  /// Chi-square over 64 bins of width 1/8 in [−4, 4] and the two tails (65 degrees of
  /// freedom; the 0.1% point is 104): the wedges and the layer edges have the right mass.
  @Test func chiSquareOfSixtySixBins() {
    let n = 1_000_000
    var counts = [Int](repeating: 0, count: 66)
    for v in Self.draws(n, seed: 5) {
      let bin = v < -4 ? 0 : v >= 4 ? 65 : 1 + Int(((v + 4) * 8).rounded(.down))
      counts[bin] += 1
    }
    var chi2 = 0.0
    for b in 0..<66 {
      let lo = b == 0 ? -Double.infinity : -4 + Double(b - 1) / 8
      let hi = b == 65 ? Double.infinity : -4 + Double(b) / 8
      let expected = Double(n) * (Self.phi(hi) - Self.phi(lo))
      chi2 += (Double(counts[b]) - expected) * (Double(counts[b]) - expected) / expected
    }
    #expect(chi2 < 104)
  }

  /// The fraction of 4·10⁶ draws beyond ±3, beyond ±r = 3.654… (the ziggurat's tail
  /// algorithm) and beyond ±4, each within 5 standard errors of 2(1 − Φ(t)); and both
  /// signs equally often out there.
  @Test func tails() {
    let n = 4_000_000
    let z = Self.draws(n, seed: 3)
    for t in [3.0, ZigguratTables.r, 4.0] {
      let p = 2 * (1 - Self.phi(t))
      let beyond = z.lazy.filter { abs($0) > t }.count
      let positive = z.lazy.filter { $0 > t }.count
      let sd = (Double(n) * p * (1 - p)).squareRoot()
      #expect(abs(Double(beyond) - Double(n) * p) < 5 * sd, "beyond ±\(t)")
      #expect(abs(Double(positive) - Double(beyond) / 2) < 5 * (Double(beyond) / 4).squareRoot(), "sign beyond \(t)")
    }
    #expect(z.allSatisfy { $0.isFinite && abs($0) < 7 })
  }

  /// The stream, pinned: seed 1's first normals and uniforms, seed 7's first draws from
  /// the tail, and the sum of seed 42's first 10⁵ normals (the same numbers came from an
  /// independent Python transcription of the algorithm and the committed tables).
  @Test func fixedSeedFirstValuesArePinned() {
    var g = RandomGenerator(seed: 1)
    #expect((0..<5).map { _ in g.normal() } == [
      1.2925862339498781, 0.42001920924726593, -0.40774016917377126, -0.23705252787626865, 0.8360510475153486,
    ])
    var u = RandomGenerator(seed: 1)
    #expect((0..<3).map { _ in u.uniform() } == [0.7029218331588505, 0.5204366199388569, 0.5741057000197225])
    let seven = Self.draws(10_000, seed: 7)
    #expect(seven[3785] == -3.6630694177599854 && seven[5669] == 3.8484781634687195 && seven[9519] == 3.9242102160450525)
    var sum = 0.0
    for v in Self.draws(100_000, seed: 42) { sum += v }
    #expect(sum == -357.1691359156548)
  }

  /// Each bulk fill gives the one-at-a-time numbers (10⁵ normals cross the wedges and the
  /// tail hundreds of times) and leaves the generator where they would.
  @Test func bulkEqualsOneAtATime() throws {
    var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
    let n = 100_000
    #expect(a.normals(n, scale: 0.25) == (0..<n).map { _ in 0.25 * b.normal() })
    #expect(a == b)
    #expect(a.uniforms(n, from: -2, to: 3) == (0..<n).map { _ in b.uniform(-2, 3) })
    #expect(a == b)
    var mask = [Double](repeating: -1, count: n)
    mask.withUnsafeMutableBufferPointer { a.fillMask($0, keep: 0.3) }
    #expect(mask == (0..<n).map { _ in b.uniform() < 0.3 ? 1 : 0 })
    #expect(a == b)
    var m = try Matrix(rows: 7, cols: 3)
    a.fillNormal(&m)
    #expect(Array(m.storage) == (0..<21).map { _ in b.normal() })
    let drawn = try Matrix(rows: 4, cols: 5, drawing: .uniform, from: &a)
    #expect(Array(drawn.storage) == (0..<20).map { _ in b.uniform() })
    #expect(a == b)
  }

  /// A matrix that cannot be made draws nothing.
  @Test func anImpossibleMatrixDrawsNothing() {
    var g = RandomGenerator(seed: 4)
    let before = g
    #expect(throws: EngineError.self) { try Matrix(rows: 0, cols: 3, drawing: .normal, from: &g) }
    #expect(g == before)
  }

  /// The state round trip: a restored generator gives the same numbers; the ziggurat
  /// leaves no spare; a spare from a checkpoint written before it (Box–Muller) is the next
  /// normal, in `normal()` and in a fill alike, and then the stream goes on as without it.
  @Test func checkpointStateRoundTrip() throws {
    var g = RandomGenerator(seed: 12)
    _ = g.normals(1001)
    let (words, spare) = g.state
    #expect(spare == nil)
    var back = try #require(RandomGenerator(state: words, spare: spare))
    #expect(back == g)
    #expect(back.normals(50) == g.normals(50) && back.uniform() == g.uniform())

    let old = try #require(RandomGenerator(state: words, spare: -0.625))
    var one = old, bulk = old, plain = try #require(RandomGenerator(state: words, spare: nil))
    #expect(old != plain)
    let first = one.normal()
    #expect(first == -0.625 && one == plain)
    #expect(bulk.normals(4, scale: 2) == [-1.25] + plain.normals(3, scale: 2))
    #expect(RandomGenerator(state: [0, 0, 0, 0], spare: nil) == nil)
    #expect(RandomGenerator(state: [1, 2, 3], spare: nil) == nil)
  }

  /// The committed tables are a ziggurat: every layer has the base strip's area v
  /// (x[i]·(f(x[i−1]) − f(x[i])) = v = q·f(r) to 1e-12), the edges rise, f is exp(−x²/2)
  /// at each edge, and ki[i] is 2⁵² x[i−1]/x[i].
  @Test func tablesAreAZiggurat() {
    let ki = ZigguratTables.ki, wi = ZigguratTables.wi, fi = ZigguratTables.fi
    #expect(ki.count == 256 && wi.count == 256 && fi.count == 256)
    let two52 = 0x1.0p52
    let v = wi[0] * two52 * fi[255]
    #expect(abs(v - 0.0049286732339746) < 1e-15)
    #expect(wi[255] * two52 == ZigguratTables.r)
    for i in 1..<256 {
      let x = wi[i] * two52
      #expect(abs(x * (fi[i - 1] - fi[i]) - v) < 1e-12 * v, "layer \(i)")
      #expect(abs(fi[i] - exp(-0.5 * x * x)) < 1e-15, "f at edge \(i)")
      if i > 1 {
        #expect(wi[i] > wi[i - 1])
        #expect(abs(Double(ki[i]) - two52 * wi[i - 1] / wi[i]) < 2, "ki[\(i)]")
      }
    }
    #expect(ki[1] == 0 && abs(Double(ki[0]) - ZigguratTables.r / wi[0]) < 2)
  }
}
