/// The activation functions g of the notes, `a = g(z)`, each with its derivative.
///
///     relu(z) = max(0, z)                 g′(z) = 1 if z > 0 else 0
///     leaky_relu(z) = z if z > 0 else αz  g′(z) = 1 if z > 0 else α
///     sigmoid(z) = 1 / (1 + e^(−z))       g′(z) = σ(z)(1 − σ(z))
///     tanh(z)                             g′(z) = 1 − tanh²(z)
///     softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)    (per column; its Jacobian is diag(s) − s sᵀ)
///
/// Elementwise activations have diagonal Jacobians, `∂a/∂z = diag(g′(z))`, which is why
/// backpropagation through them is a Hadamard product: `δz = δa ⊙ g′(z)`.
///
/// NaN propagates through every activation and every derivative, as in PyTorch
/// (`torch.relu(nan)` is nan): `relu(NaN) = NaN`, not 0, so a NaN input never yields a
/// finite h or J. The derivative at NaN is NaN too (PyTorch's relu backward would pass
/// δa through unchanged there); a gradient computed from NaN should look like one.
/// The relu family is written `z <= 0 ? 0 : z` (one compare and select, as fast as
/// `z > 0 ? z : 0`): NaN fails every comparison and so falls through to `z`.
public enum Activation: Equatable, Sendable, CustomStringConvertible {
  case linear
  case relu
  case leakyReLU(alpha: Double)
  case sigmoid
  case tanh
  case softmax

  /// The name as written in the language: `relu`, `leaky_relu`, ….
  public var name: String {
    switch self {
    case .linear: return "linear"
    case .relu: return "relu"
    case .leakyReLU: return "leaky_relu"
    case .sigmoid: return "sigmoid"
    case .tanh: return "tanh"
    case .softmax: return "softmax"
    }
  }

  public var description: String {
    if case .leakyReLU(let alpha) = self { return "leaky_relu(α=\(alpha))" }
    return name
  }

  /// Every activation name the language accepts.
  public static let names = ["linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"]

  /// The activation called `name`; `alpha` is leaky_relu's slope for z < 0.
  public init?(name: String, alpha: Double = 0.01) {
    switch name {
    case "linear", "identity", "none": self = .linear
    case "relu": self = .relu
    case "leaky_relu": self = .leakyReLU(alpha: alpha)
    case "sigmoid": self = .sigmoid
    case "tanh": self = .tanh
    case "softmax": self = .softmax
    default: return nil
    }
  }

  /// `g(z)` for one element (softmax is not elementwise: see `apply`).
  @inlinable
  public func value(_ z: Double) -> Double { elementValue(z) }

  /// `g(z)` in the pass's element type (`Scalar`): the one definition behind `value`.
  @inlinable
  func elementValue<T: Scalar>(_ z: T) -> T {
    switch self {
    case .linear, .softmax: return z
    case .relu: return z <= 0 ? 0 : z
    case .leakyReLU(let alpha): return z > 0 ? z : T(alpha) * z  // α·NaN is NaN
    case .sigmoid: return Activation.logistic(z)
    case .tanh: return T.tanh(z)
    }
  }

  /// `g′(z)` for one element (softmax excluded).
  @inlinable
  public func derivative(_ z: Double) -> Double {
    switch self {
    case .linear, .softmax: return 1
    case .relu: return z > 0 ? 1 : (z <= 0 ? 0 : z)
    case .leakyReLU(let alpha): return z > 0 ? 1 : (z <= 0 ? alpha : z)
    case .sigmoid:
      let s = Activation.sigmoid(z)
      return s * (1 - s)
    case .tanh:
      let t = _tanh(z)
      return 1 - t * t
    }
  }

  /// The logistic function in a form that never overflows: for z < 0 it uses
  /// e^z / (1 + e^z), so e^(−z) is never computed for large −z.
  @inlinable
  public static func sigmoid(_ z: Double) -> Double { logistic(z) }

  /// `sigmoid` in the pass's element type.
  @inlinable
  static func logistic<T: Scalar>(_ z: T) -> T {
    if z >= 0 { return 1 / (1 + T.exp(-z)) }
    let e = T.exp(z)
    return e / (1 + e)
  }

  /// `A := g(Z)`, writing into `a` (already shaped like `z`). Softmax works per column
  /// and subtracts the column maximum first, so `softmax([1000; 0])` is finite.
  public func apply(_ z: Matrix, into a: inout Matrix) {
    z.storage.withUnsafeBufferPointer { pz in
      a.storage.withUnsafeMutableBufferPointer { pa in
        guard let zp = pz.baseAddress, let ap = pa.baseAddress else { return }
        apply(zp, ap, rows: z.rows, count: pz.count)
      }
    }
  }

  /// `g(Z)` as a new matrix.
  public func apply(_ z: Matrix) -> Matrix {
    var a = Matrix(zerosUnchecked: z.rows, z.cols)
    apply(z, into: &a)
    return a
  }

  /// Column-wise stable softmax of column-major storage.
  @usableFromInline
  static func softmaxColumns<T: Scalar>(
    _ z: UnsafeBufferPointer<T>, rows: Int, into a: UnsafeMutableBufferPointer<T>
  ) {
    guard rows > 0, let zp = z.baseAddress, let ap = a.baseAddress else { return }
    var start = 0
    while start < z.count {
      let s = ColumnExponentials(zp, start..<(start + rows), storing: ap).sum
      for i in start..<(start + rows) { a[i] /= s }
      start += rows
    }
  }

  /// Backpropagation through the activation: `δz = (∂a/∂z)ᵀ δa`, written into `dz`.
  ///
  /// Elementwise: `δz = δa ⊙ g′(z)`. Softmax, per column: `δz = s ⊙ (δa − (sᵀδa) 1)`.
  public func backward(z: Matrix, a: Matrix, da: Matrix, into dz: inout Matrix) {
    z.storage.withUnsafeBufferPointer { pz in
      a.storage.withUnsafeBufferPointer { pa in
        da.storage.withUnsafeBufferPointer { pda in
          dz.storage.withUnsafeMutableBufferPointer { pdz in
            guard let zp = pz.baseAddress, let ap = pa.baseAddress, let dap = pda.baseAddress,
              let dzp = pdz.baseAddress
            else { return }
            backward(z: zp, a: ap, da: dap, dz: dzp, rows: z.rows, count: pz.count)
          }
        }
      }
    }
  }

  /// The Jacobian `∂a/∂z` of one column: `diag(g′(z))`, or `diag(s) − s sᵀ` for softmax.
  public func jacobian(column z: Matrix) -> Matrix {
    let n = z.rows
    var j = Matrix(zerosUnchecked: n, n)
    if self == .softmax {
      let s = apply(z)
      for c in 0..<n {
        for r in 0..<n { j[r, c] = (r == c ? s.storage[r] : 0) - s.storage[r] * s.storage[c] }
      }
    } else {
      for i in 0..<n { j[i, i] = derivative(z.storage[i]) }
    }
    return j
  }
}
