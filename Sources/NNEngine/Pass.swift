/// The forward and backward pass of a dense network — the one implementation, run by
/// `Network` for inspection (over the matrices the shell shows) and by `Trainer` for
/// training (over the same network's buffers, taken for the run):
///
///     forward:   z[l] = W[l] a[l-1] + b[l] 1ᵀ      a[l] = g(z[l])      J = loss(h, o)
///     backward:  δz[r] = ∂J/∂z[r]                  (the loss, through the output activation)
///                dW[l] = δz[l] a[l-1]ᵀ    db[l] = δz[l] 1
///                da[l-1] = W[l]ᵀ δz[l]    δz[l-1] = da[l-1] ⊙ g′(z[l-1])
///
/// It works on raw column-major pointers (`PassLayer`), so the trainer's steady state pays
/// neither allocation nor reference counting, and the shell's values are the trainer's
/// numbers to the last bit. The product is taken first and b added after, exactly as
/// `W * a + b` evaluates in the language, so the autodiff graph agrees to the last bit too.
///
///     let pass = Pass(layers: table, x: x, y: y, loss: .mse, fused: false)
///     let J = pass.forward(batch: 4)
///     pass.backward(batch: 4)
@usableFromInline
struct Pass<T: Scalar> {
  /// The layers, 0-based (layer l of the notes is `layers[l - 1]`).
  let layers: UnsafeMutableBufferPointer<PassLayer<T>>
  /// The batch `x` (`n[0] × B`) and, when given, the targets `o` (`n[r] × B`).
  let x: UnsafePointer<T>
  let y: UnsafePointer<T>?
  let loss: Loss
  /// True when the loss reads the output layer's z (see `Network.lossIsFused`).
  let fused: Bool
  /// L2/L1 penalties on the weights, in J and dW (see `Regularization`).
  var regularization = Regularization()

  /// z[l] and a[l] of every layer for the first `batch` columns; J when there are targets.
  func forward(batch: Int) -> Double? {
    var input = x
    var inputRows = layers[0].inputs
    for l in layers.indices {
      let layer = layers[l]
      Kernels.gemm(layer.W, layer.outputs, false, input, inputRows, false, layer.z, m: layer.outputs, n: batch, k: layer.inputs)
      Kernels.addColumn(layer.b, to: layer.z, rows: layer.outputs, cols: batch)
      layer.activation.apply(layer.z, layer.a, rows: layer.outputs, count: layer.outputs * batch)
      input = UnsafePointer(layer.keep < 1 ? layer.dropOut(batch: batch) : layer.a)
      inputRows = layer.outputs
    }
    guard let y else { return nil }
    let last = layers[layers.count - 1]
    let J = loss.value(fused ? last.z : last.a, y, rows: last.outputs, cols: batch)
    return regularization.isActive ? J + regularization.penalty(layers) : J
  }

  /// Every dz[l], da[l], dW[l], db[l] for the last forward pass (which had targets).
  /// Gradients are overwritten, never accumulated. `showingOutputGradient` also fills
  /// da[r] = ∂J/∂h for a fused output, which the chain does not need but learners see.
  func backward(batch: Int, showingOutputGradient: Bool = false) {
    outputGradient(batch: batch, showing: showingOutputGradient)
    var l = layers.count - 1
    while l >= 0 {
      let layer = layers[l]
      Kernels.gemm(layer.dz, layer.outputs, false, input(of: l), layer.inputs, true, layer.dW, m: layer.outputs, n: layer.inputs, k: batch)
      if regularization.isActive { regularization.addGradient(layer.W, to: layer.dW, count: layer.inputs * layer.outputs) }
      Kernels.rowSums(layer.dz, rows: layer.outputs, cols: batch, into: layer.db)
      if l > 0 { propagate(below: l, batch: batch) }
      l -= 1
    }
  }

