import NNEngine

/// Reading a network back from an ONNX model (`load model "m.onnx"`): the graph must be
/// a chain of dense layers of the shape `export onnx` writes (see `ONNXModel+Network.swift`):
///
///     x ─ Gemm ─ [Relu | Sigmoid | Tanh | Softmax | LeakyRelu | Mul+Max/Min] ─ Gemm ─ … ─ h
///
/// - one graph input (besides initializers listed as inputs) and one output, float32 or
///   float64, each `[N, size]` when a shape is given;
/// - `Gemm` with `transA=0`, `alpha=1`, `beta=1`, `B` an initializer `[out, in]` with
///   `transB=1` (or `[in, out]` with `transB=0`) and `C` an initializer `[out]` or `[1, out]`;
/// - at most one activation after each Gemm: `Relu`, `Sigmoid`, `Tanh`, `Softmax`
///   (over axis 1 = −1, per sample), `LeakyRelu(alpha)`, or nnsh's leaky_relu
///   `Max(z, Mul(z, α))` / `Min(z, Mul(z, α))` with α a scalar initializer;
/// - `Identity` and `Dropout` (the identity at inference) anywhere in the chain;
/// - initializers in `raw_data` or `double_data` / `float_data`, in the file itself.
///
/// Anything else is refused and named: another operator (`Conv`, `If`), an operator of
/// another domain, a branch (a value used twice, a node that does not read the previous
/// one), a subgraph, a missing initializer, shapes that do not chain, data that does not
/// fill its declared shape. Everything is checked before the network is built.
///
/// The loss is the file's `nnsh.loss` metadata when it names one of nnsh's losses;
/// otherwise the output implies it: a `Softmax` output is `ce`, a `Sigmoid` output `bce`,
/// anything else `mse`. Dropout is restored from `nnsh.layers` when that metadata
/// describes the same layers (the graph itself has no dropout).
///
///     let (net, lossSource) = try ONNXModel(serialized: bytes).network(file: "m.onnx")
extension ONNXModel {
  /// The operators `load model` reads.
  public static let readableOperators = ["Gemm", "Relu", "Sigmoid", "Tanh", "Softmax", "LeakyRelu", "Mul", "Max", "Min", "Identity", "Dropout"]

  /// Where the loaded network's loss came from, for the shell's message.
  public enum LossSource: Equatable, Sendable {
    /// The `nnsh.loss` metadata.
    case metadata
    /// The output layer's activation (`Softmax` → ce, `Sigmoid` → bce, else mse).
    case output
  }

  /// The network this model describes, and where its loss came from.
  public func network(file: String) throws -> (network: Network, loss: LossSource) {
    func invalid(_ reason: String) -> ONNXError { .invalid(file: file, reason: reason) }
    func unsupported(_ reason: String) -> ONNXError { .unsupported(file: file, reason: reason) }
    guard let graph else { throw invalid("it holds no graph (an empty or truncated file?)") }
    guard opsetImports.contains(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
      throw invalid("it imports no ai.onnx operator set (opset_import)")
    }
    if graph.hasSparseInitializers { throw unsupported("it has sparse initializers, which nnsh does not read") }

    var initializers: [String: Tensor] = [:]
    for t in graph.initializers { initializers[t.name] = t }
    let inputs = graph.inputs.filter { initializers[$0.name] == nil }
    guard inputs.count == 1, let input = inputs.first else {
      throw unsupported("the graph has \(inputs.count) inputs (\(Self.list(inputs.map(\.name)))); nnsh reads one input x [N, d]")
    }
    guard graph.outputs.count == 1, let output = graph.outputs.first else {
      throw unsupported("the graph has \(graph.outputs.count) outputs (\(Self.list(graph.outputs.map(\.name)))); nnsh reads one output h [N, k]")
    }
    // The operators first: a Conv model is refused for its Conv, not for its input's rank.
    let layers = try chain(graph, from: input.name, to: output.name, initializers: initializers, file: file)
    try Self.checkValue(input, "input", file: file)
    try Self.checkValue(output, "output", file: file)
    guard let first = layers.first, let last = layers.last else { throw unsupported("the graph has no Gemm node: no layer to build") }
    if case .value(let d)? = input.shape?.last, d != Int64(first.W.cols) {
      throw unsupported("the input '\(QuotedText.quoted(input.name))' has \(d) features but the first Gemm's weights take \(first.W.cols)")
    }
    if case .value(let k)? = output.shape?.last, k != Int64(last.W.rows) {
      throw unsupported("the output '\(QuotedText.quoted(output.name))' has \(k) columns but the last Gemm gives \(last.W.rows)")
    }

    // The loss: the file's word for it, or what the output implies.
    var source = LossSource.output
    var loss: Loss
    switch last.activation {
    case .softmax: loss = .ce
    case .sigmoid: loss = .bce
    default: loss = .mse
    }
    if let word = metadata.last(where: { $0.key == Self.lossKey })?.value, let named = Loss(rawValue: word) {
      loss = named
      source = .metadata
    }
    var network = Network(loss: loss)
    let dropout = restoredDropout(layers)
    // The shapes chain (checked above), so only the memory budget can refuse these.
    for (k, layer) in layers.enumerated() {
      try network.append(Dense(inputs: layer.W.cols, outputs: layer.W.rows, activation: layer.activation))
      try network.setParameters(layer: k + 1, W: layer.W, b: layer.b)
      if dropout[k] > 0 { try network.setDropout(dropout[k]) }
    }
    return (network, source)
  }

