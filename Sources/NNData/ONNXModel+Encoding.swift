/// Writing an `ONNXModel` in protobuf's wire format (field numbers: see `ONNXModel`).
///
/// Empty strings, empty lists and absent values are left out, as protobuf serializers do.
/// `dims` and the attributes' `floats`/`ints` are written one value per field, since
/// `onnx.proto` (proto2) does not declare them packed; `float_data` and `double_data` are
/// declared `[packed = true]` and written packed.
///
/// The model's `graph` is written **last**, after `metadata_props` (protobuf allows fields
/// in any order; readers take them as they come). A protobuf message has no end marker,
/// so a file cut between two top-level fields would be a well-formed, shorter model;
/// with the graph last, every cut of a file nnsh wrote falls inside the graph (whose
/// declared length then runs past the end) or removes it, and `load model` says so.
extension ONNXModel {
  /// The model as the bytes of a `.onnx` file.
  public func serialized() -> [UInt8] {
    var w = ProtobufWriter()
    if irVersion != 0 { w.integer(1, irVersion) }
    for set in opsetImports {
      w.message(8) { m in
        if !set.domain.isEmpty { m.string(1, set.domain) }
        m.integer(2, set.version)
      }
    }
    if !producerName.isEmpty { w.string(2, producerName) }
    if !producerVersion.isEmpty { w.string(3, producerVersion) }
    if !domain.isEmpty { w.string(4, domain) }
    if modelVersion != 0 { w.integer(5, modelVersion) }
    if !docString.isEmpty { w.string(6, docString) }
    for entry in metadata {
      w.message(14) { m in
        m.string(1, entry.key)
        m.string(2, entry.value)
      }
    }
    if let graph { w.message(7) { graph.encode(into: &$0) } }
    return w.bytes
  }
}

extension ONNXModel.Graph {
  func encode(into w: inout ProtobufWriter) {
    for node in nodes { w.message(1) { node.encode(into: &$0) } }
    if !name.isEmpty { w.string(2, name) }
    for tensor in initializers { w.message(5) { tensor.encode(into: &$0) } }
    if !docString.isEmpty { w.string(10, docString) }
    for value in inputs { w.message(11) { value.encode(into: &$0) } }
    for value in outputs { w.message(12) { value.encode(into: &$0) } }
  }
}

extension ONNXModel.Node {
  func encode(into w: inout ProtobufWriter) {
    for input in inputs { w.string(1, input) }
    for output in outputs { w.string(2, output) }
    if !name.isEmpty { w.string(3, name) }
    w.string(4, opType)
    for attribute in attributes { w.message(5) { attribute.encode(into: &$0) } }
    if !docString.isEmpty { w.string(6, docString) }
    if !domain.isEmpty { w.string(7, domain) }
  }
}

extension ONNXModel.Attribute {
  func encode(into w: inout ProtobufWriter) {
    w.string(1, name)
    if let f { w.float(2, f) }
    if let i { w.integer(3, i) }
    if let s { w.lengthDelimited(4, s) }
    for v in floats { w.float(7, v) }
    for v in ints { w.integer(8, v) }
    if let kind { w.integer(20, kind.rawValue) }
  }
}

extension ONNXModel.Tensor {
  func encode(into w: inout ProtobufWriter) {
    for d in dims { w.integer(1, d) }
    w.integer(2, Int64(dataType))
    if !floatData.isEmpty { w.packedFloats(4, floatData) }
    if !name.isEmpty { w.string(8, name) }
    if let rawData { w.lengthDelimited(9, rawData) }
    if !doubleData.isEmpty { w.packedDoubles(10, doubleData) }
  }
}

extension ONNXModel.ValueInfo {
  func encode(into w: inout ProtobufWriter) {
    w.string(1, name)
    if elementType != nil || shape != nil {
      w.message(2) { type in
        type.message(1) { tensor in
          if let elementType { tensor.integer(1, Int64(elementType)) }
          if let shape {
            tensor.message(2) { s in
              for d in shape {
                s.message(1) { dim in
                  switch d {
                  case .value(let n): dim.integer(1, n)
                  case .parameter(let p): dim.string(2, p)
                  case .unknown: break
                  }
                }
              }
            }
          }
        }
      }
    }
    if !docString.isEmpty { w.string(3, docString) }
  }
}