  /// Backward and a plain SGD step fused: for each layer from the top, δa of the layer
  /// below is computed with the old W, then `W := W − α δz aᵀ` is a single gemm with
  /// alpha = −α and beta = 1, and `b := b − α δz 1`. Saves writing and reading dW (for the
  /// mnist-shape network, 100 000 values per batch). The same numbers as `backward` and
  /// an SGD step while products stay under `smallProductLimit`; above it BLAS may fuse
  /// the multiply-add and differ in the last bit.
  func backwardAndStep(batch: Int, learningRate alpha: Double) {
    let rate = T(alpha)
    outputGradient(batch: batch, showing: false)
    var l = layers.count - 1
    while l >= 0 {
      let layer = layers[l]
      if l > 0 { propagate(below: l, batch: batch) }
      if regularization.isActive { regularization.step(layer.W, count: layer.inputs * layer.outputs, learningRate: alpha) }
      Kernels.gemm(
        layer.dz, layer.outputs, false, input(of: l), layer.inputs, true, layer.W, m: layer.outputs, n: layer.inputs,
        k: batch, alpha: -rate, beta: 1)
      Kernels.rowSums(layer.dz, rows: layer.outputs, cols: batch, into: layer.db)
      for i in 0..<layer.outputs { layer.b[i] -= rate * layer.db[i] }
      l -= 1
    }
  }

  /// What layer l reads: `a[l-1]` (ã[l-1] after a dropout), or x for the first layer.
  @inline(__always)
  private func input(of l: Int) -> UnsafePointer<T> {
    l == 0 ? x : UnsafePointer(layers[l - 1].keep < 1 ? layers[l - 1].dropped : layers[l - 1].a)
  }

  /// A fresh 0/1 mask for every layer whose dropout is applied: m = 1 with probability
  /// 1 − p, from `generator` (column by column, so the same seed gives the same masks).
  func drawMasks(batch: Int, generator: inout RandomGenerator) {
    for layer in layers where layer.keep < 1 {
      generator.fillMask(UnsafeMutableBufferPointer(start: layer.mask, count: layer.outputs * batch), keep: layer.keep)
    }
  }

  /// `da[l-1] = W[l]ᵀ δz[l]` and `δz[l-1] = da[l-1] ⊙ g′(z[l-1])` (l is 0-based here).
  @inline(__always)
  private func propagate(below l: Int, batch: Int) {
    let layer = layers[l], below = layers[l - 1]
    Kernels.gemm(layer.W, layer.outputs, true, layer.dz, layer.outputs, false, below.da, m: layer.inputs, n: batch, k: layer.outputs)
    if below.keep < 1 { below.dropBack(batch: batch) }
    below.activation.backward(z: below.z, a: below.a, da: below.da, dz: below.dz, rows: below.outputs, count: below.outputs * batch)
  }

  /// `δz[r] = ∂J/∂z[r]` of the output layer: fused with the loss, or through its activation.
  @inline(__always)
  private func outputGradient(batch: Int, showing: Bool) {
    guard let y else { return }
    let last = layers[layers.count - 1]
    let count = last.outputs * batch
    if fused {
      loss.gradient(last.z, y, last.dz, rows: last.outputs, cols: batch)
      if showing { fusedOutputGradient(last.a, y, last.da, count: count, batch: batch) }
    } else {
      loss.gradient(last.a, y, last.da, rows: last.outputs, cols: batch)
      last.activation.backward(z: last.z, a: last.a, da: last.da, dz: last.dz, rows: last.outputs, count: count)
    }
  }

  /// `∂J/∂h` for a fused output (`Loss.probabilityGradient`): only for showing `dh`;
  /// training never reads it.
  private func fusedOutputGradient(
    _ h: UnsafePointer<T>, _ o: UnsafePointer<T>, _ d: UnsafeMutablePointer<T>, count: Int, batch: Int
  ) {
    let scale = 1 / Double(batch)
    for k in 0..<count { d[k] = T(loss.probabilityGradient(Double(h[k]), Double(o[k]), seed: 1, scale: scale)) }
  }
}

/// One dense layer of a `Pass`: its parameters W (`n[l] × n[l-1]`), b (`n[l] × 1`), their
/// gradients dW, db, and its values z, a, dz, da (`n[l] × B`), each a column-major
/// buffer with room for the pass's batch.
@usableFromInline
struct PassLayer<T: Scalar> {
  var inputs: Int
  var outputs: Int
  var activation: Activation
  var W, b, dW, db: UnsafeMutablePointer<T>
  var z, a, dz, da: UnsafeMutablePointer<T>
  /// 1 − p of the dropout after this layer while it is applied (training), else 1; its
  /// 0/1 mask m and ã = m ⊙ a / (1 − p), what the next layer reads (see `Dropout.swift`).
  var keep: Double = 1
  var mask, dropped: UnsafeMutablePointer<T>
}