  /// One layer as read from the graph.
  struct Layer {
    var W: Matrix
    var b: Matrix
    var activation: Activation
  }

  /// The layers of the chain from `start` to `end`.
  private func chain(
    _ graph: Graph, from start: String, to end: String, initializers: [String: Tensor], file: String
  ) throws -> [Layer] {
    func unsupported(_ reason: String) -> ONNXError { .unsupported(file: file, reason: reason) }
    // How many nodes read each value: in a chain, every value is read once (z twice in
    // leaky_relu's Mul and Max, which are read as one step).
    var readers: [String: Int] = [:]
    for node in graph.nodes { for name in node.inputs where initializers[name] == nil { readers[name, default: 0] += 1 } }

    var layers: [Layer] = []
    var current = start
    // True once the last layer has its activation: a second one is refused.
    var activated = false
    var k = 0
    while k < graph.nodes.count {
      let node = graph.nodes[k]
      let place = Self.place(node, k)
      guard node.domain.isEmpty || node.domain == "ai.onnx" else {
        throw unsupported("\(place) is \(node.domain).\(node.opType), an operator of another domain than ai.onnx")
      }
      guard Self.readableOperators.contains(node.opType) else {
        throw unsupported(
          "\(place) is a\("AEIOU".contains(node.opType.first ?? "x") ? "n" : "") \(QuotedText.quoted(node.opType)), an operator nnsh does not read "
            + "(it reads chains of Gemm with Relu, LeakyRelu, Sigmoid, Tanh or Softmax, as export onnx writes them)")
      }
      if let a = node.attributes.first(where: \.holdsGraph) {
        throw unsupported("\(place) has a subgraph (attribute '\(QuotedText.quoted(a.name))'); nnsh reads straight chains")
      }
      guard node.inputs.first == current else {
        let what = node.inputs.first.map { "'\(QuotedText.quoted($0))'" } ?? "nothing"
        throw unsupported("the graph branches: \(place) reads \(what), not '\(QuotedText.quoted(current))', the value before it in the chain")
      }
      guard readers[current, default: 0] <= (node.opType == "Mul" ? 2 : 1) else {
        throw unsupported("the graph branches: '\(QuotedText.quoted(current))' is read by \(readers[current, default: 0]) nodes")
      }
      let extra = node.opType == "Dropout" ? node.outputs.dropFirst().filter { !$0.isEmpty } : []
      guard node.outputs.count - extra.count == 1, let out = node.outputs.first, !out.isEmpty else {
        throw unsupported("\(place) has \(node.outputs.count) outputs; each node of a chain has one")
      }
      if let used = extra.first(where: { readers[$0] != nil }) {
        throw unsupported("the graph branches: \(place)'s mask '\(QuotedText.quoted(used))' is read by another node")
      }

      func activate(_ g: Activation) throws {
        guard !layers.isEmpty else { throw unsupported("\(place) (\(node.opType)) comes before any Gemm: nnsh's activations follow a layer") }
        guard !activated else { throw unsupported("\(place) (\(node.opType)) follows another activation: each nnsh layer has one") }
        layers[layers.count - 1].activation = g
        activated = true
      }

      switch node.opType {
      case "Gemm":
        layers.append(try gemm(node, place: place, initializers: initializers, previous: layers.last, file: file))
        activated = false
      case "Relu": try activate(.relu)
      case "Sigmoid": try activate(.sigmoid)
      case "Tanh": try activate(.tanh)
      case "Softmax":
        let axis = node.attribute("axis")?.i ?? 1
        guard axis == 1 || axis == -1 else {
          throw unsupported("\(place) is a Softmax over axis \(axis); nnsh's softmax is over each sample's values (axis 1)")
        }
        try activate(.softmax)
      case "LeakyRelu":
        try activate(.leakyReLU(alpha: Double(node.attribute("alpha")?.f ?? 0.01)))
      case "Mul":
        // nnsh's leaky_relu: Mul(z, α) then Max(z, αz) (Min for α > 1).
        let alphaName = node.inputs.count == 2 ? node.inputs[1] : ""
        guard let alpha = initializers[alphaName], k + 1 < graph.nodes.count,
          ["Max", "Min"].contains(graph.nodes[k + 1].opType),
          Set(graph.nodes[k + 1].inputs) == [current, out], graph.nodes[k + 1].inputs.count == 2
        else {
          throw unsupported("\(place) is a Mul that is not part of leaky_relu (Max(z, Mul(z, α)) with α an initializer)")
        }
        let values = try alpha.values(file: file)
        guard values.count == 1, alpha.dims.allSatisfy({ $0 == 1 }), let a = values.first, a.isFinite else {
          throw unsupported("\(place): leaky_relu's α '\(QuotedText.quoted(alphaName))' is not one finite number")
        }
        let next = graph.nodes[k + 1]
        guard (next.opType == "Max") == (a <= 1) else {
          throw unsupported("\(Self.place(next, k + 1)) is a \(next.opType) with α = \(a): that is not leaky_relu (Max for α ≤ 1, Min for α > 1)")
        }
        guard next.outputs.count == 1, let nextOut = next.outputs.first else {
          throw unsupported("\(Self.place(next, k + 1)) has \(next.outputs.count) outputs; each node of a chain has one")
        }
        try activate(.leakyReLU(alpha: a))
        current = nextOut
        k += 2
        continue
      case "Identity", "Dropout": break
      default:
        throw unsupported("\(place) is a \(node.opType) outside leaky_relu's Max(z, Mul(z, α))")
      }
      current = out
      k += 1
    }
    guard current == end else {
      throw unsupported("the chain ends at '\(QuotedText.quoted(current))', but the graph's output is '\(QuotedText.quoted(end))'")
    }
    return layers
  }

