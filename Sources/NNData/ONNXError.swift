/// What reading an ONNX file refuses, with the file name as the user wrote it:
///
///     m.onnx: not a valid ONNX model: ModelProto field 7: a length of 530 bytes, but only 120 are left (the file is truncated or damaged)
///     m.onnx: nnsh cannot represent this graph: node 2 ('conv') is a Conv, an operator nnsh does not read (…)
///
/// Failing to open or read the file is a `DataError.cannotRead`; what the engine refuses
/// (a tensor beyond the memory budget) is its `EngineError`.
public enum ONNXError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Not a well-formed ONNX model: damaged or truncated protobuf, no graph, tensors whose
  /// data does not match their declared shape.
  case invalid(file: String, reason: String)
  /// A well-formed model that is not a chain of dense layers nnsh can build: another
  /// operator, a branch, a subgraph, a missing initializer, shapes that do not chain.
  case unsupported(file: String, reason: String)

  public var description: String {
    switch self {
    case .invalid(let file, let reason):
      return "\(QuotedText.quoted(file, limit: 256)): not a valid ONNX model: \(reason)"
    case .unsupported(let file, let reason):
      return "\(QuotedText.quoted(file, limit: 256)): nnsh cannot represent this graph: \(reason)"
    }
  }
}
