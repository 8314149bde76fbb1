import Testing

@testable import NNEngine

/// `EarlyStopping`: Keras's patience, min_delta and restore_best_weights.
@Suite struct EarlyStoppingTests {
  func network(_ w: Double) throws -> Network {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 1, outputs: 1))
    try net.setParameters(layer: 1, W: Matrix(scalar: w), b: Matrix(scalar: -w))
    return net
  }

  @Test func stopsAfterPatienceAndRestoresTheBestEpoch() throws {
    var stop = try EarlyStopping(patience: 2)
    #expect(!stop.observe(epoch: 1, loss: 0.5, network: try network(1)))
    #expect(!stop.observe(epoch: 2, loss: 0.4, network: try network(2)))
    #expect(!stop.observe(epoch: 3, loss: 0.45, network: try network(3)))
    #expect(stop.observe(epoch: 4, loss: 0.41, network: try network(4)))
    #expect(stop.bestEpoch == 2 && stop.bestLoss == 0.4 && stop.wait == 2)
    var net = try network(4)
    stop.restoreBest(into: &net)
    #expect(net.layers[0].W[0, 0] == 2 && net.layers[0].b[0, 0] == -2)
  }

  @Test func minDeltaAndNaN() throws {
    var stop = try EarlyStopping(patience: 1, minDelta: 0.1)
    #expect(!stop.observe(epoch: 1, loss: 1, network: try network(1)))
    // 0.95 is lower, but not by more than min_delta: no improvement.
    #expect(stop.observe(epoch: 2, loss: 0.95, network: try network(2)))
    var nan = try EarlyStopping(patience: 1)
    #expect(!nan.observe(epoch: 1, loss: 1, network: try network(1)))
    #expect(nan.observe(epoch: 2, loss: .nan, network: try network(2)))
  }

  @Test func badSettings() {
    #expect(throws: EngineError.invalidTrainingSetting(.patience(0))) { try EarlyStopping(patience: 0) }
    #expect(throws: EngineError.invalidTrainingSetting(.minDelta(-1))) { try EarlyStopping(patience: 1, minDelta: -1) }
  }
}
