import NNEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The generators of the small 2-D data sets (as in the TensorFlow Playground) and of the
/// 1-D regression set. Each draws only from the `RandomGenerator` it is given, in a fixed
/// order, so the same seed always gives the same points: first its uniform parameters (a
/// block of n per parameter: radii, then angles), then the 2n Gaussian jitters (x1, x2
/// of sample 0, then of sample 1, …), each block in one bulk fill
/// (`RandomGenerator+Bulk.swift`).
///
/// Samples are interleaved by class — sample i (0-based) belongs to class `i mod k` (for
/// xor: to corner `i mod 4`) — so the classes are balanced and every run of consecutive
/// samples (a mini-batch taken in order) holds all of them.
///
///     var g = RandomGenerator(seed: 1)
///     let (x, labels) = ToyDatasets.moons(n: 100, noise: 0.1, generator: &g)
enum ToyDatasets {
  /// Points and labels: `x` is column-major 2 × n (x1, x2 of sample j at 2j, 2j+1).
  typealias Points = (x: [Double], labels: [Int])

  /// XOR: clusters around the four corners of the unit square, labelled by the XOR of the
  /// corner's coordinates — (0,0) and (1,1) are class 0, (0,1) and (1,0) class 1. With
  /// `noise: 0` and n = 4 this is exactly the truth table of XOR; `noise` is the standard
  /// deviation of the Gaussian jitter around each corner.
  static func xor(n: Int, noise: Double, generator g: inout RandomGenerator) -> Points {
    var x = g.normals(2 * n, scale: noise), labels = [Int]()
    labels.reserveCapacity(n)
    for i in 0..<n {
      let a = Double(i % 4 / 2), b = Double(i % 2)  // corners (0,0) (0,1) (1,0) (1,1)
      x[2 * i] += a
      x[2 * i + 1] += b
      labels.append(Int(a) ^ Int(b))
    }
    return (x, labels)
  }

  /// Circle: class 1 is a disc of radius 0.5 around the origin, class 0 the ring between
  /// radii 0.7 and 1 around it (radius and angle uniform, as in the Playground), then
  /// Gaussian jitter of standard deviation `noise`.
  static func circle(n: Int, noise: Double, generator g: inout RandomGenerator) -> Points {
    let u = g.uniforms(n), angles = g.uniforms(n, from: 0, to: 2 * Double.pi)
    var x = g.normals(2 * n, scale: noise), labels = [Int]()
    labels.reserveCapacity(n)
    for i in 0..<n {
      let c = i % 2
      let r = c == 1 ? 0.5 * u[i] : 0.7 + (1.0 - 0.7) * u[i]  // U(0, 0.5) or U(0.7, 1)
      x[2 * i] += r * cos(angles[i])
      x[2 * i + 1] += r * sin(angles[i])
      labels.append(c)
    }
    return (x, labels)
  }

  /// Gaussian blobs: class c is centred on the unit circle at angle π/4 + 2πc/k (for two
  /// classes (0.71, 0.71) and (−0.71, −0.71)), with standard deviation `noise` per coordinate.
  static func gauss(n: Int, noise: Double, classes k: Int, generator g: inout RandomGenerator) -> Points {
    var x = g.normals(2 * n, scale: noise), labels = [Int]()
    labels.reserveCapacity(n)
    for i in 0..<n {
      let c = i % k
      let angle = Double.pi / 4 + 2 * Double.pi * Double(c) / Double(k)
      x[2 * i] += cos(angle)
      x[2 * i + 1] += sin(angle)
      labels.append(c)
    }
    return (x, labels)
  }

  /// Spirals: k arms winding 1.75 turns out of the origin (the Playground's spiral). The
  /// j-th of the m points of arm c sits at radius t = j/m and angle 3.5π·t + 2πc/k, with
  /// Gaussian jitter of standard deviation `noise`.
  static func spiral(n: Int, noise: Double, classes k: Int, generator g: inout RandomGenerator) -> Points {
    var x = g.normals(2 * n, scale: noise), labels = [Int]()
    labels.reserveCapacity(n)
    for i in 0..<n {
      let c = i % k
      let j = i / k
      let m = n / k + (c < n % k ? 1 : 0)  // points on arm c
      let t = Double(j) / Double(m)
      let angle = 1.75 * 2 * Double.pi * t + 2 * Double.pi * Double(c) / Double(k)
      x[2 * i] += t * sin(angle)
      x[2 * i + 1] += t * cos(angle)
      labels.append(c)
    }
    return (x, labels)
  }

  /// Two moons (scikit-learn's `make_moons`): class 0 is the upper half circle
  /// (cos t, sin t), class 1 the lower one (1 − cos t, 0.5 − sin t), t uniform in [0, π],
  /// with Gaussian jitter of standard deviation `noise`.
  static func moons(n: Int, noise: Double, generator g: inout RandomGenerator) -> Points {
    let ts = g.uniforms(n, from: 0, to: Double.pi)
    var x = g.normals(2 * n, scale: noise), labels = [Int]()
    labels.reserveCapacity(n)
    for i in 0..<n {
      let c = i % 2, t = ts[i]
      let (a, b) = c == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
      x[2 * i] += a
      x[2 * i + 1] += b
      labels.append(c)
    }
    return (x, labels)
  }

  /// Sine regression: x uniform in [−π, π], y = sin(x) + noise·N(0, 1).
  static func sine(n: Int, noise: Double, generator g: inout RandomGenerator) -> (x: [Double], y: [Double]) {
    let x = g.uniforms(n, from: -Double.pi, to: Double.pi)
    var y = g.normals(n, scale: noise)
    for i in 0..<n { y[i] += sin(x[i]) }
    return (x, y)
  }
}
