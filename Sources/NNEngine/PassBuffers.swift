/// The one buffer set of a network's pass: z[l], a[l], dz[l], da[l] (`n[l] × B`) and
/// dW[l], db[l] (shaped like W[l], b[l]) for every layer, index l − 1.
///
/// `Network` keeps them and the shell reads them as they are (no copy: `z2` is the
/// matrix `Pass` wrote). The trainer takes them for a run (`Network.takeBuffers`), grown
/// once to its batch, and writes them through raw pointers: they are unshared then, so
/// that is safe, and each batch reuses them without allocating.
///
///     var buffers = PassBuffers()
///     buffers.append(for: try Dense(inputs: 2, outputs: 3))   // z[1] … db[1]: 3×1, dW[1]: 3×2
struct PassBuffers: Sendable {
  var z: [Matrix] = [], a: [Matrix] = [], dz: [Matrix] = [], da: [Matrix] = []
  var dW: [Matrix] = [], db: [Matrix] = []
  /// For a layer followed by dropout: its 0/1 mask m[l] and what it passes on,
  /// ã[l] = m[l] ⊙ a[l] / (1 − p) (`n[l] × B`; one entry for the other layers).
  var mask: [Matrix] = [], dropped: [Matrix] = []

  /// Zero buffers for one more layer (one column; the first pass resizes them).
  mutating func append(for layer: Dense) {
    let zero = Matrix(zerosUnchecked: layer.outputSize, 1)
    z.append(zero)
    a.append(zero)
    dz.append(zero)
    da.append(zero)
    dW.append(Matrix(zerosUnchecked: layer.W.rows, layer.W.cols))
    db.append(zero)
    mask.append(zero)
    dropped.append(zero)
  }

  /// z and a shaped `n[l] × columns` and unshared, ready for `Pass.forward` to write.
  /// With `dropout` (p per layer), the mask and ã of each layer that has one too.
  mutating func prepareForward(_ layers: [Dense], columns: Int, dropout: [Double] = []) {
    for l in layers.indices {
      z[l].prepare(rows: layers[l].outputSize, cols: columns)
      a[l].prepare(rows: layers[l].outputSize, cols: columns)
      if l < dropout.count, dropout[l] > 0 {
        mask[l].prepare(rows: layers[l].outputSize, cols: columns)
        dropped[l].prepare(rows: layers[l].outputSize, cols: columns)
      }
    }
  }

  /// dz and da shaped `n[l] × columns`, dW and db unshared, ready for `Pass.backward`.
  mutating func prepareBackward(_ layers: [Dense], columns: Int) {
    for l in layers.indices {
      dz[l].prepare(rows: layers[l].outputSize, cols: columns)
      da[l].prepare(rows: layers[l].outputSize, cols: columns)
      dW[l].prepare(rows: layers[l].W.rows, cols: layers[l].W.cols)
      db[l].prepare(rows: layers[l].outputSize, cols: 1)
    }
  }

  /// Layer `l` of a pass over these buffers, with the parameters at `W` and `b`. The
  /// pointers are valid while the buffers are neither changed nor freed.
  /// `keep` is 1 − p of the dropout after the layer while it is applied, else 1.
  func layer(
    _ l: Int, of dense: Dense, W: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>, keep: Double = 1
  ) -> PassLayer<Double> {
    PassLayer(
      inputs: dense.inputSize, outputs: dense.outputSize, activation: dense.activation, W: W, b: b,
      dW: dW[l].firstElement, db: db[l].firstElement, z: z[l].firstElement, a: a[l].firstElement, dz: dz[l].firstElement,
      da: da[l].firstElement, keep: keep, mask: mask[l].firstElement, dropped: dropped[l].firstElement)
  }
}

extension Matrix {
  /// The first element, for the pass's kernels: valid while this storage lives, and
  /// written through only after `prepare` made it unshared.
  var firstElement: UnsafeMutablePointer<Double> { storage.buffer.pointer }

  /// Shaped `rows × cols` (keeping its block when that is large enough) and unshared.
  mutating func prepare(rows: Int, cols: Int) {
    resize(rows: rows, cols: cols)
    storage.makeUnique()
  }
}
