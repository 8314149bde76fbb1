import NNEngine
import Testing

@testable import NNData

/// ONNX models: a network as the Gemm chain nnsh writes, encoded and decoded, read back
/// into the same network, and every kind of file `load model` refuses.
@Suite struct ONNXModelTests {
  /// A 2-3-4-3 network with every kind of layer nnsh exports, and random biases.
  static func network(loss: Loss = .ce, output: Activation = .softmax) throws -> Network {
    var net = Network(loss: loss)
    try net.append(Dense(inputs: 2, outputs: 3, activation: .leakyReLU(alpha: 0.2)))
    try net.append(Dense(inputs: 3, outputs: 4, activation: .tanh))
    try net.setDropout(0.25)
    try net.append(Dense(inputs: 4, outputs: 3, activation: output))
    var g = RandomGenerator(seed: 5)
    Initializer.normal(std: 1).initialize(&net, using: &g)
    for l in 1...3 {
      let n = net.layers[l - 1].b.count
      try net.setParameters(layer: l, b: Matrix(rows: n, cols: 1, columnMajor: (0..<n).map { Double($0) * 0.3 - 0.4 + Double(l) }))
    }
    return net
  }

  static func model(_ net: Network, _ type: ONNXModel.DataType = .double) -> ONNXModel {
    ONNXModel(network: net, dtype: type, version: "9.9")
  }

