import NNEngine

/// A network as an ONNX model (`export onnx "m.onnx"`), the graph nnsh writes:
///
///     x [N, d] ─ Gemm(W1, b1, transB=1) ─ z1 ─ Relu ─ a1 ─ Gemm(W2, b2, transB=1) ─ … ─ h [N, k]
///
/// ONNX, like NumPy and PyTorch, puts one sample in each **row**: the input `x` is
/// `[N, d]` with a symbolic batch size `N`, and the output `h` is `[N, k]`. nnsh puts
/// samples in columns, so the file computes the transpose of nnsh's equations,
/// `zᵀ = aᵀ Wᵀ + bᵀ`: `Gemm(A, B, C, transB=1)` is `A Bᵀ + C`, with `B = W[l]` stored
/// as nnsh holds it (`[n[l], n[l-1]]`, out × in, row-major as ONNX requires) and
/// `C = b[l]` of shape `[n[l]]` broadcast over the rows. `h` of the file is nnsh's `h`
/// transposed, the same numbers.
///
/// Each layer is one `Gemm` and its activation: `Relu`, `Sigmoid`, `Tanh`,
/// `Softmax(axis=1)` (per sample), nothing for linear. The output layer's activation is
/// in the graph, as in `export torch`'s `model(x)`: with `loss ce` and a softmax output,
/// `h` is the probabilities (nnsh's loss reads the logits, but `h` is the softmax).
/// leaky_relu is `Max(z, Mul(z, α))` (for α ≤ 1; `Min` for α > 1), with α a scalar
/// initializer `alpha<l>` of the model's element type: ONNX's `LeakyRelu` holds α as a
/// 32-bit float attribute (0.1 becomes 0.10000000149…), and onnxruntime 1.32 has no
/// float64 `LeakyRelu` kernel at opset 19 and later. A dropout is the identity at
/// inference and is left out (the `nnsh.layers` metadata still names it).
///
/// Values are float64 (`DOUBLE`) unless `dtype` is `.float` (float32). The file imports
/// the ai.onnx operator set `opset` (17, IR version 8); `producer_name` is "nnsh",
/// `producer_version` the version, `doc_string` describes the network, and
/// `metadata_props` hold `nnsh.loss` (the loss, for `load model`) and `nnsh.layers`.
///
///     let model = ONNXModel(network: net, dtype: .double, version: "0.1.0")
///     try AtomicFile.write(model.serialized(), to: "m.onnx")
extension ONNXModel {
  /// The ai.onnx operator set nnsh writes, and the IR version that goes with it.
  public static let opset: Int64 = 17
  public static let exportIRVersion: Int64 = 8
  /// The names of the graph's input and output.
  public static let inputName = "x"
  public static let outputName = "h"
  /// Metadata keys nnsh writes.
  public static let lossKey = "nnsh.loss"
  public static let layersKey = "nnsh.layers"

