import NNEngine

/// The data sets built into nnsh: `data xor`, `data spiral n=300 noise=0.1`, `data iris`.
///
/// | name   | inputs | outputs | made of |
/// |--------|--------|---------|---------|
/// | xor    | 2 | 2 classes | clusters at the corners of the unit square, XOR labels |
/// | circle | 2 | 2 classes | a disc (class 1) inside a ring (class 0) |
/// | gauss  | 2 | k classes | Gaussian blobs (`classes=`, default 2) |
/// | spiral | 2 | k classes | interleaved spiral arms (`classes=`, default 2) |
/// | moons  | 2 | 2 classes | two interleaving half circles |
/// | sine   | 1 | 1 value   | y = sin(x) + noise, x in [−π, π] (regression) |
/// | iris   | 4 | 3 classes | Fisher's 150 irises (setosa, versicolor, virginica) |
/// | digits | 64 | 10 classes | 1 797 8×8 handwritten digits, pixels 0–16 |
///
/// The generated sets take `n` (samples, default 200), `noise` (the standard deviation
/// of the Gaussian jitter, a small default per set) and, for gauss and spiral, `classes`.
/// Every random number comes from the given `RandomGenerator`, so `seed 42; data spiral`
/// gives the same points every time. iris and digits are read with `CSVReader` from the
/// CSV files shipped with nnsh (target = last column) and take no options.
///
///     var g = RandomGenerator(seed: 42)
///     let d = try BuiltinDataset.make(.spiral, n: 300, noise: 0.1, classes: 3, generator: &g)
///     d.X.shape   // 2×300
public enum BuiltinDataset: String, CaseIterable, Sendable {
  case xor, circle, gauss, spiral, moons, sine, iris, digits

  /// The largest `n` accepted.
  public static let maxSamples = 1_000_000
  /// The largest `classes` accepted (gauss, spiral).
  public static let maxClasses = 100

  /// One line for `help data`.
  public var summary: String {
    switch self {
    case .xor: return "2 inputs, 2 classes: noisy corners of the unit square labelled by XOR"
    case .circle: return "2 inputs, 2 classes: a disc (1) inside a ring (0)"
    case .gauss: return "2 inputs, classes=k (default 2): Gaussian blobs"
    case .spiral: return "2 inputs, classes=k (default 2): interleaved spiral arms"
    case .moons: return "2 inputs, 2 classes: two interleaving half circles"
    case .sine: return "1 input, 1 output (regression): y = sin(x) + noise"
    case .iris: return "4 inputs, 3 classes: Fisher's 150 irises"
    case .digits: return "64 inputs, 10 classes: 1797 handwritten 8×8 digits"
    }
  }

  /// True for the sets read from files (no `n`, `noise` or `classes`).
  public var isFixed: Bool { self == .iris || self == .digits }

  /// The default number of samples of a generated set.
  public var defaultCount: Int { 200 }

  /// The default noise (standard deviation of the jitter) of a generated set.
  public var defaultNoise: Double {
    switch self {
    case .xor: return 0.1
    case .circle: return 0.05
    case .gauss: return 0.25
    case .spiral: return 0.05
    case .moons: return 0.1
    case .sine: return 0.1
    case .iris, .digits: return 0
    }
  }

  /// Builds a data set; nil options take their defaults. Throws for options out of range
  /// (n outside 1…1 000 000 or smaller than the number of classes, negative noise,
  /// classes < 2) or options the set does not take.
  public static func make(
    _ kind: BuiltinDataset, n: Int? = nil, noise: Double? = nil, classes: Int? = nil,
    generator: inout RandomGenerator
  ) throws -> Dataset {
    if kind.isFixed {
      let given = [n == nil ? nil : "n=", noise == nil ? nil : "noise=", classes == nil ? nil : "classes="]
        .compactMap { $0 }
      guard given.isEmpty else {
        throw DataError.invalidOption(
          "\(kind.rawValue) is a fixed data set: \(given.joined(separator: ", ")) does not apply")
      }
      return try kind == .iris ? iris() : digits()
    }

    let count = n ?? kind.defaultCount
    guard count >= 1, count <= maxSamples else {
      throw DataError.invalidOption("n must be between 1 and \(maxSamples) (got \(count))")
    }
    let sigma = noise ?? kind.defaultNoise
    guard sigma.isFinite, sigma >= 0 else {
      throw DataError.invalidOption("noise must be 0 or more (got \(sigma))")
    }
    let k: Int
    switch kind {
    case .gauss, .spiral:
      k = classes ?? 2
      guard k >= 2, k <= maxClasses else {
        throw DataError.invalidOption("classes must be between 2 and \(maxClasses) (got \(k))")
      }
    case .sine:
      guard classes == nil else {
        throw DataError.invalidOption("sine is a regression data set: classes= does not apply")
      }
      k = 0
    default:
      k = 2
      if let c = classes, c != 2 {
        throw DataError.invalidOption("\(kind.rawValue) has exactly 2 classes (got classes=\(c))")
      }
    }
    guard count >= k else {
      throw DataError.invalidOption("n=\(count) is fewer than the \(k) classes")
    }

    if kind == .sine {
      let (x, y) = ToyDatasets.sine(n: count, noise: sigma, generator: &generator)
      return try Dataset(
        name: "sine", X: Matrix(rows: 1, cols: count, columnMajor: x),
        Y: Matrix(rows: 1, cols: count, columnMajor: y), featureNames: ["x"])
    }
    let points: ToyDatasets.Points
    switch kind {
    case .xor: points = ToyDatasets.xor(n: count, noise: sigma, generator: &generator)
    case .circle: points = ToyDatasets.circle(n: count, noise: sigma, generator: &generator)
    case .gauss: points = ToyDatasets.gauss(n: count, noise: sigma, classes: k, generator: &generator)
    case .spiral: points = ToyDatasets.spiral(n: count, noise: sigma, classes: k, generator: &generator)
    default: points = ToyDatasets.moons(n: count, noise: sigma, generator: &generator)
    }
    return try Dataset(
      name: kind.rawValue, X: Matrix(rows: 2, cols: count, columnMajor: points.x),
      Y: Dataset.oneHot(points.labels, classCount: k), featureNames: ["x1", "x2"],
      classNames: (0..<k).map(String.init))
  }

  /// Fisher's iris: 150 samples, 4 measurements in cm, 3 species.
  static func iris() throws -> Dataset {
    var d = try CSVReader.read(path: BundledResources.path(of: "iris.csv"), target: nil)
    d.name = "iris"
    (d.source, d.sourceRows) = (nil, nil)  // shipped inside nnsh, not a file of the user's: export torch writes it out
    return d
  }

  /// The UCI/scikit-learn handwritten digits: 1797 samples of 8×8 pixels valued 0–16.
  static func digits() throws -> Dataset {
    var d = try CSVReader.read(path: BundledResources.path(of: "digits.csv"), target: nil)
    d.name = "digits"
    (d.source, d.sourceRows) = (nil, nil)  // shipped inside nnsh, not a file of the user's: export torch writes it out
    return d
  }
}
