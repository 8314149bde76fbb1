/// A dense (fully connected) layer l of the notes:
///
///     z[l] = W[l] a[l-1] + b[l] 1ᵀ        a[l] = g(z[l])
///
/// `W` is `n[l] × n[l-1]` (out × in, the same as PyTorch's `Linear.weight`), `b` is
/// `n[l] × 1`. Forward, backward and the update are kept apart, as in Torch's
/// `nn.Linear`: the network calls them in order and owns the buffers they write.
public struct Dense: Equatable, Sendable {
  public var W: Matrix
  public var b: Matrix
  public var activation: Activation

  /// A layer `inputs → outputs` with zero parameters (initialise them with `Initializer`).
  public init(inputs: Int, outputs: Int, activation: Activation = .linear) throws {
    W = try Matrix(rows: outputs, cols: inputs)
    b = try Matrix(rows: outputs, cols: 1)
    self.activation = activation
  }

  public var inputSize: Int { W.cols }
  public var outputSize: Int { W.rows }
  /// `n[l] · n[l-1] + n[l]`: for the notes' 2-3-4-1 network 9 + 16 + 5 = 30.
  public var parameterCount: Int { W.count + b.count }

  /// `Z := W A + b 1ᵀ` into `z` (already shaped `n[l] × B`); no allocation.
  ///
  /// The product is taken first and b added after, exactly as `W * a + b` evaluates in
  /// the language, so a value shown from the fast pass and the same value recomputed
  /// through the autodiff graph agree to the last bit.
  @inlinable
  public func affine(_ a: Matrix, into z: inout Matrix) {
    Matrix.gemm(W, a, into: &z)
    let (rows, cols) = (z.rows, z.cols)
    b.storage.withUnsafeBufferPointer { pb in
      z.storage.withUnsafeMutableBufferPointer { pz in
        guard let bp = pb.baseAddress, let zp = pz.baseAddress else { return }
        Kernels.addColumn(bp, to: zp, rows: rows, cols: cols)
      }
    }
  }

  /// The parameter gradients from `δz = ∂J/∂z[l]` and the layer's input `a[l-1]`:
  ///
  ///     ∂J/∂W[l] = δz a[l-1]ᵀ       ∂J/∂b[l] = δz 1   (summed over the batch)
  @inlinable
  public func parameterGradients(dz: Matrix, input a: Matrix, dW: inout Matrix, db: inout Matrix) {
    Matrix.gemm(dz, a, transposeB: true, into: &dW)
    let (rows, cols) = (dz.rows, dz.cols)
    dz.storage.withUnsafeBufferPointer { pd in
      db.storage.withUnsafeMutableBufferPointer { pdb in
        guard let dp = pd.baseAddress, let bp = pdb.baseAddress else { return }
        Kernels.rowSums(dp, rows: rows, cols: cols, into: bp)
      }
    }
  }

  /// `∂J/∂a[l-1] = W[l]ᵀ δz`, into `da`.
  @inlinable
  public func inputGradient(dz: Matrix, into da: inout Matrix) {
    Matrix.gemm(W, transposeA: true, dz, into: &da)
  }
}
