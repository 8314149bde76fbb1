import Foundation
import Testing

/// Issue 16's "Resuming": 10 epochs, `save checkpoint`, then a second `nnsh` process
/// that loads the same data and the checkpoint and trains 10 more ends with exactly the
/// parameters of 20 epochs in one run (one BLAS thread, shuffling on) — for sgd, momentum
/// and adam, and with a step schedule that must continue where it stopped.
@Suite struct CheckpointResumeTests {
  /// The data and the network; the second process seeds differently on purpose, after
  /// loading the data, so only the checkpoint's generator can make the shuffles agree.
  static func prefix(_ optimizer: String, _ extra: String) -> String {
    """
    seed 3
    data spiral n=120 noise=0.2 classes=3
    normalize standard
    net
    layer dense 2 -> 8 tanh
    layer dense 3 softmax
    loss ce
    optimizer \(optimizer)
    \(extra)
    """
  }

  static let data = "seed 3\ndata spiral n=120 noise=0.2 classes=3\nnormalize standard\nseed 99\n"

  /// Runs the three scripts in a fresh folder; returns the bytes of the reference's and
  /// the resumed run's parameter files, and those of a run resumed from `load model`
  /// (parameters only), which should differ when the optimizer or generator matter.
  func resume(_ optimizer: String, _ extra: String = "", train: String = "batch=16 quiet=yes")
    throws -> (reference: Data, resumed: Data, parametersOnly: Data)
  {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-ckpt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let setup = Self.prefix(optimizer, extra)
    let scripts = [
      setup + "\ntrain epochs=20 \(train)\nsave \"ref.safetensors\"\n",
      setup + "\ntrain epochs=10 \(train)\nsave checkpoint \"c.safetensors\"\nsave \"half.safetensors\"\n",
      Self.data + "load checkpoint \"c.safetensors\"\ntrain epochs=10 \(train)\nsave \"resumed.safetensors\"\n",
      Self.prefix(optimizer, extra) + "\nseed 99\nload weights \"half.safetensors\"\ntrain epochs=10 \(train)\nsave \"plain.safetensors\"\n",
    ]
    for (k, script) in scripts.enumerated() {
      try script.write(to: dir.appendingPathComponent("s\(k).nn"), atomically: true, encoding: .utf8)
      let r = try BinaryRunner.run(["run", "s\(k).nn"], directory: dir)
      try #require(r.status == 0, "script \(k): \(r.stderr)")
    }
    func bytes(_ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }
    return (try bytes("ref.safetensors"), try bytes("resumed.safetensors"), try bytes("plain.safetensors"))
  }

  @Test(arguments: ["sgd lr=0.1", "momentum lr=0.05 beta=0.9", "adam lr=0.01"])
  func resumingInANewProcessGivesTheParametersOfOneRun(_ optimizer: String) throws {
    let r = try resume(optimizer)
    #expect(r.resumed == r.reference, "resumed ≠ 20 epochs in one run for \(optimizer)")
    // Without the checkpoint's generator (and state) the second half shuffles differently.
    #expect(r.parametersOnly != r.reference, "the test cannot tell a checkpoint from load weights")
  }

  @Test func aStepScheduleContinuesWhereItStopped() throws {
    let r = try resume("adam lr=0.02", "schedule step every=5 gamma=0.5")
    #expect(r.resumed == r.reference)
    #expect(r.parametersOnly != r.reference)
  }

  @Test func aWarmUpThenExponentialScheduleContinuesWithAnUnevenLastBatch() throws {
    let r = try resume("momentum lr=0.05", "schedule exponential gamma=0.9\nschedule warmup epochs=3", train: "batch=7 quiet=yes")
    #expect(r.resumed == r.reference)
    #expect(r.parametersOnly != r.reference)
  }
}
