import NNData
import NNEngine

/// `export onnx "m.onnx" [dtype=f32]` and `load model "m.onnx"`: the network as an ONNX
/// model, for onnxruntime and every tool that reads ONNX (see `ONNXModel+Network.swift`
/// for the graph, `ONNXModel+Import.swift` for what is read back).
///
///     export onnx "model.onnx"              float64; input x [N, d], output h [N, k]
///     export onnx "model.onnx" dtype=f32    float32
///     load model "model.onnx"               a new network from the file's Gemm chain
extension Interpreter {
  /// `export onnx "FILE.onnx" [dtype=f32]`.
  func exportONNXStatement(_ s: Statement) throws -> Output? {
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    guard path.hasSuffix(".onnx") else {
      throw error("export onnx writes a .onnx file (export onnx \"model.onnx\")", at: fileExpression.span)
    }
    let dtype = try saveDataType(s)
    try requireLayers(to: "export", at: s.span)
    warnAboutParameters(at: s.span)
    let model = ONNXModel(network: network, dtype: dtype == .f32 ? .float : .double, version: fileVersion)
    try files(fileExpression.span) { try model.write(path: path) }
    guard isChatty else { return nil }
    let d = network.inputSize ?? 0, k = network.outputSize ?? 0
    var counts: [(String, Int)] = []
    for op in model.graph?.nodes.map(\.opType) ?? [] {
      if let i = counts.firstIndex(where: { $0.0 == op }) { counts[i].1 += 1 } else { counts.append((op, 1)) }
    }
    let ops = counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    return .message(
      "export onnx: \(path) (opset \(ONNXModel.opset): \(ops); input x [N, \(d)], output h [N, \(k)], "
        + "\(dtype == .f32 ? "float32" : "float64"))")
  }

  /// `load model "FILE.onnx"` (`loadParametersStatement` sends it here).
  func loadONNXModelStatement(_ s: Statement, path: String, at span: SourceSpan) throws -> Output? {
    let (loaded, source) = try files(span) { try ONNXModel.read(path: path).network(file: path) }
    let note: String
    switch (source, loaded.layers.last?.activation) {
    case (.metadata, _): note = ""
    case (.output, .softmax?): note = " (implied by the Softmax output)"
    case (.output, .sigmoid?): note = " (implied by the Sigmoid output)"
    case (.output, _): note = " (the file names no loss; mse for its output)"
    }
    return try installLoadedModel(loaded, s, path: path, at: span, lossNote: note)
  }

  /// The ONNX page: `help onnx`, and the first half of `help export` (`torchHelp` follows).
  static let exportHelp = """
    export onnx "m.onnx" [dtype=f32]: an ONNX model (opset 17) that onnxruntime runs:
      one Gemm (transB=1) per layer with W[l] and b[l] as initializers, then its
      activation: Relu, Sigmoid, Tanh, Softmax (axis 1), or leaky_relu as
      Max(z, Mul(z, α)) (Min for α > 1; ONNX's LeakyRelu holds α in float32).
      Rows are samples in ONNX, as in NumPy and PyTorch; in nnsh columns are. So the
      input x is [N, d] and the output h is [N, k], with N the batch size (symbolic):
      the file computes h = Gemm(a, W, b) = a Wᵀ + bᵀ, nnsh's h transposed, with W[l]
      stored out × in as nnsh holds it. Nothing to transpose by hand:
        python: onnxruntime.InferenceSession("m.onnx").run(None, {"x": X.T})[0].T == h
      The output activation is part of the graph (as in export torch): with a softmax
      or sigmoid output h is the probabilities. Dropout is the identity there and is
      left out. float64 by default (onnxruntime then gives nnsh's h to about 1e-15);
      dtype=f32 writes float32 (about 1e-7). The metadata (nnsh.loss, nnsh.layers) records the loss.
    load model "m.onnx" reads such a file back into a new network: a chain of Gemm
      nodes with those activations (LeakyRelu, Identity and Dropout too), float32 or
      float64 initializers. The loss is the file's nnsh.loss, or else the one the
      output implies (Softmax: ce, Sigmoid: bce, otherwise mse). Other operators,
      branches, missing initializers, wrong shapes and damaged files are refused,
      and the session is left as it was.
    """
}
