/// `.onnx` files: a model's bytes, read whole and written atomically.
///
///     try ONNXModel(network: net, dtype: .double, version: "0.1.0").write(path: "m.onnx")
///     let model = try ONNXModel.read(path: "m.onnx")
extension ONNXModel {
  /// The model in the file at `path`; damaged or truncated protobuf is an
  /// `ONNXError.invalid` naming the file.
  public static func read(path: String) throws -> ONNXModel {
    let bytes = try FileBytes.read(path: path)
    do {
      return try ONNXModel(serialized: bytes)
    } catch let error as ProtobufError {
      throw ONNXError.invalid(file: path, reason: error.description { fieldNames[$0]?[$1] })
    }
  }

  /// The names of the fields nnsh reads, by message and number (onnx.proto's), for errors:
  /// `ModelProto field 7 (graph): a length of 530 bytes, but only 120 are left`.
  static let fieldNames: [String: [Int: String]] = [
    "ModelProto": [
      1: "ir_version", 2: "producer_name", 3: "producer_version", 4: "domain", 5: "model_version", 6: "doc_string", 7: "graph",
      8: "opset_import", 14: "metadata_props",
    ],
    "OperatorSetIdProto": [1: "domain", 2: "version"],
    "StringStringEntryProto": [1: "key", 2: "value"],
    "GraphProto": [
      1: "node", 2: "name", 5: "initializer", 10: "doc_string", 11: "input", 12: "output", 13: "value_info", 15: "sparse_initializer",
    ],
    "NodeProto": [1: "input", 2: "output", 3: "name", 4: "op_type", 5: "attribute", 6: "doc_string", 7: "domain"],
    "AttributeProto": [
      1: "name", 2: "f", 3: "i", 4: "s", 5: "t", 6: "g", 7: "floats", 8: "ints", 9: "strings", 10: "tensors", 11: "graphs",
      13: "doc_string", 20: "type",
    ],
    "TensorProto": [
      1: "dims", 2: "data_type", 4: "float_data", 8: "name", 9: "raw_data", 10: "double_data", 13: "external_data", 14: "data_location",
    ],
    "ValueInfoProto": [1: "name", 2: "type", 3: "doc_string"],
    "TypeProto": [1: "tensor_type"],
    "TypeProto.Tensor": [1: "elem_type", 2: "shape"],
    "TensorShapeProto": [1: "dim"],
    "TensorShapeProto.Dimension": [1: "dim_value", 2: "dim_param"],
  ]

  /// Writes the model to `path`, replacing any file there atomically (`AtomicFile`).
  public func write(path: String) throws {
    try AtomicFile.write(serialized(), to: path)
  }
}
