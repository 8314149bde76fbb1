/// The project's own seeded generator: xoshiro256** seeded through SplitMix64.
///
/// Every random choice in nnsh (initial weights, shuffling, sampling, data sets) draws
/// from one of these, so `seed 42` gives bit-identical numbers on every run and machine —
/// the integer algorithms are exact and the floating-point steps of the common paths are
/// IEEE 754 operations (conversion, multiplication, addition), correctly rounded
/// everywhere. (Swift's `SystemRandomNumberGenerator` cannot be seeded, and Foundation's
/// generators differ between platforms.)
///
///     var g = RandomGenerator(seed: 42)
///     g.uniform()      // in [0, 1)
///     g.normal()       // standard normal (ziggurat, RandomGenerator+Normal.swift)
///     g.index(below: 10)
///     g.fillNormal(buffer)   // many at once (RandomGenerator+Bulk.swift)
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  /// The four words of xoshiro256**.
  typealias Words = (UInt64, UInt64, UInt64, UInt64)

  var s: Words
  /// A normal left over from a checkpoint written before issue 18, when nnsh's Box–Muller
  /// transform made normals in pairs; the next normal is this one. The ziggurat never
  /// leaves one, so for a generator seeded by this version it is always nil.
  var spareNormal: Double? = nil

  public init(seed: UInt64) {
    var x = seed
    func splitmix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitmix(), splitmix(), splitmix(), splitmix())
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// One step of xoshiro256** on a copy of the state: the bulk fills keep the four words
  /// in registers this way and store them back once.
  @inline(__always)
  static func step(_ s: inout Words) -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  /// Uniform in [0, 1) from 64 random bits: the top 53, times 2⁻⁵³ (both exact).
  @inline(__always)
  static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) * 0x1.0p-53 }

  public mutating func next() -> UInt64 { RandomGenerator.step(&s) }

  /// Uniform in [0, 1), with 53 random bits.
  public mutating func uniform() -> Double {
    RandomGenerator.unit(next())
  }

  /// Uniform in [a, b): a + (b − a)·u.
  public mutating func uniform(_ a: Double, _ b: Double) -> Double {
    a + (b - a) * uniform()
  }

  /// Uniform integer in 0..<n (Lemire's unbiased method), n ≥ 1.
  public mutating func index(below n: Int) -> Int {
    Int(next(upperBound: UInt64(n)))
  }

  /// Shuffles in place (Fisher–Yates), the same way on every platform.
  public mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      a.swapAt(i, index(below: i + 1))
    }
  }
}

extension RandomGenerator {
  /// The whole state, to store and restore it (`save checkpoint`): the four xoshiro256**
  /// words and the spare normal, which is nil except in a generator restored from a
  /// checkpoint written before issue 18 (Box–Muller) that had one waiting.
  ///
  ///     let (words, spare) = g.state
  ///     RandomGenerator(state: words, spare: spare) == g   // true: the same numbers from now on
  public var state: (words: [UInt64], spare: Double?) { ([s.0, s.1, s.2, s.3], spareNormal) }

  /// The generator in a stored state; nil unless there are four words, not all zero (the
  /// one state xoshiro256** never leaves, which no seed gives). A spare (from an older
  /// checkpoint) is the next normal drawn, so training from such a checkpoint continues
  /// as it would have: its shuffles and dropout masks are uniform draws, unchanged.
  public init?(state words: [UInt64], spare: Double?) {
    guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
    s = (words[0], words[1], words[2], words[3])
    spareNormal = spare
  }
}

extension RandomGenerator: Equatable {
  /// Two generators are equal when they will give the same numbers from now on: the same
  /// xoshiro256** state and the same spare normal (so a test can tell whether anything
  /// drew from a generator, `normal()` included).
  public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
    a.s == b.s && a.spareNormal == b.spareNormal
  }
}