  @Test func theGraphIsAGemmChainWithRowsAsSamples() throws {
    let net = try Self.network()
    let m = Self.model(net)
    #expect(m.producerName == "nnsh" && m.producerVersion == "9.9")
    #expect(m.opsetImports == [ONNXModel.OperatorSet(version: 17)] && m.irVersion == 8)
    let g = try #require(m.graph)
    #expect(g.nodes.map(\.opType) == ["Gemm", "Mul", "Max", "Gemm", "Tanh", "Gemm", "Softmax"])
    #expect(g.nodes[0].inputs == ["x", "W1", "b1"] && g.nodes[0].attribute("transB")?.i == 1)
    #expect(g.nodes.last?.outputs == ["h"])
    #expect(g.inputs.map(\.name) == ["x"] && g.inputs.first?.elementType == 11)
    #expect(g.inputs.first?.shape == [.parameter("N"), .value(2)])
    #expect(g.outputs.first?.shape == [.parameter("N"), .value(3)])
    // W1 is stored out × in, row-major: element (i, j) at i·cols + j.
    let W1 = try #require(g.initializers.first { $0.name == "W1" })
    #expect(W1.dims == [3, 2])
    let values = try W1.values(file: "t.onnx")
    for i in 0..<3 { for j in 0..<2 { #expect(values[i * 2 + j] == net.layers[0].W[i, j]) } }
    #expect(m.metadata.contains(ONNXModel.Entry("nnsh.loss", "ce")))
  }

  @Test func encodeThenDecodeGivesTheSameModel() throws {
    for type in [ONNXModel.DataType.double, .float] {
      let m = Self.model(try Self.network(), type)
      #expect(try ONNXModel(serialized: m.serialized()) == m)
    }
    // Attributes of every kind nnsh reads, and shapes with unknown dimensions.
    var m = ONNXModel()
    var graph = ONNXModel.Graph()
    var node = ONNXModel.Node("Softmax", inputs: ["a"], outputs: ["b"], attributes: [.int("axis", -1), .float("alpha", 0.5)])
    node.attributes[0].ints = [1, -2]
    node.attributes[1].floats = [0.25]
    node.domain = "ai.onnx"
    graph.nodes = [node]
    graph.inputs = [ONNXModel.ValueInfo(name: "a", elementType: 1, shape: [.unknown, .value(4)])]
    graph.outputs = [ONNXModel.ValueInfo(name: "b")]
    var t = ONNXModel.Tensor(name: "w", dims: [2], dataType: 11)
    t.doubleData = [1, 2]
    graph.initializers = [t]
    m.graph = graph
    m.metadata = [ONNXModel.Entry("k", "v")]
    #expect(try ONNXModel(serialized: m.serialized()) == m)
  }

  @Test func theNetworkComesBackWithItsParametersLossAndDropout() throws {
    for (loss, output) in [(Loss.ce, Activation.softmax), (.bce, .sigmoid), (.mse, .linear), (.mse, .leakyReLU(alpha: 3))] {
      let net = try Self.network(loss: loss, output: output)
      let back = try ONNXModel(serialized: Self.model(net).serialized()).network(file: "t.onnx")
      #expect(back.loss == .metadata)
      #expect(back.network.loss == loss)
      #expect(back.network.layers == net.layers)
      #expect(back.network.dropout == net.dropout)
    }
    // float32: the parameters rounded to float.
    let net = try Self.network()
    let back = try Self.model(net, .float).network(file: "t.onnx").network
    for (a, b) in zip(back.layers, net.layers) {
      #expect(a.W.storage.array == b.W.storage.array.map { Double(Float($0)) })
    }
  }

  @Test func withoutMetadataTheOutputImpliesTheLoss() throws {
    for (output, loss) in [(Activation.softmax, Loss.ce), (.sigmoid, .bce), (.tanh, .mse)] {
      var m = Self.model(try Self.network(loss: .mse, output: output))
      m.metadata = []
      let back = try m.network(file: "t.onnx")
      #expect(back.loss == .output && back.network.loss == loss)
      #expect(back.network.dropout == [0, 0, 0])
    }
  }

  @Test func everyTruncationOfAModelFileIsAnError() throws {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 2, activation: .relu))
    try net.append(Dense(inputs: 2, outputs: 1))
    let bytes = Self.model(net).serialized()
    #expect(try ONNXModel(serialized: bytes).network(file: "t.onnx").network.layers == net.layers)
    for n in 0..<bytes.count {
      #expect(throws: (any Error).self, "prefix of \(n) of \(bytes.count) bytes") {
        _ = try ONNXModel(serialized: Array(bytes.prefix(n))).network(file: "t.onnx")
      }
    }
    #expect(throws: ONNXError.invalid(file: "t.onnx", reason: "it holds no graph (an empty or truncated file?)")) {
      _ = try ONNXModel(serialized: []).network(file: "t.onnx")
    }
  }

  @Test func everyDamagedByteIsAnErrorOrAModelNeverATrap() throws {
    // Each byte of a small file set to 0x00, 0x7F, 0x80 and 0xFF in turn: lengths, tags,
    // dims, data types and values all take nonsense values somewhere in this loop.
    var net = Network(loss: .bce)
    try net.append(Dense(inputs: 2, outputs: 2, activation: .leakyReLU(alpha: 0.5)))
    try net.append(Dense(inputs: 2, outputs: 1, activation: .sigmoid))
    let bytes = Self.model(net).serialized()
    var loaded = 0
    for k in bytes.indices {
      for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] where bytes[k] != value {
        var damaged = bytes
        damaged[k] = value
        if let back = try? ONNXModel(serialized: damaged).network(file: "t.onnx") {
          #expect(back.network.layers.count == 2)
          loaded += 1
        }
      }
    }
    // Damage inside a value (a weight, the doc string) still loads; most damage does not.
    #expect(loaded > 0 && loaded < bytes.count * 4)
  }

  /// The message `load model` gives for `model`.
  static func refusal(_ model: ONNXModel) -> String? {
    do {
      _ = try model.network(file: "t.onnx")
      return nil
    } catch let e as ONNXError {
      return e.description
    } catch {
      return "\(error)"
    }
  }

  /// The model of a one-layer network with its graph changed by `change`.
  static func changed(_ change: (inout ONNXModel.Graph) -> Void) throws -> ONNXModel {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 3, activation: .relu))
    var m = Self.model(net)
    if var g = m.graph {
      change(&g)
      m.graph = g
    }
    return m
  }

  @Test func graphsNnshCannotRepresentAreRefusedByName() throws {
    let cases: [(String, (inout ONNXModel.Graph) -> Void)] = [
      ("node 2 ('relu1') is a Conv, an operator nnsh does not read", { $0.nodes[1].opType = "Conv" }),
      ("node 2 ('relu1') is com.microsoft.Relu, an operator of another domain", { $0.nodes[1].domain = "com.microsoft" }),
      ("reads the weights 'W1', which is not an initializer of the graph (missing)", { $0.initializers.removeFirst() }),
      ("reads the bias 'b1', which is not an initializer", { $0.initializers.removeLast() }),
      ("bias 'b1' has shape [4]; it should be [3]", { g in
        g.initializers[1] = ONNXModel.Tensor(name: "b1", dims: [4], values: [1, 2, 3, 4], type: .double)
      }),
      ("the graph branches: 'z1' is read by 2 nodes", { $0.nodes.append(ONNXModel.Node("Sigmoid", inputs: ["z1"], outputs: ["s"])) }),
      ("follows another activation", { g in
        g.nodes[1].outputs = ["a"]
        g.nodes.append(ONNXModel.Node("Tanh", inputs: ["a"], outputs: ["h"]))
      }),
      ("has a subgraph", { g in
        var a = ONNXModel.Attribute(name: "then_branch")
        a.holdsGraph = true
        g.nodes[1].attributes = [a]
      }),
      ("the graph has 2 inputs (x, y)", { $0.inputs.append(ONNXModel.ValueInfo(name: "y")) }),
      ("the input 'x' is INT64", { $0.inputs[0].elementType = 7 }),
      ("the input 'x' has 3 features but the first Gemm's weights take 2", { $0.inputs[0].shape = [.parameter("N"), .value(3)] }),
      ("transA=1", { $0.nodes[0].attributes.append(.int("transA", 1)) }),
      ("a Softmax over axis 0", { $0.nodes[1] = ONNXModel.Node("Softmax", inputs: ["z1"], outputs: ["h"], attributes: [.int("axis", 0)]) }),
      ("stored in an external file", { $0.initializers[0].isExternal = true }),
      ("the chain ends at 'h', but the graph's output is 'y'", { $0.outputs[0].name = "y" }),
    ]
    for (message, change) in cases {
      let refusal = Self.refusal(try Self.changed(change)) ?? "accepted"
      #expect(refusal.hasPrefix("t.onnx: nnsh cannot represent this graph: "), "\(refusal)")
      #expect(refusal.contains(message), "\(refusal)")
    }
  }

  @Test func dataThatDoesNotFillItsShapeIsInvalid() throws {
    let short = Self.refusal(try Self.changed { $0.initializers[0].rawData?.removeLast() })
    #expect(short == "t.onnx: not a valid ONNX model: the initializer 'W1' declares [3, 2] (6 values, 48 bytes) but its raw_data has 47 bytes")
    // A huge declared size with no data behind it is refused before anything is allocated.
    let huge = Self.refusal(try Self.changed { g in
      g.initializers[0] = ONNXModel.Tensor(name: "W1", dims: [1 << 40, 1 << 40], dataType: 11)
    })
    #expect(huge == "t.onnx: not a valid ONNX model: the initializer 'W1' declares [1099511627776, 1099511627776], more values than any matrix holds")
    let typed = Self.refusal(try Self.changed { g in
      var t = ONNXModel.Tensor(name: "W1", dims: [3, 2], dataType: 11)
      t.doubleData = [1, 2, 3]
      g.initializers[0] = t
    })
    #expect(typed == "t.onnx: not a valid ONNX model: the initializer 'W1' declares [3, 2] (6 values) but holds 3 in double_data")
  }

  @Test func readingAFileNamesItInEveryError() throws {
    let path = temporaryPath(".onnx")
    try AtomicFile.write([0x3A, 0x10, 0x0A], to: path)
    #expect(throws: ONNXError.invalid(
      file: path, reason: "ModelProto field 7 (graph): a length of 16 bytes, but only 1 is left (the file is truncated or damaged)")) {
      _ = try ONNXModel.read(path: path)
    }
    let m = Self.model(try Self.network())
    try m.write(path: path)
    #expect(try ONNXModel.read(path: path) == m)
  }
}
