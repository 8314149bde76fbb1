import NNEngine

/// Everything training needs to go on exactly where it stopped (`save checkpoint`,
/// `load checkpoint`), in one safetensors file:
///
///     tensors    W1 b1 W2 b2 …                       the parameters, F64 (as `save` writes them)
///                optimizer.m.W1 optimizer.m.b1 …      m (momentum's v) per parameter, when t ≥ 1
///                optimizer.v.W1 optimizer.v.b1 …      Adam's v per parameter, when t ≥ 1
///                history.loss, history.lr             the loss and rate of every epoch trained
///                order                                the sample order of the last epoch
///     metadata   nnsh, content = checkpoint, layers, loss   (the model description, as `save`)
///                optimizer, optimizer.lr, optimizer.weight_decay, optimizer.t, optimizer.beta…
///                schedule, schedule.warmup, schedule.position, schedule.base
///                epochs, l2, l1, generator, generator.spare
///
/// Numbers in the metadata are Swift's shortest round-trip text ("0.1", "1e-08"), so
/// every one reads back to the same `Double`; the generator is its four 64-bit words in
/// decimal and the spare normal's bit pattern in hexadecimal. The data set is not in it.
///
///     let c = Checkpoint(network: net, optimizer: opt, generator: g)
///     try c.file(version: "0.1.0").write(path: "c.safetensors")
///     let back = try Checkpoint(SafeTensorsFile.read(path: "c.safetensors"), file: "c.safetensors")   // == c
public struct Checkpoint: Equatable, Sendable {
  public var network: Network
  public var optimizer: Optimizer
  public var generator: RandomGenerator
  public var schedule = Schedule()
  /// Epochs of the schedule already run (the last `train`'s, continued ones included),
  /// and the base rate α₀ they were computed from.
  public var schedulePosition = 0
  public var scheduleBase: Double = 0.01
  /// The loss and learning rate of every epoch trained so far (as many as there are epochs).
  public var lossHistory: [Double] = []
  public var rateHistory: [Double] = []
  /// The sample order the last epoch trained in (empty when no epoch shuffled one).
  public var sampleOrder: [Int] = []

  public init(network: Network, optimizer: Optimizer, generator: RandomGenerator) {
    self.network = network
    self.optimizer = optimizer
    self.generator = generator
  }

  public static func == (a: Checkpoint, b: Checkpoint) -> Bool {
    a.network.layers.map(\.W) == b.network.layers.map(\.W) && a.network.layers.map(\.b) == b.network.layers.map(\.b)
      && ModelDescription(a.network) == ModelDescription(b.network) && a.network.regularization == b.network.regularization
      && a.optimizer.rule == b.optimizer.rule && a.optimizer.learningRate == b.optimizer.learningRate
      && a.optimizer.weightDecay == b.optimizer.weightDecay && a.optimizer.moments == b.optimizer.moments
      && a.generator == b.generator && a.schedule == b.schedule && a.schedulePosition == b.schedulePosition
      && a.scheduleBase == b.scheduleBase && a.lossHistory == b.lossHistory && a.rateHistory == b.rateHistory
      && a.sampleOrder == b.sampleOrder
  }

  /// The metadata key `content` of a checkpoint.
  public static let content = "checkpoint"

  /// The file: tensors and metadata as listed above, every tensor F64.
  public func file(version: String) throws -> SafeTensorsFile {
    var file = SafeTensorsFile.parameters(of: network, version: version)
    if let moments = optimizer.moments {
      let keepsV = optimizer.rule.isAdam
      for (moment, W, b) in [("m", moments.mW, moments.mb)] + (keepsV ? [("v", moments.vW, moments.vb)] : []) {
        for l in W.indices {
          file.tensors.append(SafeTensor(name: "optimizer.\(moment).W\(l + 1)", matrix: W[l]))
          file.tensors.append(SafeTensor(name: "optimizer.\(moment).b\(l + 1)", matrix: b[l], vector: true))
        }
      }
    }
    for (name, values) in [("history.loss", lossHistory), ("history.lr", rateHistory), ("order", sampleOrder.map(Double.init))]
    where !values.isEmpty {
      file.tensors.append(try SafeTensor(name: name, shape: [values.count], values: values))
    }
    file.metadata[SafeTensorsFile.MetadataKey.content] = Checkpoint.content
    file.metadata.merge(metadata) { _, new in new }
    return file
  }

  /// The metadata beyond the model description.
  var metadata: [String: String] {
    var m = Checkpoint.ruleMetadata(optimizer)
    m["schedule"] = Checkpoint.scheduleText(schedule.shape)
    m["schedule.warmup"] = String(schedule.warmup)
    m["schedule.position"] = String(schedulePosition)
    m["schedule.base"] = "\(scheduleBase)"
    m["epochs"] = String(lossHistory.count)
    m["l2"] = "\(network.regularization.l2)"
    m["l1"] = "\(network.regularization.l1)"
    let (words, spare) = generator.state
    m["generator"] = words.map(String.init).joined(separator: " ")
    m["generator.spare"] = spare.map { String($0.bitPattern, radix: 16) } ?? "none"
    return m
  }
}
