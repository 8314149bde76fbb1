/// A dense (fully connected) layer l of the notes:
///
///     z[l] = W[l] a[l-1] + b[l] 1ᵀ        a[l] = g(z[l])
///
/// `W` is `n[l] × n[l-1]` (out × in, the same as PyTorch's `Linear.weight`), `b` is
/// `n[l] × 1`. The layer holds its parameters only, as Torch's `nn.Linear` does; the
/// pass over it is `Pass`, and the values it writes are the network's `PassBuffers`.
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
}
