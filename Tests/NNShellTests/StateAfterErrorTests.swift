import Foundation
import Testing
@testable import NNData
@testable import NNEngine
@testable import NNShell

/// "Never half-changed state": every statement that changes the session, given input that
/// makes it fail — at the start or halfway — leaves data, network, gradients, optimizer
/// state, variables, the random generator and the limits exactly as they were.
@Suite(.serialized) struct StateAfterErrorTests {
  /// Everything a statement could change, in comparable form.
  struct Snapshot: Equatable {
    var layers: [Dense]
    var loss: Loss
    var pass: [Matrix]
    var gradients: [Matrix]
    var hasGradients: Bool
    var J: Double?
    var variables: [String: Matrix]
    /// What `explain` would show each variable as computed from.
    var definitions: [String: [Matrix?]]
    var dataset: Dataset?
    var optimizerRule: Optimizer.Rule
    var learningRate: Double
    var optimizerState: [Matrix]
    var stepCount: Int
    /// The generator itself (its state and spare normal), so any draw is seen.
    var generator: RandomGenerator
    var lossHistory: [Double]
    var digits: Int
    var maxElements: Int
    var parameterVersion: Int
    var forwardVersion: Int?
    var initializerName: String

    init(_ shell: Interpreter) {
      layers = shell.network.layers
      loss = shell.network.loss
      pass = shell.network.z + shell.network.a
      gradients = shell.network.dW + shell.network.db + shell.network.dz + shell.network.da
      hasGradients = shell.network.hasGradients
      J = shell.network.J
      variables = shell.variables.mapValues(\.value)
      definitions = shell.definitions.mapValues { $0.operands.map(\.value) }
      dataset = shell.dataset
      optimizerRule = shell.optimizer.rule
      learningRate = shell.optimizer.learningRate
      optimizerState = shell.optimizer.mW + shell.optimizer.mb + shell.optimizer.vW + shell.optimizer.vb
      stepCount = shell.optimizer.stepCount
      generator = shell.generator
      lossHistory = shell.lossHistory
      digits = shell.formatter.digits
      maxElements = shell.memory.limit
      parameterVersion = shell.parameterVersion
      forwardVersion = shell.forwardRecord?.parameterVersion
      initializerName = shell.initializer.map { "\($0)" } ?? "default"
    }
  }

  static let folder: String = {
    var template = Array("/tmp/nnsh-state-XXXXXX".utf8CString)
    return mkdtemp(&template).map { String(cString: $0) } ?? "/tmp"
  }()

  static func write(_ name: String, _ text: String) -> String {
    let path = folder + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }

  /// A session with data, a split, a normalised data set, a network after a few steps of
  /// adam (so the optimizer has state), a forward and a backward pass, and variables.
  func session() -> (Interpreter, CapturingConsole) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let setup = """
      seed 3
      data spiral n=60 classes=3
      split 0.8
      normalize standard
      net
      layer dense 2 -> 5 relu
      layer dense 3 softmax
      loss ce
      optimizer adam lr=0.01
      train epochs=2 batch=8 quiet=yes
      let v = [1 2; 3 4]
      forward sample 1
      backward
      """
    let outcome = shell.run(SourceText(name: "setup.nn", text: setup))
    #expect(outcome == .completed, "\(console.errors)")
    return (shell, console)
  }

  /// The damaged checkpoints of the error catalogue (Tests/Scripts/errors/file/fixtures).
  static let checkpointFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Scripts/errors/file/fixtures").path

  static var failing: [String] {
    let broken = write("broken.csv", "a,b,label\n1,2,x\n3,oops,y\n")
    let badModel = write("bad.safetensors", "\u{8}\0\0\0\0\0\0\0{\"W1\": 1}")
    let sourced = write("half.nn", "let v = [9]\nlet w = 1 +\n")
    return [
      // data
      "load \"\(broken)\" target=label", "load \"\(folder)/missing.csv\"", "load \"\(badModel)\" as X",
      "data spirl", "data spiral n=0", "data [1 2] [1 2 3]", "data v [log(-1) 1]",
      "split 1.5", "normalize sideways", "shuffle 3", "sample 2",
      // network
      "net 3", "layer dense 7 -> 2", "layer dense 3 relux", "layer dense 2 -> 3 alpha=1",
      "set W1 = [1 2 3]", "set b2 = ones(4, 1)", "set W9 = 1", "set v = 1",
      "init normal std=-1", "init glorot", "loss mae", "optimizer adam beta1=2", "optimizer sgd beta=0.5",
      "load weights \"\(badModel)\"", "load model \"\(badModel)\"", "load weights \"\(folder)/missing.safetensors\"",
      "load checkpoint \"\(badModel)\"", "save checkpoint \"\(folder)/c.csv\"",
    ] + ["truncated", "missing_tensor", "other_shape", "bad_metadata"].map {
      "load checkpoint \"\(checkpointFixtures)/checkpoint_\($0).safetensors\""
    } + ["onnx_truncated", "onnx_conv"].map { "load model \"\(checkpointFixtures)/\($0).onnx\"" } + [
      "load model \"\(badModel).onnx\"", "export onnx \"\(folder)/none/m.onnx\"",
      // passes and updates
      "forward x=[1; 2; 3]", "forward x=[1; 2] y=[1; 2]", "forward sample 1000", "step lr=-1", "step lr=0",
      "train epochs=0", "train batch=0", "train lr=-1", "train quiet=maybe",
      "gradcheck eps=2",
      // variables and the rest
      "let W1 = 3", "let relu = 1", "let q = W1 * [1; 2; 3]", "let z = relu(nonexistent)",
      "let v = rand(1e9, 1e9)", "let w = ones(100000, 1) * ones(1, 100000)",
      "format digits=40", "seed -1", "limit memory=lots", "limit memory=10",
      "source \"\(sourced)\"", "repeat 3 { let v = [5] ; let w = 1 + }",
      // statements that draw random numbers before they fail
      "let a = rand(2,2) + [1 2 3]", "let q = randn(1,1) + [1 2] + [1 2 3]", "show rand(2,2) [1 2] + [1 2 3]",
      "print rand(1,1) [1 2] + [1 2 3]", "set W1 = rand(2, 5)", "forward x=rand(2,1) y=[1; 2; 3; 4]",
      "assert rand(1,1) == [1 2; 3 4] * [1 2 3]", "grad sum(rand(2,2)) wrt v", "explain rand(2,2) + [1 2 3]",
      "let v = [rand(1,1) rand(1,2)] * [1 2]", "data rand(2,5) rand(1,4)",
    ]
  }

  @Test(arguments: failing)
  func aFailedStatementChangesNothing(_ bad: String) {
    let (shell, console) = session()
    let before = Snapshot(shell)
    let outcome = shell.run(SourceText(name: "bad.nn", text: bad))
    #expect(outcome == .failed, "\(bad) should fail")
    #expect(console.errors.contains("bad.nn:1:") || console.errors.contains(Self.folder), "\(bad): \(console.errors)")
    #expect(Snapshot(shell) == before, "\(bad) changed the session")
  }

  /// The snapshot does see what a successful statement changes (so the test above means
  /// something).
  @Test(arguments: [
    "let v = [7]", "sample", "step", "shuffle", "init zeros", "optimizer sgd", "layer dense 4", "format digits=6",
    "let r = rand(1,1)", "let r = randn(1,1)",
  ])
  func theSnapshotSeesChanges(_ good: String) {
    let (shell, console) = session()
    let before = Snapshot(shell)
    #expect(shell.run(SourceText(name: "good.nn", text: good)) == .completed, "\(console.errors)")
    #expect(Snapshot(shell) != before, "\(good) changed nothing visible")
  }

  /// A statement of a sourced file that fails leaves the statements before it done (as
  /// in a script), and nothing of the failed one.
  @Test func aFailureInASourcedFileKeepsWhatRanBefore() {
    let (shell, _) = session()
    let path = Self.write("partly.nn", "let fresh = 1\nlet bad = [1 2] * [3 4]\n")
    let outcome = shell.run(SourceText(name: "bad.nn", text: "source \"\(path)\""))
    #expect(outcome == .failed)
    #expect(shell.variables["fresh"]?.value == Matrix(scalar: 1))
    #expect(shell.variables["bad"] == nil)
  }

  /// Inside `repeat`, the iterations done stay done, with the numbers they drew; the
  /// failed statement gives its own draws back. Iteration n draws 1 + n numbers; the
  /// third fails after drawing 1 + 3, so the generator stands 2 + 3 + 1 draws on.
  @Test func aFailureInARepeatKeepsTheDrawsOfTheIterationsDone() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let script = "seed 5\nlet n = 0\nrepeat 5 { let n = n + 1; let u = rand(1,1); let w = rand(1, n) + [1 2] }"
    #expect(shell.run(SourceText(name: "t.nn", text: script)) == .failed)
    #expect(console.errors.contains("(iteration 3)"), "\(console.errors)")
    #expect(shell.variables["n"]?.value == Matrix(scalar: 3))
    var expected = RandomGenerator(seed: 5)
    for _ in 0..<6 { _ = expected.uniform() }
    #expect(shell.generator == expected)
  }

  /// A diverging `train` restores finite parameters; an interrupted one keeps its last
  /// completed update. Either way the network, the optimizer and the history agree.
  @Test func divergingTrainingKeepsFiniteParameters() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(
      SourceText(
        name: "t.nn",
        text: "seed 1\nlet X = [1 2 3 4; 4 3 2 1]\nlet Y = [100 -100 100 -100]\ndata X Y\nnet\nlayer dense 2 -> 3 relu\nlayer dense 1\ntrain epochs=100 batch=1 lr=10 quiet=yes"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("NaN or infinite at epoch"))
    #expect(shell.network.layers.allSatisfy { $0.W.isFinite && $0.b.isFinite })
    // The network still works: a forward pass runs.
    #expect(shell.run(SourceText(name: "u.nn", text: "forward all")) == .completed)
  }

  @Test func interruptedTrainingKeepsCompletedUpdates() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    var polls = 0
    shell.shouldStop = {
      polls += 1
      return polls > 5
    }
    let outcome = shell.run(
      SourceText(name: "t.nn", text: "seed 1\ndata xor\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce\ntrain epochs=1000 batch=8 quiet=yes"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: training stopped at epoch 1, batch 6"))
    #expect(shell.optimizer.stepCount == 5)
    #expect(shell.network.layers.allSatisfy { $0.W.isFinite })
  }
}