  /// The model of `network` with values of type `dtype` (`.float` for float32; anything
  /// else writes float64).
  public init(network: Network, dtype: DataType, version: String) {
    let type: DataType = dtype == .float ? .float : .double
    self.init()
    irVersion = Self.exportIRVersion
    opsetImports = [OperatorSet(version: Self.opset)]
    producerName = "nnsh"
    producerVersion = version
    let description = ModelDescription(network)
    metadata = [Entry(Self.lossKey, network.loss.rawValue), Entry(Self.layersKey, description.layersText)]

    var graph = Graph()
    graph.name = "nnsh"
    var current = Self.inputName
    let r = network.layers.count
    for (k, layer) in network.layers.enumerated() {
      let l = k + 1
      let last = l == r
      // The value after this layer: the output h for the last one.
      let a = last ? Self.outputName : "a\(l)"
      // A linear layer has no activation node: its Gemm writes a[l] (or h) itself.
      let z = layer.activation == .linear ? a : "z\(l)"
      graph.initializers.append(Tensor(name: "W\(l)", rows: layer.W.rows, cols: layer.W.cols, rowMajor: Self.rowMajor(layer.W), type: type))
      graph.initializers.append(Tensor(name: "b\(l)", dims: [Int64(layer.b.count)], values: layer.b.storage.array, type: type))
      graph.nodes.append(Node("Gemm", inputs: [current, "W\(l)", "b\(l)"], outputs: [z], name: "gemm\(l)", attributes: [.int("transB", 1)]))
      switch layer.activation {
      case .linear: break
      case .relu: graph.nodes.append(Node("Relu", inputs: [z], outputs: [a], name: "relu\(l)"))
      case .sigmoid: graph.nodes.append(Node("Sigmoid", inputs: [z], outputs: [a], name: "sigmoid\(l)"))
      case .tanh: graph.nodes.append(Node("Tanh", inputs: [z], outputs: [a], name: "tanh\(l)"))
      case .softmax:
        graph.nodes.append(Node("Softmax", inputs: [z], outputs: [a], name: "softmax\(l)", attributes: [.int("axis", 1)]))
      case .leakyReLU(let alpha):
        // leaky_relu(z) = z for z > 0, αz otherwise = max(z, αz) when α ≤ 1, min(z, αz) when α > 1.
        graph.initializers.append(Tensor(name: "alpha\(l)", dims: [], values: [alpha], type: type))
        graph.nodes.append(Node("Mul", inputs: [z, "alpha\(l)"], outputs: ["alpha_z\(l)"], name: "leaky_relu\(l).scale"))
        graph.nodes.append(Node(alpha <= 1 ? "Max" : "Min", inputs: [z, "alpha_z\(l)"], outputs: [a], name: "leaky_relu\(l)"))
      }
      current = a
    }
    let d = Int64(network.inputSize ?? 0), k = Int64(network.outputSize ?? 0)
    graph.inputs = [ValueInfo(name: Self.inputName, elementType: type.rawValue, shape: [.parameter("N"), .value(d)])]
    graph.outputs = [ValueInfo(name: Self.outputName, elementType: type.rawValue, shape: [.parameter("N"), .value(k)])]
    graph.inputs[0].docString = "N samples, one per row (nnsh's x transposed)"
    graph.outputs[0].docString = "the network's output h, one row per sample (nnsh's h transposed)"
    graph.docString = description.layersText
    self.graph = graph

    let precision = type == .double ? "float64" : "float32"
    let output: String
    switch network.layers.last?.activation {
    case .softmax?: output = " h is the softmax's output, the class probabilities."
    case .sigmoid?: output = " h is the sigmoid's output, the probability of class 1."
    default: output = ""
    }
    docString = """
      A network exported by nnsh \(version): \(description.layersText); loss \(network.loss.rawValue).
      Input x is [N, \(d)] and output h is [N, \(k)], \(precision), one sample per row. nnsh keeps samples \
      in columns, so each Gemm (transB=1) computes z[l]ᵀ = a[l-1]ᵀ W[l]ᵀ + b[l]ᵀ with W[l] stored out × in, \
      as nnsh holds it: this h is nnsh's h transposed.\(output)
      """
  }

  /// The elements of `m` in row-major order (ONNX's), from nnsh's column-major storage.
  static func rowMajor(_ m: Matrix) -> [Double] {
    var out = [Double](repeating: 0, count: m.count)
    m.storage.withUnsafeBufferPointer { s in
      for i in 0..<m.rows {
        for j in 0..<m.cols { out[i * m.cols + j] = s[i + j * m.rows] }
      }
    }
    return out
  }
}

extension ONNXModel.Tensor {
  /// A tensor of `values` (row-major) with shape `dims`, stored as `raw_data` of `type`
  /// (float64, or float32 rounded to nearest).
  init(name: String, dims: [Int64], values: [Double], type: ONNXModel.DataType) {
    self.init(name: name, dims: dims, dataType: type.rawValue)
    var w = ProtobufWriter()
    for v in values {
      if type == .float { w.append(Float(v).bitPattern) } else { w.append(v.bitPattern) }
    }
    rawData = w.bytes
  }

  init(name: String, rows: Int, cols: Int, rowMajor values: [Double], type: ONNXModel.DataType) {
    self.init(name: name, dims: [Int64(rows), Int64(cols)], values: values, type: type)
  }
}
