import Foundation
import NNEngine
import Testing

@testable import NNData

/// `Checkpoint`: everything written comes back equal (bit for bit: parameters, moments,
/// t, the generator with its spare normal, the schedule, the histories, the order), and
/// a damaged checkpoint is refused with the reason.
@Suite struct CheckpointTests {
  /// A network and an optimizer after three epochs of adam with a step schedule.
  static func trained() throws -> Checkpoint {
    var net = try SafeTensorsNetworkTests.notesNetwork()
    net.regularization = Regularization(l2: 0.01)
    var opt = Optimizer(.adam(beta1: 0.9, beta2: 0.99, eps: 1e-7), learningRate: 0.003, weightDecay: 0.001)
    var g = RandomGenerator(seed: 5)
    let X = try Matrix(rows: 2, cols: 10, columnMajor: (0..<20).map { Double($0) / 7 })
    let Y = try Matrix(rows: 1, cols: 10, columnMajor: (0..<10).map { sin(Double($0)) })
    var trainer = Trainer(epochs: 3, batchSize: 4, learningRate: 0.003)
    trainer.schedule = Schedule(.step(every: 2, gamma: 0.5), warmup: 1)
    _ = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g)
    // A spare normal waiting, as in a checkpoint written before the ziggurat (Box–Muller
    // made normals in pairs): it must come back too.
    g = try #require(RandomGenerator(state: g.state.words, spare: 0.8125))
    var c = Checkpoint(network: net, optimizer: opt, generator: g)
    c.schedule = trainer.schedule
    (c.schedulePosition, c.scheduleBase) = (3, 0.003)
    (c.lossHistory, c.rateHistory, c.sampleOrder) = (trainer.history, trainer.rates, trainer.sampleOrder)
    return c
  }

  @Test func everythingComesBackEqual() throws {
    let c = try Self.trained()
    #expect(c.optimizer.moments != nil && c.generator.state.spare != nil && c.sampleOrder.count == 10)
    let bytes = try c.file(version: "9.9").encoded()
    let back = try Checkpoint(SafeTensorsFile.decode(bytes, file: "c.safetensors"), file: "c.safetensors")
    #expect(back == c)
    #expect(back.optimizer.stepCount == 9)  // 3 epochs of 3 batches
    var a = c.generator, b = back.generator
    #expect((0..<5).map { _ in a.normal() } == (0..<5).map { _ in b.normal() })
  }

  @Test func aCheckpointOfEachRuleComesBack() throws {
    for rule in [Optimizer.Rule.sgd, .momentum(beta: 0.8), .adamw(beta1: 0.5, beta2: 0.9, eps: 1e-6)] {
      var c = try Self.trained()
      c.optimizer.rule = rule
      let back = try Checkpoint(SafeTensorsFile.decode(c.file(version: "1").encoded(), file: "c"), file: "c")
      #expect(back.optimizer.rule == rule)
      // sgd and momentum keep no v (and sgd no m): those come back as zeros.
      #expect(back.optimizer.moments?.mW == (rule == .sgd ? c.optimizer.moments?.mW.map { $0.map { _ in 0 } } : c.optimizer.moments?.mW))
    }
  }

  @Test func aDamagedCheckpointIsRefusedWithTheReason() throws {
    let good = try Self.trained().file(version: "1")
    func refusal(_ change: (inout SafeTensorsFile) -> Void) -> String {
      var f = good
      change(&f)
      return SafeTensorsTestSupport.error { try Checkpoint(f, file: "c") }?.description ?? "accepted"
    }
    #expect(refusal { $0.metadata["content"] = "parameters" }.contains("not a checkpoint"))
    #expect(refusal { $0.metadata["optimizer"] = "lion" }.contains("'optimizer' should be sgd, momentum, adam or adamw"))
    #expect(refusal { $0.metadata["generator"] = "0 0 0 0" }.contains("'generator' should be four 64-bit numbers"))
    #expect(refusal { $0.metadata["schedule"] = "step gamma=0.5" }.contains("no valid every="))
    #expect(refusal { $0.metadata["epochs"] = "4" }.contains("says 4 epochs were trained but holds 3 losses"))
    #expect(refusal { $0.metadata["schedule.position"] = "7" }.contains("'schedule.position' should be a whole number in 0…3"))
    #expect(refusal { $0.tensors.removeAll { $0.name == "optimizer.m.b2" } }.contains("no tensor 'optimizer.m.b2'"))
    #expect(refusal { $0.tensors.removeAll { $0.name == "W3" } }.contains("'b3' has no weight to go with it"))
    #expect(refusal { f in
      if let k = f.tensors.firstIndex(where: { $0.name == "order" }) { f.tensors[k].values[0] = f.tensors[k].values[1] }
    }.contains("'order' is not an order of its 10 samples"))
    let extra = try SafeTensor(name: "extra", shape: [1], values: [1])
    #expect(refusal { $0.tensors.append(extra) }.contains("'extra' is not part of a checkpoint"))
  }
}
