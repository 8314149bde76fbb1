/// What one training run keeps besides the network's pass buffers, allocated once, as
/// raw memory: the batch x, y, the parameters W, b and the optimizer's state (copied in
/// at the start, out at the end or when training stops early), and W, b at the start of
/// the epoch. z, a, dz, da, dW, db are the network's own `PassBuffers`, taken for the run,
/// in float64; in float32 (`T` = Float) they are raw buffers of this workspace too.
///
/// Elements are `T` throughout (see `Scalar`): the session's Double parameters and
/// optimizer state are converted in when the run starts and out when it ends (or at the
/// end of an epoch someone watches), never per batch; the data stay Double and each
/// batch is converted as it is gathered, so float32 needs no second copy of the set
/// (a 60000×784 set is 376 MB in Double; a Float copy would add 188 MB to save a
/// conversion that costs less than the copy the gather makes anyway).
///
/// Every batch runs the one `Pass` over a layer table of raw pointers built here once.
/// Raw buffers make the steady state free of allocation *and* of reference counting,
/// which for the notes' tiny networks costs more than the arithmetic.
final class TrainingWorkspace<T: Scalar> {
  struct Layer {
    var inputs: Int
    var outputs: Int
    var W, b: UnsafeMutablePointer<T>
    var mW, mb, vW, vb: UnsafeMutablePointer<T>
    /// W and b at the start of the epoch, for restoring after a step that broke them,
    /// and the optimizer's state then (restored with them).
    var savedW, savedb: UnsafeMutablePointer<T>
    var savedmW, savedmb, savedvW, savedvb: UnsafeMutablePointer<T>
    var weightCount: Int { inputs * outputs }

    /// Copies W, b, mW, mb, vW, vb to their saved copies, or back (`restoring`).
    func copySaved(restoring: Bool) {
      func copy(_ live: UnsafeMutablePointer<T>, _ saved: UnsafeMutablePointer<T>, _ count: Int) {
        if restoring { live.update(from: saved, count: count) } else { saved.update(from: live, count: count) }
      }
      copy(W, savedW, weightCount)
      copy(b, savedb, outputs)
      copy(mW, savedmW, weightCount)
      copy(mb, savedmb, outputs)
      copy(vW, savedvW, weightCount)
      copy(vb, savedvb, outputs)
    }
  }

  /// A `let`: read in every step, and a constant array needs no exclusivity checks.
  let layers: [Layer]
  let maxBatch: Int
  let x, y: UnsafeMutablePointer<T>
  let inputs: Int, outputs: Int
  /// The pass over `layers`' parameters, the pass buffers and x, y.
  let pass: Pass<T>
  /// The network's buffers (float64), kept alive (and unshared) for the pointers in `pass`.
  private let buffers: PassBuffers?
  private let allocations: [UnsafeMutablePointer<T>]