  /// The layer of a Gemm node: its weights and bias, checked.
  private func gemm(
    _ node: Node, place: String, initializers: [String: Tensor], previous: Layer?, file: String
  ) throws -> Layer {
    func unsupported(_ reason: String) -> ONNXError { .unsupported(file: file, reason: reason) }
    guard node.inputs.count == 3 else {
      throw unsupported("\(place) is a Gemm with \(node.inputs.count) inputs; nnsh's layers have a weight and a bias (A, B, C)")
    }
    if let a = node.attribute("transA"), a.i != 0 {
      throw unsupported("\(place) has transA=\(a.i.map(String.init) ?? "?"); nnsh reads Gemm with transA=0 (one sample per row of A)")
    }
    for name in ["alpha", "beta"] {
      if let a = node.attribute(name), a.f != 1 {
        throw unsupported("\(place) has \(name)=\(a.f.map { String(describing: $0) } ?? "?"); nnsh reads Gemm with alpha=1 and beta=1")
      }
    }
    let transB = node.attribute("transB")?.i ?? 0
    guard transB == 0 || transB == 1 else { throw unsupported("\(place) has transB=\(transB)") }
    let (wName, bName) = (node.inputs[1], node.inputs[2])
    guard let wt = initializers[wName] else {
      throw unsupported("\(place) reads the weights '\(QuotedText.quoted(wName))', which is not an initializer of the graph (missing)")
    }
    guard let bt = initializers[bName] else {
      throw unsupported("\(place) reads the bias '\(QuotedText.quoted(bName))', which is not an initializer of the graph (missing)")
    }
    guard wt.dims.count == 2 else {
      throw unsupported("\(place)'s weights '\(QuotedText.quoted(wName))' have shape \(Self.shape(wt.dims)); a Gemm's B is a matrix")
    }
    let values = try wt.values(file: file)
    // B is [out, in] with transB=1 (W as nnsh holds it), [in, out] with transB=0.
    let (rows, cols) = transB == 1 ? (Int(wt.dims[0]), Int(wt.dims[1])) : (Int(wt.dims[1]), Int(wt.dims[0]))
    guard rows > 0, cols > 0 else { throw unsupported("\(place)'s weights '\(QuotedText.quoted(wName))' are empty (\(Self.shape(wt.dims)))") }
    if let previous, previous.W.rows != cols {
      throw unsupported(
        "\(place)'s weights '\(QuotedText.quoted(wName))' \(Self.shape(wt.dims)) take \(cols) inputs, but the layer before gives \(previous.W.rows)")
    }
    guard bt.dims == [Int64(rows)] || bt.dims == [1, Int64(rows)] else {
      throw unsupported(
        "\(place)'s bias '\(QuotedText.quoted(bName))' has shape \(Self.shape(bt.dims)); it should be [\(rows)] to go with \(Self.shape(wt.dims))")
    }
    let bias = try bt.values(file: file)
    var column = [Double](repeating: 0, count: rows * cols)
    for i in 0..<rows {
      for j in 0..<cols { column[i + j * rows] = transB == 1 ? values[i * cols + j] : values[j * rows + i] }
    }
    let W = try Matrix(rows: rows, cols: cols, columnMajor: column)
    let b = try Matrix(rows: rows, cols: 1, columnMajor: bias)
    return Layer(W: W, b: b, activation: .linear)
  }

