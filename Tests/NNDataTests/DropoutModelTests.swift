import Foundation
import NNEngine
import Testing

@testable import NNData

/// A network with dropout in `save`/`load model` metadata and in `export torch`.
@Suite struct DropoutModelTests {
  func network() throws -> Network {
    var net = Network(loss: .ce)
    try net.append(Dense(inputs: 2, outputs: 4, activation: .relu))
    try net.setDropout(0.5)
    try net.append(Dense(inputs: 4, outputs: 4, activation: .linear))
    try net.setDropout(0.25)
    try net.append(Dense(inputs: 4, outputs: 2, activation: .softmax))
    var g = RandomGenerator(seed: 1)
    Initializer.normal(std: 0.5).initialize(&net, using: &g)
    return net
  }

  @Test func modelRoundTripKeepsTheDropouts() throws {
    let net = try network()
    #expect(ModelDescription(net).layersText == "dense 2 -> 4 relu; dropout 0.5; dense 4 -> 4 linear; dropout 0.25; dense 4 -> 2 softmax")
    let path = NSTemporaryDirectory() + "dropout-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SafeTensorsFile.parameters(of: net, version: "0").write(path: path)
    let back = try SafeTensorsFile.read(path: path).model(file: path)
    #expect(back.dropout == [0.5, 0.25, 0])
    #expect(back.layers == net.layers)
  }

  @Test func damagedDropoutIsRefused() {
    for text in ["dropout 0.5; dense 2 -> 1 linear", "dense 2 -> 1 linear; dropout 1", "dense 2 -> 1 linear; dropout 0.1; dropout 0.2"] {
      #expect(throws: SafeTensorsError.self) { try ModelDescription(layers: text, loss: "mse", file: "m") }
    }
  }

  @Test func torchModulesCountTheDropouts() throws {
    let net = try network()
    // Linear, ReLU, Dropout, Linear, Dropout, Linear, Softmax.
    #expect(SafeTensorsFile.torchModuleIndices(net) == [0, 3, 5])
    let source = TorchExport.modelSource(for: net, version: "0")
    #expect(source.contains("nn.Dropout(0.5)") && source.contains("nn.Dropout(0.25)"))
  }

  /// The fused loss reads the logits: the model without its output activation, and
  /// without a dropout after the output too (it once cut only the dropout, `model[:-1]`,
  /// so the loss read the softmax's output as logits).
  @Test func theLogitsLeaveOutADropoutAfterTheOutput() throws {
    var net = try network()
    #expect(TorchExport.modelSource(for: net, version: "0").contains("z = model[:-1](x)"))
    try net.setDropout(0.5)
    let source = TorchExport.modelSource(for: net, version: "0")
    #expect(source.contains("z = model[:-2](x)"))
    #expect(!source.contains("model[:-1]"))
  }
}
