/// Every buffer one training run needs, allocated once, as raw memory.
///
/// The trainer copies the parameters and the optimizer's state in, runs every batch on
/// these buffers with the same `Kernels` the `Matrix` code uses, and copies the results
/// back out at the end (or when it stops early). Raw buffers make the steady state free of
/// allocation *and* of reference counting, which for the notes' tiny networks costs more
/// than the arithmetic.
final class TrainingWorkspace {
  struct Layer {
    var inputs: Int
    var outputs: Int
    var activation: Activation
    var W, b, dW, db: UnsafeMutablePointer<Double>
    var mW, mb, vW, vb: UnsafeMutablePointer<Double>
    /// W and b at the start of the epoch, for restoring after a step that broke them.
    var savedW, savedb: UnsafeMutablePointer<Double>
    var z, a, dz, da: UnsafeMutablePointer<Double>
    var weightCount: Int { inputs * outputs }
  }

  /// A `let`: read in every step, and a constant array needs no exclusivity checks.
  let layers: [Layer]
  let maxBatch: Int
  let x, y: UnsafeMutablePointer<Double>
  let inputs: Int, outputs: Int
  let loss: Loss
  let fused: Bool
  private let allocations: [UnsafeMutablePointer<Double>]

  init(_ net: Network, _ optimizer: Optimizer, maxBatch: Int) {
    self.maxBatch = maxBatch
    inputs = net.inputSize ?? 0
    outputs = net.outputSize ?? 0
    loss = net.loss
    fused = net.lossIsFused
    var allocated: [UnsafeMutablePointer<Double>] = []
    func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
      let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, count))
      p.initialize(repeating: 0, count: Swift.max(1, count))
      allocated.append(p)
      return p
    }
    x = buffer(inputs * maxBatch)
    y = buffer(outputs * maxBatch)
    var built: [Layer] = []
    for (l, d) in net.layers.enumerated() {
      let nW = d.W.count, nb = d.b.count, nz = d.outputSize * maxBatch
      var layer = Layer(
        inputs: d.inputSize, outputs: d.outputSize, activation: d.activation,
        W: buffer(nW), b: buffer(nb), dW: buffer(nW), db: buffer(nb),
        mW: buffer(nW), mb: buffer(nb), vW: buffer(nW), vb: buffer(nb),
        savedW: buffer(nW), savedb: buffer(nb),
        z: buffer(nz), a: buffer(nz), dz: buffer(nz), da: buffer(nz))
      Self.load(d.W, into: layer.W)
      Self.load(d.b, into: layer.b)
      if l < optimizer.mW.count {
        Self.load(optimizer.mW[l], into: layer.mW)
        Self.load(optimizer.mb[l], into: layer.mb)
        Self.load(optimizer.vW[l], into: layer.vW)
        Self.load(optimizer.vb[l], into: layer.vb)
      }
      built.append(layer)
    }
    layers = built
    allocations = allocated
  }

  static func load(_ m: Matrix, into p: UnsafeMutablePointer<Double>) {
    m.storage.withUnsafeBufferPointer { if let source = $0.baseAddress { p.update(from: source, count: $0.count) } }
  }

  static func store(_ p: UnsafePointer<Double>, into m: inout Matrix) {
    m.storage.withUnsafeMutableBufferPointer { if let target = $0.baseAddress { target.update(from: p, count: $0.count) } }
  }

  deinit {
    for p in allocations { p.deallocate() }
  }

  /// Copies columns `order[start..<start+count]` of X and Y into the batch buffers.
  func gather(_ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>, _ order: UnsafePointer<Int>, start: Int, count: Int) {
    for c in 0..<count {
      let j = order[start + c]
      (x + c * inputs).update(from: X + j * inputs, count: inputs)
      (y + c * outputs).update(from: Y + j * outputs, count: outputs)
    }
  }

  /// The forward pass on the first `batch` columns; returns J.
  func forward(batch: Int) -> Double {
    var input = UnsafePointer(x)
    var inputRows = inputs
    for l in layers.indices {
      let layer = layers[l]
      Kernels.gemm(layer.W, layer.outputs, false, input, inputRows, false, layer.z, m: layer.outputs, n: batch, k: layer.inputs)
      Kernels.addColumn(layer.b, to: layer.z, rows: layer.outputs, cols: batch)
      layer.activation.apply(layer.z, layer.a, rows: layer.outputs, count: layer.outputs * batch)
      input = UnsafePointer(layer.a)
      inputRows = layer.outputs
    }
    let last = layers[layers.count - 1]
    return loss.value(fused ? last.z : last.a, y, rows: outputs, cols: batch)
  }

  /// `δz[r] = ∂J/∂z[r]` of the output layer: fused with the loss, or through its activation.
  func outputGradient(batch: Int) {
    let last = layers[layers.count - 1]
    if fused {
      loss.gradient(last.z, y, last.dz, rows: outputs, cols: batch)
    } else {
      loss.gradient(last.a, y, last.da, rows: outputs, cols: batch)
      last.activation.backward(z: last.z, a: last.a, da: last.da, dz: last.dz, rows: outputs, count: outputs * batch)
    }
  }

  /// The backward pass for the last forward pass (gradients overwritten).
  func backward(batch: Int) {
    let r = layers.count - 1
    outputGradient(batch: batch)
    var l = r
    while l >= 0 {
      let layer = layers[l]
      let input = l == 0 ? x : layers[l - 1].a
      Kernels.gemm(layer.dz, layer.outputs, false, input, layer.inputs, true, layer.dW, m: layer.outputs, n: layer.inputs, k: batch)
      Kernels.rowSums(layer.dz, rows: layer.outputs, cols: batch, into: layer.db)
      if l > 0 {
        let below = layers[l - 1]
        Kernels.gemm(layer.W, layer.outputs, true, layer.dz, layer.outputs, false, below.da, m: layer.inputs, n: batch, k: layer.outputs)
        below.activation.backward(z: below.z, a: below.a, da: below.da, dz: below.dz, rows: below.outputs, count: below.outputs * batch)
      }
      l -= 1
    }
  }

  /// Backward and a plain SGD step fused: for each layer from the top, δa of the layer
  /// below is computed with the old W, then `W := W − α δz aᵀ` is a single gemm with
  /// alpha = −α and beta = 1, and `b := b − α δz 1`. Saves writing and reading dW and db
  /// (for the mnist-shape network, 100 000 values per batch). Same numbers as
  /// `backward` + `update(.sgd)` up to rounding.
  func backwardAndStep(batch: Int, learningRate alpha: Double) {
    let r = layers.count - 1
    outputGradient(batch: batch)
    var l = r
    while l >= 0 {
      let layer = layers[l]
      let input = l == 0 ? x : layers[l - 1].a
      if l > 0 {
        let below = layers[l - 1]
        Kernels.gemm(layer.W, layer.outputs, true, layer.dz, layer.outputs, false, below.da, m: layer.inputs, n: batch, k: layer.outputs)
        below.activation.backward(z: below.z, a: below.a, da: below.da, dz: below.dz, rows: below.outputs, count: below.outputs * batch)
      }
      Kernels.gemm(layer.dz, layer.outputs, false, input, layer.inputs, true, layer.W, m: layer.outputs, n: layer.inputs, k: batch, alpha: -alpha, beta: 1)
      Kernels.rowSums(layer.dz, rows: layer.outputs, cols: batch, into: layer.db)
      for i in 0..<layer.outputs { layer.b[i] -= alpha * layer.db[i] }
      l -= 1
    }
  }

  /// One optimizer update of every parameter (`t` is the optimizer's step number).
  func update(_ rule: Optimizer.Rule, learningRate: Double, t: Double) {
    for layer in layers {
      _ = Optimizer.update(rule, layer.W, layer.dW, layer.mW, layer.vW, count: layer.weightCount, learningRate, t, false)
      _ = Optimizer.update(rule, layer.b, layer.db, layer.mb, layer.vb, count: layer.outputs, learningRate, t, false)
    }
  }

  /// True when every parameter is finite.
  var parametersAreFinite: Bool {
    for layer in layers {
      for k in 0..<layer.weightCount where !layer.W[k].isFinite { return false }
      for k in 0..<layer.outputs where !layer.b[k].isFinite { return false }
    }
    return true
  }

  func saveParameters() {
    for layer in layers {
      layer.savedW.update(from: layer.W, count: layer.weightCount)
      layer.savedb.update(from: layer.b, count: layer.outputs)
    }
  }

  func restoreSavedParameters() {
    for layer in layers {
      layer.W.update(from: layer.savedW, count: layer.weightCount)
      layer.b.update(from: layer.savedb, count: layer.outputs)
    }
  }

  /// Writes the parameters and the optimizer's state back.
  func copyOut(to net: inout Network, _ optimizer: inout Optimizer) {
    optimizer.prepare(for: net)
    net.withLayers { dense in
      for (l, layer) in layers.enumerated() {
        Self.store(layer.W, into: &dense[l].W)
        Self.store(layer.b, into: &dense[l].b)
        Self.store(layer.mW, into: &optimizer.mW[l])
        Self.store(layer.mb, into: &optimizer.mb[l])
        Self.store(layer.vW, into: &optimizer.vW[l])
        Self.store(layer.vb, into: &optimizer.vb[l])
      }
    }
    net.forgetPass()
  }
}