  /// The dropout of each layer, from `nnsh.layers` when it describes these layers.
  private func restoredDropout(_ layers: [Layer]) -> [Double] {
    let none = [Double](repeating: 0, count: layers.count)
    guard let text = metadata.last(where: { $0.key == Self.layersKey })?.value,
      let description = try? ModelDescription(layers: text, loss: "mse", file: ""),
      description.layers.count == layers.count,
      zip(description.layers, layers).allSatisfy({ $0.inputs == $1.W.cols && $0.outputs == $1.W.rows && $0.activation == $1.activation })
    else { return none }
    return description.layers.map(\.dropout)
  }

  /// Checks the graph's input or output: a float tensor of rank 2 when typed and shaped.
  private static func checkValue(_ v: ValueInfo, _ what: String, file: String) throws {
    if let t = v.elementType, t != DataType.double.rawValue, t != DataType.float.rawValue {
      throw ONNXError.unsupported(
        file: file, reason: "the \(what) '\(QuotedText.quoted(v.name))' is \(DataType.name(t)); nnsh reads FLOAT and DOUBLE tensors")
    }
    if let shape = v.shape, shape.count != 2 {
      throw ONNXError.unsupported(
        file: file, reason: "the \(what) '\(QuotedText.quoted(v.name))' has \(shape.count) dimensions; nnsh's are [N, size] (one sample per row)")
    }
  }

  /// `node 3 ('gemm2')`, 1-based as everywhere in nnsh.
  static func place(_ node: Node, _ k: Int) -> String {
    node.name.isEmpty ? "node \(k + 1)" : "node \(k + 1) ('\(QuotedText.quoted(node.name))')"
  }

  static func shape(_ dims: [Int64]) -> String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

  static func list(_ names: [String]) -> String {
    names.isEmpty ? "none" : names.prefix(4).map { QuotedText.quoted($0) }.joined(separator: ", ") + (names.count > 4 ? ", …" : "")
  }
}

extension ONNXModel.Tensor {
  /// The largest tensor nnsh reads: the matrices' own limit.
  static let maxElements = Int(Int32.max)

  /// The values, row-major, as doubles: from `raw_data` (little-endian FLOAT or DOUBLE)
  /// or `double_data` / `float_data`, which must hold exactly as many values as `dims`
  /// declare — checked before anything is allocated.
  func values(file: String) throws -> [Double] {
    func invalid(_ reason: String) -> ONNXError { .invalid(file: file, reason: reason) }
    let what = "initializer '\(QuotedText.quoted(name))'"
    guard !isExternal else {
      throw ONNXError.unsupported(file: file, reason: "the \(what) is stored in an external file; nnsh reads models whose data is inside the .onnx file")
    }
    guard let type = ONNXModel.DataType(rawValue: dataType), type == .double || type == .float else {
      throw ONNXError.unsupported(
        file: file, reason: "the \(what) is \(ONNXModel.DataType.name(dataType)); nnsh reads FLOAT and DOUBLE tensors")
    }
    var count = 1
    for d in dims {
      guard d >= 0 else { throw invalid("the \(what) declares a negative dimension, \(ONNXModel.shape(dims))") }
      let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: d))
      guard d <= Int64(Self.maxElements), !overflow, product <= Self.maxElements else {
        throw invalid("the \(what) declares \(ONNXModel.shape(dims)), more values than any matrix holds")
      }
      count = product
    }
    let width = type == .double ? 8 : 4
    if let raw = rawData {
      guard raw.count == count * width else {
        throw invalid("the \(what) declares \(ONNXModel.shape(dims)) (\(count) values, \(count * width) bytes) but its raw_data has \(raw.count) bytes")
      }
      var out = [Double](repeating: 0, count: count)
      raw.withUnsafeBytes { p in
        for k in 0..<count {
          out[k] = width == 8
            ? Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
            : Double(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self))))
        }
      }
      return out
    }
    let found = type == .double ? doubleData.count : floatData.count
    guard found == count else {
      let field = type == .double ? "double_data" : "float_data"
      throw invalid("the \(what) declares \(ONNXModel.shape(dims)) (\(count) values) but holds \(found) in \(field)")
    }
    return type == .double ? doubleData : floatData.map(Double.init)
  }
}
