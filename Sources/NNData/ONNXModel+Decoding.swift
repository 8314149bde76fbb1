/// Reading an `ONNXModel` from protobuf's wire format (field numbers: see `ONNXModel`).
///
/// Fields nnsh does not use are skipped (after their lengths are checked, like every
/// other); the few that would change what the graph means are noted so that
/// `ONNXModel.network(file:)` can refuse the model: sparse initializers, tensors stored
/// in external files, attributes that hold subgraphs. Nested types that could recurse
/// without bound (`TypeProto.sequence_type`, `map_type`, subgraphs in attributes) are
/// not descended into, so decoding is never deeper than the fixed schema below.
///
///     let model = try ONNXModel(serialized: bytes)
extension ONNXModel {
  /// The model in `bytes`; throws a `ProtobufError` when they are not a well-formed `ModelProto`.
  public init(serialized bytes: [UInt8]) throws {
    self.init()
    try ProtobufReader(bytes, message: "ModelProto").forEachField { r, f in
      switch f.number {
      case 1: irVersion = try r.integer(f)
      case 2: producerName = try r.string(f)
      case 3: producerVersion = try r.string(f)
      case 4: domain = try r.string(f)
      case 5: modelVersion = try r.integer(f)
      case 6: docString = try r.string(f)
      case 7: graph = try Graph(try r.message(f, "GraphProto"))
      case 8: opsetImports.append(try OperatorSet(try r.message(f, "OperatorSetIdProto")))
      case 14: metadata.append(try Entry(try r.message(f, "StringStringEntryProto")))
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.OperatorSet {
  init(_ reader: ProtobufReader) throws {
    self.init(version: 0)
    try reader.forEachField { r, f in
      switch f.number {
      case 1: domain = try r.string(f)
      case 2: version = try r.integer(f)
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.Entry {
  init(_ reader: ProtobufReader) throws {
    self.init("", "")
    try reader.forEachField { r, f in
      switch f.number {
      case 1: key = try r.string(f)
      case 2: value = try r.string(f)
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.Graph {
  init(_ reader: ProtobufReader) throws {
    self.init()
    try reader.forEachField { r, f in
      switch f.number {
      case 1: nodes.append(try ONNXModel.Node(try r.message(f, "NodeProto")))
      case 2: name = try r.string(f)
      case 5: initializers.append(try ONNXModel.Tensor(try r.message(f, "TensorProto")))
      case 10: docString = try r.string(f)
      case 11: inputs.append(try ONNXModel.ValueInfo(try r.message(f, "ValueInfoProto")))
      case 12: outputs.append(try ONNXModel.ValueInfo(try r.message(f, "ValueInfoProto")))
      case 15:
        try r.skip(f)
        hasSparseInitializers = true
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.Node {
  init(_ reader: ProtobufReader) throws {
    self.init("", inputs: [], outputs: [])
    try reader.forEachField { r, f in
      switch f.number {
      case 1: inputs.append(try r.string(f))
      case 2: outputs.append(try r.string(f))
      case 3: name = try r.string(f)
      case 4: opType = try r.string(f)
      case 5: attributes.append(try ONNXModel.Attribute(try r.message(f, "AttributeProto")))
      case 6: docString = try r.string(f)
      case 7: domain = try r.string(f)
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.Attribute {
  init(_ reader: ProtobufReader) throws {
    self.init(name: "")
    try reader.forEachField { r, f in
      switch f.number {
      case 1: name = try r.string(f)
      case 2: self.f = try r.float(f)
      case 3: i = try r.integer(f)
      case 4: s = Array(try r.data(f))
      case 6, 11:
        try r.skip(f)
        holdsGraph = true
      case 7: try r.floats(f, into: &floats)
      case 8: try r.integers(f, into: &ints)
      case 20: kind = Kind(rawValue: try r.integer(f))
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.Tensor {
  init(_ reader: ProtobufReader) throws {
    self.init(name: "", dims: [], dataType: 0)
    try reader.forEachField { r, f in
      switch f.number {
      case 1: try r.integers(f, into: &dims)
      case 2: dataType = Int32(truncatingIfNeeded: try r.integer(f))
      case 4: try r.floats(f, into: &floatData)
      case 8: name = try r.string(f)
      case 9: rawData = Array(try r.data(f))
      case 10: try r.doubles(f, into: &doubleData)
      case 13:
        try r.skip(f)
        isExternal = true
      case 14: if try r.integer(f) == 1 { isExternal = true }  // DataLocation.EXTERNAL
      default: return false
      }
      return true
    }
  }
}

extension ONNXModel.ValueInfo {
  init(_ reader: ProtobufReader) throws {
    self.init(name: "")
    try reader.forEachField { r, f in
      switch f.number {
      case 1: name = try r.string(f)
      case 2: try readType(try r.message(f, "TypeProto"))
      case 3: docString = try r.string(f)
      default: return false
      }
      return true
    }
  }

  /// `TypeProto`: only `tensor_type` (1) is read; a sequence or map leaves the value
  /// without an element type.
  private mutating func readType(_ reader: ProtobufReader) throws {
    var r = reader
    while let f = try r.nextField() {
      guard f.number == 1 else {
        try r.skip(f)
        continue
      }
      var t = try r.message(f, "TypeProto.Tensor")
      while let g = try t.nextField() {
        switch g.number {
        case 1: elementType = Int32(truncatingIfNeeded: try t.integer(g))
        case 2: shape = try Self.shape(try t.message(g, "TensorShapeProto"))
        default: try t.skip(g)
        }
      }
    }
  }

  private static func shape(_ reader: ProtobufReader) throws -> [Dimension] {
    var r = reader
    var dims: [Dimension] = []
    while let f = try r.nextField() {
      guard f.number == 1 else {
        try r.skip(f)
        continue
      }
      var d = try r.message(f, "TensorShapeProto.Dimension")
      var dim = Dimension.unknown
      while let g = try d.nextField() {
        switch g.number {
        case 1: dim = .value(try d.integer(g))
        case 2: dim = .parameter(try d.string(g))
        default: try d.skip(g)
        }
      }
      dims.append(dim)
    }
    return dims
  }
}
