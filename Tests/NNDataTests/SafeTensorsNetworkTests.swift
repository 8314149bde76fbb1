import Foundation
import NNEngine
import Testing

@testable import NNData

/// Networks in safetensors files: nnsh's names and metadata, PyTorch state dicts, and
/// every way a file can fail to fit a network.
@Suite struct SafeTensorsNetworkTests {
  typealias S = SafeTensorsTestSupport

  /// The notes' 2-3-4-1 network with seeded random parameters.
  static func notesNetwork(seed: UInt64 = 7, loss: Loss = .mse, hidden: Activation = .relu) throws -> Network {
    var net = Network(loss: loss)
    try net.append(Dense(inputs: 2, outputs: 3, activation: hidden))
    try net.append(Dense(inputs: 3, outputs: 4, activation: .leakyReLU(alpha: 0.2)))
    try net.append(Dense(inputs: 4, outputs: 1))
    var g = RandomGenerator(seed: seed)
    Initializer.normal(std: 1).initialize(&net, using: &g)
    return net
  }

  @Test func parametersFileNamesShapesAndMetadata() throws {
    let net = try Self.notesNetwork()
    let f = SafeTensorsFile.parameters(of: net, version: "9.9")
    #expect(f.names == ["W1", "b1", "W2", "b2", "W3", "b3"])
    #expect(f["W1"]?.shape == [3, 2])
    #expect(f["b1"]?.shape == [3])
    #expect(f["W3"]?.shape == [1, 4])
    // C order: row i of W is values i·cols ..< (i+1)·cols.
    #expect(f["W1"]?.values == net.layers[0].W.rowArrays.flatMap { $0 })
    #expect(
      f.metadata == [
        "nnsh": "9.9", "content": "parameters", "loss": "mse",
        "layers": "dense 2 -> 3 relu; dense 3 -> 4 leaky_relu alpha=0.2; dense 4 -> 1 linear",
      ])
  }

  @Test func modelRoundTripIsBitIdenticalAndPredictsIdentically() throws {
    for (loss, hidden) in [(Loss.mse, Activation.relu), (.bce, .tanh), (.ce, .sigmoid)] {
      let net = try Self.notesNetwork(seed: 3, loss: loss, hidden: hidden)
      let path = temporaryPath(".safetensors")
      defer { try? FileManager.default.removeItem(atPath: path) }
      try SafeTensorsFile.parameters(of: net, version: "0").write(path: path)
      let back = try SafeTensorsFile.read(path: path).model(file: path)
      #expect(back.layers == net.layers)
      #expect(back.loss == loss)
      for (a, b) in zip(back.layers, net.layers) {
        #expect(a.W.storage.map(\.bitPattern) == b.W.storage.map(\.bitPattern))
        #expect(a.b.storage.map(\.bitPattern) == b.b.storage.map(\.bitPattern))
      }
      let x = try Matrix(rowsOf: [[0.5, -1, 2, 0.25], [1, 3, -0.5, 0]])
      #expect(try back.predict(x) == (try net.predict(x)))
    }
  }

  @Test func loadWeightsIntoTheSameShapes() throws {
    let source = try Self.notesNetwork(seed: 1)
    var target = try Self.notesNetwork(seed: 2)
    let f = try SafeTensorsFile.decode(try SafeTensorsFile.parameters(of: source, version: "0").encoded(), file: "m")
    let loaded = try f.loadParameters(into: &target, file: "m")
    #expect(target.layers == source.layers)
    #expect(loaded.map(\.weightName) == ["W1", "W2", "W3"])
  }

  @Test func float32FileLoadsRounded() throws {
    let source = try Self.notesNetwork(seed: 1)
    var target = source
    let f = try SafeTensorsFile.decode(try SafeTensorsFile.parameters(of: source, dtype: .f32, version: "0").encoded(), file: "m")
    #expect(f.tensors.allSatisfy { $0.dtype == .f32 })
    try f.loadParameters(into: &target, file: "m")
    #expect(target.layers[0].W.storage == source.layers[0].W.storage.map { Double(Float($0)) })
  }

  /// A state dict written by the reference package, named as PyTorch's nn.Sequential
  /// names it (0.weight, 0.bias, 2.weight, 2.bias), in float32.
  @Test func pytorchSequentialStateDict() throws {
    let f = try SafeTensorsFile.read(path: Fixtures.path("SafeTensors-torch.safetensors"))
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 3, activation: .relu))
    try net.append(Dense(inputs: 3, outputs: 1))
    let loaded = try f.loadParameters(into: &net, file: "t")
    #expect(loaded.map(\.weightName) == ["0.weight", "2.weight"])
    #expect(loaded.map(\.biasName) == ["0.bias", "2.bias"])
    #expect(net.layers[0].W.rowArrays == [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]])
    #expect(net.layers[0].b.storage == [0.1, -0.2, 0.3].map { Double(Float($0)) })
    #expect(net.layers[1].W.rowArrays == [[1.0, -2.0, 0.5]])
    #expect(net.layers[1].b.storage == [0.125])
    // h = W2 relu(W1 x + b1) + b2 for x = (1, 1)
    let h = try net.predict(try Matrix(column: [1, 1]))
    let a1 = [max(0, 0.5 - 1 + Double(Float(0.1))), max(0, 2.25 + Double(Float(-0.2))), max(0, 0.75 + Double(Float(0.3)))]
    #expect(abs(h.scalar - (a1[0] - 2 * a1[1] + 0.5 * a1[2] + 0.125)) < 1e-12)
    // PyTorch files carry no nnsh model description.
    #expect(S.error { try f.model(file: "t") }?.description.contains("does not describe a network") == true)
  }

  func file(_ tensors: [(String, [Int])], metadata: [String: String] = [:]) throws -> SafeTensorsFile {
    SafeTensorsFile(
      tensors: try tensors.map { name, shape in
        try SafeTensor(name: name, shape: shape, values: [Double](repeating: 0.5, count: shape.reduce(1, *)))
      }, metadata: metadata)
  }

  func mismatch(_ f: SafeTensorsFile) -> String {
    switch S.error({ try f.layerParameters(file: "m") }) {
    case .mismatch(_, let reason)?: return reason
    case let other?: return "\(other)"
    case nil: return "accepted"
    }
  }

  @Test func pytorchNamesWithPrefixesAndBiasAsColumn() throws {
    let f = try file([("net.0.weight", [3, 2]), ("net.0.bias", [3, 1]), ("net.10.weight", [1, 3]), ("net.10.bias", [1])])
    let p = try f.layerParameters(file: "m")
    #expect(p.map(\.weightName) == ["net.0.weight", "net.10.weight"])  // 10 after 0, by number
    #expect(p[0].b.shape == Shape(3, 1))
    #expect(mismatch(try file([("a.0.weight", [3, 2]), ("a.0.bias", [3]), ("b.2.weight", [1, 3]), ("b.2.bias", [1])]))
      == "the tensors come from different modules ('a.…' and 'b.…'); nnsh reads one nn.Sequential")
  }

  @Test func namesThatDoNotMakeLayers() throws {
    #expect(mismatch(try file([])) == "the file holds no tensors")
    #expect(mismatch(try file([("W1", [3, 2]), ("b1", [3]), ("W3", [1, 3]), ("b3", [1])])) == "the file has W1 b1 W3 b3 but no W2 or b2")
    #expect(mismatch(try file([("W1", [3, 2])])) == "'W1' has no bias to go with it (layer 1); nnsh layers always have one")
    #expect(mismatch(try file([("0.bias", [3])])) == "'0.bias' has no weight to go with it (layer 1)")
    #expect(mismatch(try file([("W1", [3, 2]), ("b1", [3]), ("extra", [1])])).hasPrefix("tensor 'extra' is neither"))
    #expect(mismatch(try file([("W1", [3, 2]), ("b1", [3]), ("2.weight", [1, 3]), ("2.bias", [1])]))
      == "the file mixes nnsh names (W1, b1, …) and PyTorch names (0.weight, …): W1 b1 2.weight 2.bias")
    #expect(mismatch(try file([("embedding", [3, 2])]))
      == "tensor 'embedding' is neither an nnsh parameter (W1, b1, …) nor a weight or bias of a PyTorch nn.Sequential (0.weight, 0.bias, 2.weight, …)")
    #expect(mismatch(try file([("dW1", [3, 2]), ("db1", [3])])) == "the file holds gradients (dW1 db1), not parameters; it was written by save grads")
    #expect(mismatch(try file([("W01", [3, 2]), ("b01", [3])])).hasPrefix("tensor 'W01' is neither"))
  }

  @Test func shapesThatDoNotChain() throws {
    #expect(mismatch(try file([("W1", [3]), ("b1", [3])])) == "'W1' should be a matrix [out, in], but its shape is (3,)")
    #expect(mismatch(try file([("W1", [3, 2]), ("b1", [2])]))
      == "'b1' should have shape (3,) to go with 'W1' (3×2), but its shape is (2,)")
    #expect(mismatch(try file([("W1", [3, 2]), ("b1", [3]), ("W2", [1, 4]), ("b2", [1])]))
      == "'W2' is 1×4, so layer 2 takes 4 inputs, but 'W1' (3×2) gives 3 outputs")
    #expect(mismatch(try file([("W1", [3, 2, 1]), ("b1", [3])])).contains("should be a matrix"))
  }

  /// NaN and ±Inf are stored and read back as they are (PyTorch's safetensors does the
  /// same); the shell warns about them. `save` used to write what `load` then refused.
  @Test func nonFiniteValuesRoundTrip() throws {
    var f = try file([("W1", [1, 2]), ("b1", [1])])
    f.tensors[0].values = [.nan, -.infinity]
    f.tensors[1].values = [.infinity]
    #expect(mismatch(f) == "accepted")
    let layers = try f.layerParameters(file: "m")
    #expect(layers[0].W.storage[0].isNaN && layers[0].W.storage[1] == -.infinity && layers[0].b.storage[0] == .infinity)
  }

  @Test func loadingIntoADifferentNetworkChangesNothing() throws {
    let source = try Self.notesNetwork(seed: 1)
    let f = SafeTensorsFile.parameters(of: source, version: "0")
    var other = Network()
    try other.append(Dense(inputs: 2, outputs: 3))
    try other.append(Dense(inputs: 3, outputs: 5))
    try other.append(Dense(inputs: 5, outputs: 1))
    let before = other
    #expect(S.error { try f.loadParameters(into: &other, file: "m") } == .mismatch(file: "m", reason: "W2 is 4×3 in the file but W2 is 5×3 in the network"))
    #expect(other.layers == before.layers)
    var short = Network()
    try short.append(Dense(inputs: 2, outputs: 3))
    #expect(S.error { try f.loadParameters(into: &short, file: "m") }?.description == "m: the file has 3 layers but the network has 1")
    var empty = Network()
    #expect(S.error { try f.loadParameters(into: &empty, file: "m") }?.description.contains("no layers to load into") == true)
    // PyTorch names are named as in the file, with nnsh's name beside.
    let torch = try file([("0.weight", [4, 2]), ("0.bias", [4])])
    var one = Network()
    try one.append(Dense(inputs: 2, outputs: 3))
    #expect(S.error { try torch.loadParameters(into: &one, file: "t") }?.description
      == "t: '0.weight' (W1) is 4×2 in the file but W1 is 3×2 in the network")
  }

  @Test func gradientsFile() throws {
    var net = try Self.notesNetwork()
    try net.forward(try Matrix(rowsOf: [[1, 2], [0.5, -1]]), try Matrix(rowsOf: [[1, 0]]))
    try net.backward()
    let f = SafeTensorsFile.gradients(of: net, version: "0")
    #expect(f.names == ["dW1", "db1", "dW2", "db2", "dW3", "db3"])
    #expect(f.metadata["content"] == "gradients")
    #expect(try f["dW2"]?.matrix(file: "g") == net.dW[1])
    #expect(try f["db3"]?.matrix(file: "g") == net.db[2])
    #expect(S.error { try f.model(file: "g") }?.description.contains("holds gradients") == true)
  }

  @Test func modelDescriptionText() throws {
    let d = try ModelDescription(layers: "dense 2 -> 3 relu; dense 3 -> 1 leaky_relu alpha=0.05", loss: "bce", file: "m")
    #expect(d.layers == [.init(inputs: 2, outputs: 3, activation: .relu), .init(inputs: 3, outputs: 1, activation: .leakyReLU(alpha: 0.05))])
    #expect(d.loss == .bce)
    #expect(d.layersText == "dense 2 -> 3 relu; dense 3 -> 1 leaky_relu alpha=0.05")
    func bad(_ layers: String, _ loss: String = "mse") -> String {
      S.error { try ModelDescription(layers: layers, loss: loss, file: "m") }?.description ?? "accepted"
    }
    let prefix = "m: not a valid safetensors file: the model description in the metadata is damaged: "
    #expect(bad("dense 2 -> 3 relu", "hinge") == prefix + "unknown loss 'hinge'")
    #expect(bad("dense 2 -> 3 swish") == prefix + "unknown activation 'swish'")
    #expect(bad("dense 2 -> 0 relu") == prefix + "'dense 2 -> 0 relu' is not 'dense IN -> OUT ACTIVATION'")
    #expect(bad("dense 2 -> 3 relu; dense 4 -> 1 linear") == prefix + "layer 2 takes 4 inputs but layer 1 gives 3")
    #expect(bad("") == prefix + "it lists no layers")
    #expect(bad("dense 2 -> 3 relu alpha=2") == prefix + "'dense 2 -> 3 relu alpha=2' has an unexpected 'alpha=2'")
  }

  @Test func modelDescriptionMustMatchTheTensors() throws {
    let net = try Self.notesNetwork()
    var f = SafeTensorsFile.parameters(of: net, version: "0")
    f.metadata["layers"] = "dense 2 -> 3 relu; dense 3 -> 4 relu; dense 4 -> 2 linear"
    #expect(S.error { try f.model(file: "m") }?.description == "m: the model description says layer 3 is 'dense 4 -> 2 linear', but W3 is 1×4")
    f.metadata["layers"] = "dense 2 -> 3 relu; dense 3 -> 4 relu; dense 4 -> 1 linear; dense 1 -> 40000 linear"
    #expect(S.error { try f.model(file: "m") }?.description == "m: the model description lists 4 layers but the file has parameters for 3")
  }

  @Test func pytorchExportStateDictAndSource() throws {
    let net = try Self.notesNetwork(loss: .bce, hidden: .tanh)
    #expect(SafeTensorsFile.torchModuleIndices(net) == [0, 2, 4])
    let dict = SafeTensorsFile.torchStateDict(of: net, dtype: .f64, version: "0")
    #expect(dict.names == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
    #expect(dict.metadata["format"] == "pt")
    var back = net
    try dict.loadParameters(into: &back, file: "d")
    #expect(back.layers == net.layers)
    let source = TorchExport.modelSource(for: net, version: "0.1.0")
    #expect(source.contains("        nn.Linear(2, 3),  # W[1], b[1]\n        nn.Tanh(),\n        nn.Linear(3, 4),  # W[2], b[2]\n        nn.LeakyReLU(0.2),\n        nn.Linear(4, 1),  # W[3], b[3]\n    ).double()"))
    #expect(source.contains("binary_cross_entropy_with_logits"))
  }
}
