/// An ONNX model: the few messages of `onnx.proto` that a chain of dense layers needs,
/// as plain Swift values. `ONNXModel+Encoding.swift` writes them in protobuf's wire
/// format, `ONNXModel+Decoding.swift` reads them back (skipping fields nnsh does not
/// use), and `ONNXModel+Network.swift` turns a network into a model and back.
///
/// Field numbers are those of onnx/onnx's `onnx.proto` (they are fixed forever by
/// protobuf's compatibility rules); each type lists the fields it holds:
///
///     ModelProto          ir_version 1, producer_name 2, producer_version 3, domain 4,
///                         model_version 5, doc_string 6, graph 7, opset_import 8,
///                         metadata_props 14
///     OperatorSetIdProto  domain 1, version 2
///     GraphProto          node 1, name 2, initializer 5, doc_string 10, input 11,
///                         output 12 (value_info 13 and sparse_initializer 15 are noted)
///     NodeProto           input 1, output 2, name 3, op_type 4, attribute 5,
///                         doc_string 6, domain 7
///     AttributeProto      name 1, f 2, i 3, s 4, t 5, g 6, floats 7, ints 8,
///                         strings 9, tensors 10, graphs 11, type 20
///     TensorProto         dims 1, data_type 2, float_data 4, name 8, raw_data 9,
///                         double_data 10, external_data 13, data_location 14
///     ValueInfoProto      name 1, type 2, doc_string 3
///     TypeProto           tensor_type 1 → Tensor: elem_type 1, shape 2
///     TensorShapeProto    dim 1 → Dimension: dim_value 1, dim_param 2
///     StringStringEntryProto  key 1, value 2
///
///     let model = ONNXModel(network: net, dtype: .double, version: "0.1.0")
///     let bytes = model.serialized()
///     let back = try ONNXModel(serialized: bytes)   // == model
public struct ONNXModel: Equatable, Sendable {
  public var irVersion: Int64 = 0
  public var opsetImports: [OperatorSet] = []
  public var producerName = ""
  public var producerVersion = ""
  public var domain = ""
  public var modelVersion: Int64 = 0
  public var docString = ""
  public var graph: Graph?
  /// `metadata_props`: nnsh writes `nnsh.loss` here (see `ONNXModel+Network.swift`).
  public var metadata: [Entry] = []

  public init() {}

  /// `OperatorSetIdProto`: the operator set `domain` ("" is ai.onnx) at `version`.
  public struct OperatorSet: Equatable, Sendable {
    public var domain: String
    public var version: Int64
    public init(domain: String = "", version: Int64) {
      self.domain = domain
      self.version = version
    }
  }

  /// `StringStringEntryProto`.
  public struct Entry: Equatable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  /// `GraphProto`.
  public struct Graph: Equatable, Sendable {
    public var name = ""
    public var nodes: [Node] = []
    public var initializers: [Tensor] = []
    public var inputs: [ValueInfo] = []
    public var outputs: [ValueInfo] = []
    public var docString = ""
    /// True when the file has `sparse_initializer`s, which nnsh does not read.
    public var hasSparseInitializers = false
    public init() {}
  }

  /// `NodeProto`: one operator applied to named values.
  public struct Node: Equatable, Sendable {
    public var inputs: [String] = []
    public var outputs: [String] = []
    public var name = ""
    public var opType = ""
    public var domain = ""
    public var attributes: [Attribute] = []
    public var docString = ""

    public init(_ opType: String, inputs: [String], outputs: [String], name: String = "", attributes: [Attribute] = []) {
      self.opType = opType
      self.inputs = inputs
      self.outputs = outputs
      self.name = name
      self.attributes = attributes
    }

    /// The attribute called `name`.
    public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
  }

  /// `AttributeProto`: nnsh writes and reads INT and FLOAT attributes; the others are kept
  /// only as far as saying what they are (a graph attribute is a branch: `If`, `Loop`).
  public struct Attribute: Equatable, Sendable {
    /// `AttributeProto.AttributeType`.
    public enum Kind: Int64, Sendable {
      case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5
      case floats = 6, ints = 7, strings = 8, tensors = 9, graphs = 10, sparseTensor = 11, sparseTensors = 12
    }

    public var name = ""
    /// `type` (20); nil when it is absent or not a known type.
    public var kind: Kind?
    public var f: Float?
    public var i: Int64?
    public var s: [UInt8]?
    public var floats: [Float] = []
    public var ints: [Int64] = []
    /// True when the attribute holds a graph (`g` or `graphs`), i.e. a subgraph.
    public var holdsGraph = false

    public init(name: String) { self.name = name }

    public static func int(_ name: String, _ value: Int64) -> Attribute {
      var a = Attribute(name: name)
      a.kind = .int
      a.i = value
      return a
    }

    public static func float(_ name: String, _ value: Float) -> Attribute {
      var a = Attribute(name: name)
      a.kind = .float
      a.f = value
      return a
    }
  }

  /// `TensorProto.DataType`, the element types nnsh names.
  public enum DataType: Int32, Sendable {
    case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, string = 8, bool = 9
    case float16 = 10, double = 11, uint32 = 12, uint64 = 13, complex64 = 14, complex128 = 15, bfloat16 = 16

    /// The name ONNX gives it (`DOUBLE`), for messages.
    public var name: String {
      switch self {
      case .float: return "FLOAT"
      case .double: return "DOUBLE"
      case .float16: return "FLOAT16"
      case .bfloat16: return "BFLOAT16"
      default: return String(describing: self).uppercased()
      }
    }

    /// The name of data type `code` (`DOUBLE`, or `type 42` when unknown).
    public static func name(_ code: Int32) -> String { DataType(rawValue: code)?.name ?? "type \(code)" }
  }

  /// `TensorProto`: an initializer. Row-major values, in `rawData` (little-endian) or in
  /// `doubleData` / `floatData`.
  public struct Tensor: Equatable, Sendable {
    public var name = ""
    public var dims: [Int64] = []
    public var dataType: Int32 = 0
    public var rawData: [UInt8]?
    public var doubleData: [Double] = []
    public var floatData: [Float] = []
    /// True when the values live in another file (`data_location` EXTERNAL or
    /// `external_data`), which nnsh does not read.
    public var isExternal = false

    public init(name: String, dims: [Int64], dataType: Int32) {
      self.name = name
      self.dims = dims
      self.dataType = dataType
    }
  }

  /// `ValueInfoProto` of a tensor: its name, element type and shape.
  public struct ValueInfo: Equatable, Sendable {
    /// `TensorShapeProto.Dimension`: a number, a symbol (the batch size `N`), or neither.
    public enum Dimension: Equatable, Sendable {
      case value(Int64)
      case parameter(String)
      case unknown
    }

    public var name = ""
    /// `elem_type`; nil when the value is not a tensor or has no type.
    public var elementType: Int32?
    /// nil: the shape is not given.
    public var shape: [Dimension]?
    public var docString = ""

    public init(name: String, elementType: Int32? = nil, shape: [Dimension]? = nil) {
      self.name = name
      self.elementType = elementType
      self.shape = shape
    }
  }
}