  /// Takes `net`'s pass buffers (see `Network.takeBuffers`; float32 allocates its own and
  /// drops the network's) and copies its parameters and the optimizer's state in.
  init(_ net: inout Network, _ optimizer: Optimizer, maxBatch: Int) {
    self.maxBatch = maxBatch
    inputs = net.inputSize ?? 0
    outputs = net.outputSize ?? 0
    var allocated: [UnsafeMutablePointer<T>] = []
    func buffer(_ count: Int) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, count))
      p.initialize(repeating: 0, count: Swift.max(1, count))
      allocated.append(p)
      return p
    }
    x = buffer(inputs * maxBatch)
    y = buffer(outputs * maxBatch)
    let taken = T.self == Double.self ? net.takeBuffers(columns: maxBatch) : nil
    if taken == nil { net.releaseBuffers() }
    buffers = taken
    let table = UnsafeMutableBufferPointer<PassLayer<T>>.allocate(capacity: net.layers.count)
    var built: [Layer] = []
    for (l, d) in net.layers.enumerated() {
      let nW = d.W.count, nb = d.b.count
      let layer = Layer(
        inputs: d.inputSize, outputs: d.outputSize, W: buffer(nW), b: buffer(nb),
        mW: buffer(nW), mb: buffer(nb), vW: buffer(nW), vb: buffer(nb), savedW: buffer(nW), savedb: buffer(nb),
        savedmW: buffer(nW), savedmb: buffer(nb), savedvW: buffer(nW), savedvb: buffer(nb))
      Self.load(d.W, into: layer.W)
      Self.load(d.b, into: layer.b)
      if l < optimizer.mW.count {
        Self.load(optimizer.mW[l], into: layer.mW)
        Self.load(optimizer.mb[l], into: layer.mb)
        Self.load(optimizer.vW[l], into: layer.vW)
        Self.load(optimizer.vb[l], into: layer.vb)
      }
      let keep = 1 - net.dropout[l]
      // Float64 runs on the network's buffers (the same type: the cast always succeeds).
      var own: PassLayer<T>? = nil
      if let taken, let W = layer.W as? UnsafeMutablePointer<Double>, let b = layer.b as? UnsafeMutablePointer<Double> {
        own = taken.layer(l, of: d, W: W, b: b, keep: keep) as? PassLayer<T>
      }
      table.initializeElement(at: l, to: own ?? Self.passLayer(d, W: layer.W, b: layer.b, keep: keep, columns: maxBatch, buffer))
      built.append(layer)
    }
    layers = built
    allocations = allocated
    pass = Pass(layers: table, x: x, y: y, loss: net.loss, fused: net.lossIsFused, regularization: net.regularization)
  }

  /// Layer `d` of the pass over buffers of its own (`buffer` allocates them), with room
  /// for `columns` columns: z, a, δz, δa, the dropout's mask and ã, dW, db.
  private static func passLayer(
    _ d: Dense, W: UnsafeMutablePointer<T>, b: UnsafeMutablePointer<T>, keep: Double, columns: Int,
    _ buffer: (Int) -> UnsafeMutablePointer<T>
  ) -> PassLayer<T> {
    let values = d.outputSize * columns
    return PassLayer(
      inputs: d.inputSize, outputs: d.outputSize, activation: d.activation, W: W, b: b, dW: buffer(d.W.count),
      db: buffer(d.outputSize), z: buffer(values), a: buffer(values), dz: buffer(values), da: buffer(values), keep: keep,
      mask: buffer(keep < 1 ? values : 1), dropped: buffer(keep < 1 ? values : 1))
  }

  /// The dropout masks of the last batch (`columns` wide), one per layer (1×1 zeros for
  /// layers without dropout): copied once, when a run ends.
  func masks(columns: Int, dropout: [Double]) -> [Matrix] {
    pass.layers.enumerated().map { l, layer in
      guard l < dropout.count, dropout[l] > 0, columns <= maxBatch,
        let copy = try? Matrix(
          rows: layer.outputs, cols: columns, columnMajor: (0..<layer.outputs * columns).map { Double(layer.mask[$0]) })
      else { return Matrix(scalar: 0) }
      return copy
    }
  }

  /// `p := m`, converted to `T` (a copy for Double).
  static func load(_ m: Matrix, into p: UnsafeMutablePointer<T>) {
    m.storage.withUnsafeBufferPointer { source in
      for k in source.indices { p[k] = T(source[k]) }
    }
  }

  /// `m := p`, converted back to Double (exactly: every Float is a Double).
  static func store(_ p: UnsafePointer<T>, into m: inout Matrix) {
    m.storage.withUnsafeMutableBufferPointer { target in
      for k in target.indices { target[k] = Double(p[k]) }
    }
  }

  deinit {
    for p in allocations { p.deallocate() }
    pass.layers.deallocate()
  }

  /// Copies columns `order[start..<start+count]` of X and Y into the batch buffers
  /// (converting each element to `T`: for float32 the data set needs no Float copy).
  func gather(_ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>, _ order: UnsafePointer<Int>, start: Int, count: Int) {
    for c in 0..<count {
      let j = order[start + c]
      Self.convert(X + j * inputs, into: x + c * inputs, count: inputs)
      Self.convert(Y + j * outputs, into: y + c * outputs, count: outputs)
    }
  }

  @inline(__always)
  private static func convert(_ source: UnsafePointer<Double>, into target: UnsafeMutablePointer<T>, count: Int) {
    for k in 0..<count { target[k] = T(source[k]) }
  }

  /// One optimizer update of every parameter (`settings.t` is the optimizer's step number).
  func update(_ settings: Optimizer.Settings) {
    for (layer, pass) in zip(layers, pass.layers) {
      _ = Optimizer.update(settings, layer.W, pass.dW, layer.mW, layer.vW, count: layer.weightCount, false)
      _ = Optimizer.update(settings, layer.b, pass.db, layer.mb, layer.vb, count: layer.outputs, false)
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

  /// Keeps W, b and the optimizer's m, v (the state at the start of the epoch).
  func saveParameters() {
    for layer in layers { layer.copySaved(restoring: false) }
  }

  /// Puts back what `saveParameters` kept: the parameters and the optimizer's state
  /// together, so Adam's moments match the parameters they are restored with.
  func restoreSavedParameters() {
    for layer in layers { layer.copySaved(restoring: true) }
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
