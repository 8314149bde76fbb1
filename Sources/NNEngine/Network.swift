/// A feed-forward network of dense layers and a loss, in the notes' notation.
///
///     z[1] = W[1] x + b[1]          a[1] = g(z[1])
///     z[l] = W[l] a[l-1] + b[l]     a[l] = g(z[l])
///     h = a[r]                      J = loss(h, o)
///
/// Layers are numbered from 1 in names (`W1`, `z2`) and stored 0-based in `layers`.
/// A forward pass keeps every `z[l]` and `a[l]`; a backward pass keeps every gradient,
/// `dz[l] = ∂J/∂z[l]`, `da[l] = ∂J/∂a[l]`, `dW[l]`, `db[l]`, in its `PassBuffers`, which
/// `Pass` writes and which are reused from pass to pass (the trainer takes them for a run).
///
///     var net = Network(loss: .mse)
///     try net.append(Dense(inputs: 2, outputs: 3, activation: .relu))
///     try net.append(Dense(inputs: 3, outputs: 4, activation: .relu))
///     try net.append(Dense(inputs: 4, outputs: 1))
///     net.parameterCount   // 30
public struct Network: Sendable {
  public private(set) var layers: [Dense] = []
  public var loss: Loss
  /// L2/L1 penalties on the weights, part of J (see `Regularization`). Changing them
  /// forgets the last pass, whose J and gradients they would no longer match.
  public var regularization = Regularization() { didSet { if regularization != oldValue { forgetPass() } } }

  /// The input of the last forward pass (`x`, `d × B`).
  public private(set) var input: Matrix?
  /// The targets of the last forward pass (`y`, `k × B`), when it was given some.
  public private(set) var target: Matrix?
  /// `J` of the last forward pass, when targets were given.
  public private(set) var J: Double?
  /// True once `backward` has run for the current forward pass.
  public private(set) var hasGradients = false
  /// p of the dropout after each dense layer (index l − 1; 0 for none), see `Dropout.swift`.
  public private(set) var dropout: [Double] = []
  /// True when the last forward pass was a training pass (`forwardTraining`): its dropout
  /// masks were applied, are kept in `masks`, and `backward` and `forwardAgain` use them.
  public private(set) var masksApplied = false

  /// The values and gradients of the last pass, the buffers `Pass` writes (see `PassBuffers`).
  private(set) var buffers = PassBuffers()
  /// `z[l]` and `a[l]` of the last forward pass (index l − 1).
  public var z: [Matrix] { buffers.z }
  public var a: [Matrix] { buffers.a }
  /// Gradients of the last backward pass (index l − 1).
  public var dz: [Matrix] { buffers.dz }
  public var da: [Matrix] { buffers.da }
  public var dW: [Matrix] { buffers.dW }
  public var db: [Matrix] { buffers.db }
  /// The 0/1 mask m[l] of the last training pass, for layers with dropout (index l − 1).
  public var masks: [Matrix] { buffers.mask }
  public var hasDropout: Bool { dropout.contains { $0 > 0 } }

  public init(loss: Loss = .mse) {
    self.loss = loss
  }

  public var isEmpty: Bool { layers.isEmpty }
  public var inputSize: Int? { layers.first?.inputSize }
  public var outputSize: Int? { layers.last?.outputSize }
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
  /// The output `h = a[r]` of the last forward pass.
  public var h: Matrix? { a.last }

  /// Appends a layer; its input size must equal the previous layer's output size.
  public mutating func append(_ layer: Dense) throws {
    if let last = layers.last, last.outputSize != layer.inputSize {
      throw EngineError.shapeMismatch(
        .product, left: layer.W.shape, right: Shape(last.outputSize, 1))
    }
    layers.append(layer)
    dropout.append(0)
    buffers.append(for: layer)
    forgetPass()
  }

  /// Puts inverted dropout with probability `p` (0 ≤ p < 1; 0 removes it) after the last
  /// layer: in a training pass a[r] is passed on as m ⊙ a[r] / (1 − p) (`Dropout.swift`).
  public mutating func setDropout(_ p: Double) throws {
    guard !layers.isEmpty else { throw EngineError.emptyNetwork }
    guard p.isFinite, p >= 0, p < 1 else { throw EngineError.invalidTrainingSetting(.dropout(p)) }
    dropout[dropout.count - 1] = p
    forgetPass()
  }

