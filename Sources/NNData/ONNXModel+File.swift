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
    } catch {
      throw ONNXError.invalid(file: path, reason: error.description)
    }
  }

  /// Writes the model to `path`, replacing any file there atomically (`AtomicFile`).
  public func write(path: String) throws {
    try AtomicFile.write(serialized(), to: path)
  }
}
