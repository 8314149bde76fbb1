/// Many draws at once, for `rand`, `randn`, the initialisers, dropout masks and the data
/// sets: the generator's state is copied into locals for the loop and stored back once,
/// with no closure or generic call per element. Each fill gives exactly the numbers the
/// one-at-a-time calls would, in the same order (RandomGeneratorTests checks it):
///
///     fillNormal(b, scale: s)        b[k] = s · normal()
///     fillUniform(b, from: a, to: c) b[k] = a + (c − a) · uniform()
///     fillMask(b, keep: q)           b[k] = uniform() < q ? 1 : 0
///
///     var g = RandomGenerator(seed: 1)
///     var w = [Double](repeating: 0, count: 6)
///     w.withUnsafeMutableBufferPointer { g.fillNormal($0, scale: 0.5) }
extension RandomGenerator {
  /// Fills `buffer` with `scale` times standard normal draws (the ziggurat).
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>, scale: Double = 1) {
    guard let p = buffer.baseAddress, buffer.count > 0 else { return }
    var k = 0
    if let z = spareNormal {
      p[0] = scale * z
      spareNormal = nil
      k = 1
    }
    let n = buffer.count
    var t = s
    ZigguratTables.ki.withUnsafeBufferPointer { ki in
      ZigguratTables.wi.withUnsafeBufferPointer { wi in
        let ki = ki.baseAddress.unsafelyUnwrapped, wi = wi.baseAddress.unsafelyUnwrapped
        while k < n {
          p[k] = scale * RandomGenerator.ziggurat(&t, ki, wi)
          k += 1
        }
      }
    }
    s = t
  }

  /// Fills `buffer` with draws uniform in [a, b).
  public mutating func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>, from a: Double = 0, to b: Double = 1) {
    guard let p = buffer.baseAddress else { return }
    let width = b - a
    var t = s
    for k in 0..<buffer.count { p[k] = a + width * RandomGenerator.unit(RandomGenerator.step(&t)) }
    s = t
  }

  /// Fills `buffer` with a 0/1 mask: 1 with probability `keep` (a uniform draw below it).
  public mutating func fillMask<T: BinaryFloatingPoint>(_ buffer: UnsafeMutableBufferPointer<T>, keep: Double) {
    guard let p = buffer.baseAddress else { return }
    var t = s
    for k in 0..<buffer.count { p[k] = RandomGenerator.unit(RandomGenerator.step(&t)) < keep ? 1 : 0 }
    s = t
  }

  /// `count` values `scale` · N(0, 1), as an array.
  public mutating func normals(_ count: Int, scale: Double = 1) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { b, n in
      fillNormal(b, scale: scale)
      n = count
    }
  }

  /// `count` values uniform in [a, b), as an array.
  public mutating func uniforms(_ count: Int, from a: Double = 0, to b: Double = 1) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { b2, n in
      fillUniform(b2, from: a, to: b)
      n = count
    }
  }

  /// Fills a matrix (column-major order) with `scale` · N(0, 1).
  public mutating func fillNormal(_ m: inout Matrix, scale: Double = 1) {
    m.storage.withUnsafeMutableBufferPointer { fillNormal($0, scale: scale) }
  }

  /// Fills a matrix (column-major order) with draws uniform in [a, b).
  public mutating func fillUniform(_ m: inout Matrix, from a: Double = 0, to b: Double = 1) {
    m.storage.withUnsafeMutableBufferPointer { fillUniform($0, from: a, to: b) }
  }
}