  /// Replaces the parameters of layer `l` (1-based), checking shapes.
  public mutating func setParameters(layer l: Int, W: Matrix? = nil, b: Matrix? = nil) throws {
    guard l >= 1, l <= layers.count else {
      throw EngineError.noSuchLayer(l, layerCount: layers.count)
    }
    if let W {
      guard W.shape == layers[l - 1].W.shape else {
        throw EngineError.shapeMismatch(.assign, left: layers[l - 1].W.shape, right: W.shape)
      }
      layers[l - 1].W = W
    }
    if let b {
      guard b.shape == layers[l - 1].b.shape else {
        throw EngineError.shapeMismatch(.assign, left: layers[l - 1].b.shape, right: b.shape)
      }
      layers[l - 1].b = b
    }
  }

  /// Direct access for optimizers and initialisers (shapes must be kept).
  public mutating func withLayers<R>(_ body: (inout [Dense]) throws -> R) rethrows -> R {
    try body(&layers)
  }

  /// Clears the values of the last pass (after the structure changes).
  public mutating func forgetPass() {
    masksApplied = false
    input = nil
    target = nil
    J = nil
    hasGradients = false
  }

  /// dW and db of the last backward pass, for changing them in place (clipping).
  mutating func withGradients<R>(_ body: (inout [Matrix], inout [Matrix]) -> R) -> R {
    body(&buffers.dW, &buffers.db)
  }

