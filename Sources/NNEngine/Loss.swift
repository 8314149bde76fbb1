/// The losses J, averaged over the batch (B samples, the columns):
///
///     mse:  J = 1/(2B) Σ_b Σ_i (h_ib − y_ib)²       ∂J/∂h = (h − y) / B
///     bce:  J = −1/B Σ_b Σ_i [y log σ(z) + (1 − y) log(1 − σ(z))]
///     ce:   J = −1/B Σ_b Σ_i y_ib log softmax(z)_ib
///
/// `bce` and `ce` are computed **from logits** z in numerically stable forms —
/// `log σ(z) = −(max(−z, 0) + log(1 + e^(−|z|)))` and log-sum-exp with the column
/// maximum subtracted — so `ce` of `[1000, 0, −1000]` is finite. Their gradient with
/// respect to the logits is the famous `∂J/∂z = (σ(z) − y) / B` (resp. `softmax(z) − y`).
///
/// Which value is the logit: when the output layer's activation is the loss's own link
/// (sigmoid for bce, softmax for ce) the loss reads that layer's z and the two are fused;
/// otherwise the output h itself is taken as the logits (as PyTorch's
/// `BCEWithLogitsLoss` and `CrossEntropyLoss` do).
public enum Loss: String, CaseIterable, Sendable {
  case mse, bce, ce

  /// The activation this loss is fused with.
  public var link: Activation? {
    switch self {
    case .mse: return nil
    case .bce: return .sigmoid
    case .ce: return .softmax
    }
  }

  public var formula: String {
    switch self {
    case .mse: return "J = 1/2 · mean over the batch of Σᵢ (hᵢ − yᵢ)²"
    case .bce: return "J = −mean over the batch of Σᵢ [yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))]"
    case .ce: return "J = −mean over the batch of Σᵢ yᵢ log softmax(z)ᵢ"
    }
  }

  /// `J` for outputs (or logits) `u` and targets `o`, both `k × B`. Shapes are checked.
  public func value(_ u: Matrix, _ o: Matrix) throws -> Double {
    guard u.shape == o.shape else {
      throw EngineError.shapeMismatch(.subtract, left: u.shape, right: o.shape)
    }
    return valueUnchecked(u, o)
  }

  @usableFromInline
  func valueUnchecked(_ u: Matrix, _ o: Matrix) -> Double {
    u.storage.withUnsafeBufferPointer { pu in
      o.storage.withUnsafeBufferPointer { po in
        guard let up = pu.baseAddress, let op = po.baseAddress else { return 0 }
        return value(up, op, rows: u.rows, cols: u.cols)
      }
    }
  }

  /// J over raw `rows × cols` buffers (see the type's documentation).
  @inlinable
  func value<T: Scalar>(_ pu: UnsafePointer<T>, _ po: UnsafePointer<T>, rows: Int, cols: Int) -> Double {
    let count = rows * cols
    var total: T = 0
    switch self {
    case .mse:
      for k in 0..<count {
        let d = pu[k] - po[k]
        total += d * d
      }
      total *= 0.5
    case .bce:
      for k in 0..<count {
        // −[o log σ(z) + (1−o) log(1−σ(z))] = max(z,0) − z·o + log(1 + e^(−|z|))
        let z = pu[k]
        total += Swift.max(z, 0) - z * po[k] + T.log1p(T.exp(-Swift.abs(z)))
      }
    case .ce:
      var start = 0
      while start < count {
        let logSum = ColumnExponentials(pu, start..<(start + rows), storing: nil).logSumExp
        for i in start..<(start + rows) where po[i] != 0 {
          total -= po[i] * (pu[i] - logSum)
        }
        start += rows
      }
    }
    return Double(total) / Double(cols)
  }

  /// `∂J/∂u` written into `du` (shaped like `u`): `(h − o)/B`, `(σ(z) − o)/B` or
  /// `(softmax(z) − o)/B`.
  public func gradient(_ u: Matrix, _ o: Matrix, into du: inout Matrix) {
    u.storage.withUnsafeBufferPointer { pu in
      o.storage.withUnsafeBufferPointer { po in
        du.storage.withUnsafeMutableBufferPointer { pd in
          guard let up = pu.baseAddress, let op = po.baseAddress, let dp = pd.baseAddress else { return }
          gradient(up, op, dp, rows: u.rows, cols: u.cols)
        }
      }
    }
  }

  /// `∂J/∂u` over raw buffers.
  @inlinable
  func gradient<T: Scalar>(
    _ pu: UnsafePointer<T>, _ po: UnsafePointer<T>, _ pd: UnsafeMutablePointer<T>, rows: Int, cols: Int
  ) {
    let count = rows * cols
    let scale = 1 / T(cols)
    switch self {
    case .mse:
      for k in 0..<count { pd[k] = (pu[k] - po[k]) * scale }
    case .bce:
      for k in 0..<count { pd[k] = (Activation.logistic(pu[k]) - po[k]) * scale }
    case .ce:
      Activation.softmaxColumns(
        UnsafeBufferPointer(start: pu, count: count), rows: rows, into: UnsafeMutableBufferPointer(start: pd, count: count))
      for k in 0..<count { pd[k] = (pd[k] - po[k]) * scale }
    }
  }

  /// `∂J/∂h` of one element for `bce` or `ce` read on probabilities h instead of logits,
  /// times a seed `g` (the gradient flowing into J) and the batch's `scale` = 1/B:
  ///
  ///     bce: g (h − o) / (h (1 − h)) / B        ce: −g o / h / B
  ///
  /// Where a pass must go through h (the autodiff graph, the `dh` shown for a fused
  /// output); training uses the fused, stable form instead.
  @inlinable
  public func probabilityGradient(_ h: Double, _ o: Double, seed g: Double, scale: Double) -> Double {
    self == .bce ? g * (h - o) / (h * (1 - h)) * scale : -g * o / h * scale
  }

  /// `∂J/∂o`, for completeness of `grad J wrt y`: −(h − o)/B, −z/B, or −log softmax(z)/B.
  public func targetGradient(_ u: Matrix, _ o: Matrix) -> Matrix {
    let scale = 1 / Double(u.cols)
    switch self {
    case .mse: return u.storage.indices.reduce(into: u) { m, k in m.storage[k] = -(u.storage[k] - o.storage[k]) * scale }
    case .bce: return u.map { -$0 * scale }
    case .ce:
      var out = u
      u.storage.withUnsafeBufferPointer { pu in
        guard let up = pu.baseAddress else { return }
        var start = 0
        while start < u.count {
          let logSum = ColumnExponentials(up, start..<(start + u.rows), storing: nil).logSumExp
          for i in start..<(start + u.rows) { out.storage[i] = -(up[i] - logSum) * scale }
          start += u.rows
        }
      }
      return out
    }
  }
}
