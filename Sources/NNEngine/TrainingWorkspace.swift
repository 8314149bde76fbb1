/// What one training run keeps besides the network's pass buffers, allocated once, as
/// raw memory: the batch x, y, the parameters W, b and the optimizer's state (copied in
/// at the start, out at the end or when training stops early), and W, b at the start of
/// the epoch. z, a, dz, da, dW, db are the network's own `PassBuffers`, taken for the run.
///
/// Every batch runs the one `Pass` over a layer table of raw pointers built here once.
/// Raw buffers make the steady state free of allocation *and* of reference counting,
/// which for the notes' tiny networks costs more than the arithmetic.
final class TrainingWorkspace {
  struct Layer {
    var inputs: Int
    var outputs: Int
    var W, b: UnsafeMutablePointer<Double>
    var mW, mb, vW, vb: UnsafeMutablePointer<Double>
    /// W and b at the start of the epoch, for restoring after a step that broke them,
    /// and the optimizer's state then (restored with them).
    var savedW, savedb: UnsafeMutablePointer<Double>
    var savedmW, savedmb, savedvW, savedvb: UnsafeMutablePointer<Double>
    var weightCount: Int { inputs * outputs }

    /// Copies W, b, mW, mb, vW, vb to their saved copies, or back (`restoring`).
    func copySaved(restoring: Bool) {
      func copy(_ live: UnsafeMutablePointer<Double>, _ saved: UnsafeMutablePointer<Double>, _ count: Int) {
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
  let x, y: UnsafeMutablePointer<Double>
  let inputs: Int, outputs: Int
  /// The pass over `layers`' parameters, `buffers` and x, y.
  let pass: Pass
  /// The network's buffers, kept alive (and unshared) for the pointers in `pass`.
  private let buffers: PassBuffers
  private let allocations: [UnsafeMutablePointer<Double>]

  /// Takes `net`'s pass buffers (see `Network.takeBuffers`) and copies its parameters and
  /// the optimizer's state in.
  init(_ net: inout Network, _ optimizer: Optimizer, maxBatch: Int) {
    self.maxBatch = maxBatch
    inputs = net.inputSize ?? 0
    outputs = net.outputSize ?? 0
    var allocated: [UnsafeMutablePointer<Double>] = []
    func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
      let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, count))
      p.initialize(repeating: 0, count: Swift.max(1, count))
      allocated.append(p)
      return p
    }
    x = buffer(inputs * maxBatch)
    y = buffer(outputs * maxBatch)
    buffers = net.takeBuffers(columns: maxBatch)
    let table = UnsafeMutableBufferPointer<PassLayer>.allocate(capacity: net.layers.count)
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
      table.initializeElement(at: l, to: buffers.layer(l, of: d, W: layer.W, b: layer.b, keep: 1 - net.dropout[l]))
      built.append(layer)
    }
    layers = built
    allocations = allocated
    pass = Pass(layers: table, x: x, y: y, loss: net.loss, fused: net.lossIsFused, regularization: net.regularization)
  }

  /// The dropout masks of the last batch (`columns` wide), one per layer (1×1 zeros for
  /// layers without dropout): copied once, when a run ends.
  func masks(columns: Int, dropout: [Double]) -> [Matrix] {
    buffers.mask.enumerated().map { l, m in
      guard l < dropout.count, dropout[l] > 0, columns <= m.cols,
        let copy = try? Matrix(rows: m.rows, cols: columns, columnMajor: Array(m.storage.prefix(m.rows * columns)))
      else { return Matrix(scalar: 0) }
      return copy
    }
  }

  static func load(_ m: Matrix, into p: UnsafeMutablePointer<Double>) {
    m.storage.withUnsafeBufferPointer { if let source = $0.baseAddress { p.update(from: source, count: $0.count) } }
  }

  static func store(_ p: UnsafePointer<Double>, into m: inout Matrix) {
    m.storage.withUnsafeMutableBufferPointer { if let target = $0.baseAddress { target.update(from: p, count: $0.count) } }
  }

  deinit {
    for p in allocations { p.deallocate() }
    pass.layers.deallocate()
  }

  /// Copies columns `order[start..<start+count]` of X and Y into the batch buffers.
  func gather(_ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>, _ order: UnsafePointer<Int>, start: Int, count: Int) {
    for c in 0..<count {
      let j = order[start + c]
      (x + c * inputs).update(from: X + j * inputs, count: inputs)
      (y + c * outputs).update(from: Y + j * outputs, count: outputs)
    }
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