  /// Clears the gradients (`zerograd`).
  public mutating func zeroGradients() {
    for l in layers.indices {
      buffers.dW[l].storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      buffers.db[l].storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    hasGradients = false
  }

  /// Checks that `x` (and `y`) fit the network before a pass.
  public func validate(x: Matrix, y: Matrix?) throws {
    guard let first = layers.first, let last = layers.last else {
      throw EngineError.emptyNetwork
    }
    guard x.rows == first.inputSize else {
      throw EngineError.shapeMismatch(.product, left: first.W.shape, right: x.shape)
    }
    if let y {
      guard y.rows == last.outputSize, y.cols == x.cols else {
        throw EngineError.shapeMismatch(.subtract, left: Shape(last.outputSize, x.cols), right: y.shape)
      }
    }
  }

  /// The forward pass on a batch `x` (`d × B`), keeping every `z[l]` and `a[l]`, and
  /// `J` when targets `y` are given. Returns J (or nil).
  @discardableResult
  public mutating func forward(_ x: Matrix, _ y: Matrix? = nil) throws -> Double? {
    try validate(x: x, y: y)
    forwardUnchecked(x, y)
    input = x
    target = y
    return J
  }

  /// The forward pass without shape checks and without keeping x and y (the caller
  /// checks once, up front, and reuses its batch buffers, which must not be shared).
  public mutating func forwardUnchecked(_ x: Matrix, _ y: Matrix?) {
    hasGradients = false
    masksApplied = false
    buffers.prepareForward(layers, columns: x.cols)
    J = withPass(x, y, dropping: false) { $0.forward(batch: x.cols) }
  }

  /// A training pass (PyTorch's `model.train()`): the forward pass with every dropout
  /// applied, its masks drawn from `generator` and kept (`masks`) for `backward`.
  /// Without dropout it is `forward` and draws nothing.
  @discardableResult
  public mutating func forwardTraining(_ x: Matrix, _ y: Matrix?, generator: inout RandomGenerator) throws -> Double? {
    try validate(x: x, y: y)
    hasGradients = false
    buffers.prepareForward(layers, columns: x.cols, dropout: dropout)
    J = withPass(x, y, dropping: true) { pass in
      pass.drawMasks(batch: x.cols, generator: &generator)
      return pass.forward(batch: x.cols)
    }
    masksApplied = hasDropout
    input = x
    target = y
    return J
  }

  /// The forward pass again on `x`, `y` with the masks of the last pass when it was a
  /// training pass on as many columns (so a gradient check sees the function whose
  /// gradient `backward` took), else a plain forward pass.
  @discardableResult
  public mutating func forwardAgain(_ x: Matrix, _ y: Matrix?) throws -> Double? {
    guard masksApplied, x.cols == buffers.z.first?.cols else { return try forward(x, y) }
    try validate(x: x, y: y)
    hasGradients = false
    buffers.prepareForward(layers, columns: x.cols, dropout: dropout)
    J = withPass(x, y, dropping: true) { $0.forward(batch: x.cols) }
    input = x
    target = y
    return J
  }

  /// Keeps the masks of the trainer's last batch for showing (`masks`); no pass uses them.
  mutating func keepMasks(_ masks: [Matrix]) {
    guard masks.count == buffers.mask.count else { return }
    buffers.mask = masks
  }

  /// The loss of `forwardAgain` without changing the network (for gradient checks).
  public func lossValueAgain(_ x: Matrix, _ y: Matrix) throws -> Double {
    var copy = self
    return try copy.forwardAgain(x, y) ?? 0
  }

  /// What the loss reads: the output layer's z when its activation is the loss's link
  /// (fused, stable), otherwise h.
  public var logits: Matrix {
    guard let last = layers.last else { return Matrix(scalar: 0) }
    return last.activation == loss.link ? z[z.count - 1] : a[a.count - 1]
  }

  /// True when the loss reads the output layer's z (see `logits`).
  public var lossIsFused: Bool { layers.last?.activation == loss.link && loss.link != nil }

  /// The backward pass for the last forward pass (which must have had targets):
  /// every `dz[l]`, `da[l]`, `dW[l]`, `db[l]`. Gradients are **overwritten**, never
  /// accumulated (call it twice, get the same numbers).
  ///
  ///     δz[r] = ∂J/∂z[r]                      (the loss, through the output activation)
  ///     dW[l] = δz[l] a[l-1]ᵀ    db[l] = δz[l] 1
  ///     da[l-1] = W[l]ᵀ δz[l]    δz[l-1] = da[l-1] ⊙ g′(z[l-1])
  public mutating func backward() throws {
    guard let x = input, let y = target else {
      throw EngineError.noForwardPassWithTargets
    }
    backwardUnchecked(x, y)
  }

  public mutating func backwardUnchecked(_ x: Matrix, _ y: Matrix) {
    buffers.prepareBackward(layers, columns: x.cols)
    withPass(x, y, dropping: masksApplied) { $0.backward(batch: x.cols, showingOutputGradient: true) }
    hasGradients = true
  }

  /// Runs `body` on the pass over this network's parameters and buffers, for the batch
  /// `x` (and targets `y`); the layer table lives on the stack, so a pass allocates nothing.
  /// With `dropping`, every dropout is applied (with the masks in the buffers).
  private func withPass<R>(_ x: Matrix, _ y: Matrix?, dropping: Bool, _ body: (Pass<Double>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: PassLayer<Double>.self, capacity: layers.count) { table in
      for l in layers.indices {
        let keep = dropping ? 1 - dropout[l] : 1
        table.initializeElement(
          at: l, to: buffers.layer(l, of: layers[l], W: layers[l].W.firstElement, b: layers[l].b.firstElement, keep: keep))
      }
      return body(Pass(layers: table, x: x.firstElement, y: y?.firstElement, loss: loss, fused: lossIsFused, regularization: regularization))
    }
  }

  /// Gives the trainer this network's pass buffers with room for `columns` columns; the
  /// network keeps a fresh one-column set and forgets its pass (training changes the
  /// parameters, so the values of the last pass would be stale anyway).
  mutating func takeBuffers(columns: Int) -> PassBuffers {
    var taken = buffers
    releaseBuffers()
    taken.prepareForward(layers, columns: columns, dropout: dropout)
    taken.prepareBackward(layers, columns: columns)
    return taken
  }

  /// Drops this network's pass buffers for a fresh one-column set and forgets its pass
  /// (a float32 run, which trains on buffers of its own).
  mutating func releaseBuffers() {
    buffers = PassBuffers()
    for layer in layers { buffers.append(for: layer) }
    forgetPass()
  }

  /// The output for `x` without keeping anything (prediction).
  public func predict(_ x: Matrix) throws -> Matrix {
    var copy = self
    try copy.forward(x)
    return copy.a[copy.a.count - 1]
  }

  /// The loss at `x`, `y` without changing the network (for gradient checks).
  public func lossValue(_ x: Matrix, _ y: Matrix) throws -> Double {
    var copy = self
    return try copy.forward(x, y) ?? 0
  }
}
