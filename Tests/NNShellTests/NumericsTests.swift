import Foundation
import Testing
@testable import NNEngine
@testable import NNShell

/// Numbers at the edges: literals out of range, non-finite options and parameters, NaN
/// through activations and `assert`, the nesting limit, `pause "message"`, what
/// `predict` calls its probabilities (issue 13, items 9–15 and 20).
@Suite struct NumericsTests {
  func session(_ text: String, interactive: Bool = false, input: [String] = [])
    -> (Interpreter, CapturingConsole, Interpreter.Outcome)
  {
    let console = CapturingConsole()
    console.isInteractive = interactive
    console.input = input
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  func scan(_ text: String) -> [Token] {
    var scanner = Scanner(SourceText(name: "t.nn", text: text))
    return scanner.scanTokens()
  }

  // MARK: Number literals (item 20)

  @Test func literalsOutOfRangeAreErrors() {
    for (text, problem) in [
      ("1e309", "too large"), ("1.8e308", "too large"), ("1e-400", "too small"), ("0.001e-322", "too small"),
      ("1e-324", "too small"),
    ] {
      let token = scan(text)[0]
      #expect(token.kind == .error, "\(text)")
      #expect(token.errorMessage?.contains(problem) == true, "\(text): \(token.errorMessage ?? "none")")
      #expect(token.errorMessage?.contains("'\(text)'") == true)
    }
  }

  @Test func subnormalsAndWrittenZerosAreNumbers() {
    for (text, value) in [
      ("1e-310", 1e-310), ("4.9e-324", 4.9e-324), ("3e-324", 5e-324), ("0", 0), ("0.0", 0), ("0e-999", 0),
      ("1.7e308", 1.7e308), (".5", 0.5),
    ] {
      let token = scan(text)[0]
      #expect(token.kind == .number, "\(text)")
      #expect(token.number == value, "\(text)")
    }
  }

  @Test func anOptionValueOutOfRangeIsLocated() {
    let (_, console, outcome) = session("net\nlayer dense 1 -> 1\nstep lr=1e400")
    #expect(outcome == .failed)
    #expect(console.errors.contains("t.nn:3:9: error: number '1e400' is too large"))
  }

  // MARK: Nesting (item 20)

  @Test func oneHundredLevelsParseAndOneHundredAndOneDoNot() {
    func parses(_ text: String) -> Bool { !Parser.parse(SourceText(name: "t.nn", text: text)).hasErrors }
    let limit = Parser.maxNesting
    for n in [limit, limit + 1] {
      let cases = [
        "let a = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
        "let a = " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n),
        "let a = " + String(repeating: "-", count: n) + "1",
        "let a = " + String(repeating: "abs(", count: n) + "1" + String(repeating: ")", count: n),
        "let a = " + Array(repeating: "1", count: n + 1).joined(separator: "^"),
        String(repeating: "repeat 1 { ", count: n) + "print 1" + String(repeating: " }", count: n),
      ]
      for text in cases {
        #expect(parses(text) == (n == limit), "\(n) levels: \(text.prefix(24))…")
      }
    }
    let (_, console, _) = session("let a = " + String(repeating: "(", count: limit + 1) + "1" + String(repeating: ")", count: limit + 1))
    #expect(console.errors.contains("the limit is \(limit) levels"))
  }

  // MARK: Options must be finite (item 11)

  @Test func nonFiniteOptionsAreRefusedWhereTheyAreGiven() {
    let setup = "seed 1\ndata xor\nnet\nlayer dense 2 -> 3 relu\nlayer dense 2 softmax\nloss ce\nforward sample 1\nbackward\n"
    for bad in [
      "layer dense 2 leaky_relu alpha=0/0", "layer dense 2 leaky_relu alpha=1/0", "step lr=0/0",
      "train lr=1/0 quiet=yes", "optimizer momentum beta=0/0", "optimizer adam eps=1/0", "init normal std=0/0",
      "init uniform a=1/0", "gradcheck tol=0/0", "gradcheck eps=0/0", "assert 1 == 1 tol=1/0",
      "data spiral noise=0/0", "split 0/0", "let v = leaky_relu([1 -1], 0/0)", "train epochs=1/0",
      "train batch=0/0", "repeat 1/0 { print 1 }",
    ] {
      let (shell, console, _) = session(setup)
      let before = shell.network.layers
      let outcome = shell.run(SourceText(name: "bad.nn", text: bad))
      #expect(outcome == .failed, "\(bad) should fail")
      #expect(console.errors.contains("bad.nn:1:"), "\(bad): \(console.errors)")
      #expect(shell.network.layers == before, "\(bad) changed the network")
    }
  }

  @Test func exportedLeakyReLUHasAFiniteSlope() {
    let (shell, _, outcome) = session("net\nlayer dense 2 -> 3 leaky_relu alpha=0.2")
    #expect(outcome == .completed)
    #expect(shell.network.layers[0].activation == .leakyReLU(alpha: 0.2))
  }

  // MARK: assert (item 15)

  @Test func assertTreatsInfinitiesAsEqualAndNaNAsNever() {
    for good in [
      "assert 1/0 == 1/0", "assert -1/0 == -1/0", "assert [1 1/0] == [1 1/0]", "assert [1/0 1/0] == 1/0",
      "assert 0/0 != 0/0", "assert 1/0 != 1e308", "assert [1 2] == [1 2.5] tol=0.5", "assert 1 == 1 tol=0",
    ] {
      let (_, console, outcome) = session(good)
      #expect(outcome == .completed, "\(good): \(console.errors)")
    }
    let (_, console, outcome) = session("assert [1 0/0; 0/0 4] == [1 2; 3 4] tol=1e300")
    #expect(outcome == .failed)
    #expect(console.errors.contains("entry [2,1] is NaN vs 3: NaN is never equal to anything; 2 entries hold NaN"))
    let (_, c2, _) = session("assert [1 1/0] == [1 2]")
    #expect(c2.errors.contains("largest difference Inf"))
    for bad in ["assert 1 == 1 tol=-1", "assert 1 == 1 tol=0/0", "assert 1 == 1 tol=-1/0"] {
      let (_, c, o) = session(bad)
      #expect(o == .failed, "\(bad)")
      #expect(c.errors.contains("tol must be"), "\(bad): \(c.errors)")
    }
  }

  // MARK: NaN and infinite parameters (items 9, 10)

  let xorNetwork = "seed 1\ndata xor\nnet\nlayer dense 2 -> 3 relu\nlayer dense 2 softmax\nloss ce\n"

  @Test func evaluateAndPredictRefuseClassesFromNaN() {
    for statement in ["evaluate", "predict [1; 0]", "predict [1 0; 0 1]"] {
      let (shell, console, outcome) = session(xorNetwork + "set W1 = zeros(3,2)/0\n" + statement)
      #expect(outcome == .failed, "\(statement)")
      #expect(console.errors.contains("warning: W1 has 6 NaN entries"), "\(statement): \(console.errors)")
      #expect(console.errors.contains("the output h is NaN"), "\(statement)")
      #expect(!console.output.contains("accuracy"), "\(statement)")
      #expect(!console.output.contains("class:"), "\(statement)")
      #expect(shell.variables["accuracy"] == nil)
    }
  }

  @Test func statementsThatReadParametersWarnOnceEach() {
    let text = xorNetwork + "set b1 = [1; 0/0; 1/0]\nforward sample 1\nbackward\nstep\nsave \"/tmp/nnsh-numerics-test.safetensors\""
    let (_, console, _) = session(text)
    let warnings = console.errors.components(separatedBy: "warning:").count - 1
    #expect(warnings == 4, "\(console.errors)")
    #expect(console.errors.contains("t.nn:8:1: warning: b1 has 1 NaN and 1 infinite entries, z1 has"))
    // The step spread the NaN gradients into every parameter, and says so.
    #expect(console.output.contains("|ΔW[1]| ≤ NaN"))
    #expect(console.errors.contains("t.nn:11:1: warning: W1 has 6 NaN entries, b1 has 3 NaN entries, W2 has 6 NaN entries"))
  }

  @Test func trainRefusesNonFiniteParameters() {
    let (shell, console, outcome) = session(xorNetwork + "set W2 = W2 * (1/0)\ntrain epochs=1 quiet=yes")
    #expect(outcome == .failed)
    #expect(console.errors.contains("train needs finite parameters to start from, but W2 has"))
    #expect(shell.lossHistory.isEmpty)
  }

  @Test func aStepThatOverflowsSaysSo() {
    let (_, console, outcome) = session("net\nlayer dense 1 -> 1\nset W1 = 1\nset b1 = 0\nforward x=1e10 y=0\nbackward\nstep lr=1e300")
    #expect(outcome == .completed)
    #expect(console.errors.contains("warning: the step made the parameters non-finite (W1 has 1 infinite entry, b1 has 1 infinite entry); is the learning rate too high? α = 1e+300"))
  }

  @Test func saveAndLoadAgreeOnNonFiniteParameters() throws {
    let path = "/tmp/nnsh-numerics-nan-\(getpid()).safetensors"
    let (shell, console, outcome) = session(
      "net\nlayer dense 2 -> 1\nset W1 = [1/0 0/0]\nset b1 = -1/0\nsave \"\(path)\" dtype=f32\nset W1 = [1 2]\nset b1 = 0\nload weights \"\(path)\"")
    #expect(outcome == .completed, "\(console.errors)")
    let W = shell.network.layers[0].W.storage, b = shell.network.layers[0].b.storage
    #expect(W[0] == .infinity && W[1].isNaN && b[0] == -.infinity)
    #expect(console.errors.contains("t.nn:8:1: warning: W1 has 1 NaN and 1 infinite entries, b1 has 1 infinite entry"))
  }

  @Test func aNaNInputReachesHAndJ() {
    let (shell, console, _) = session("net\nlayer dense 1 -> 2 relu\nlayer dense 1\nforward x=0/0 y=1\nbackward")
    #expect(shell.network.h?.storage[0].isNaN == true)
    #expect(shell.network.J?.isNaN == true)
    let dW = shell.network.dW[0].storage
    #expect(dW[0].isNaN && dW[1].isNaN)
    #expect(console.errors.contains("J is NaN"))
  }

  // MARK: predict names what it prints (item 12)

  @Test func predictNamesProbabilities() {
    let linear = "seed 1\ndata xor\nnet\nlayer dense 2 -> 3 tanh\nlayer dense 2\nloss ce\npredict [1; 0]"
    let (_, c1, _) = session(linear)
    #expect(c1.output.contains("softmax(h) (2×1)"))
    #expect(!c1.output.contains("\nh (2×1)"))
    let bce = "seed 1\ndata xor\nnet\nlayer dense 2 -> 3 tanh\nlayer dense 1 tanh\nloss bce\npredict [1; 0]"
    let (_, c2, _) = session(bce)
    #expect(c2.output.contains("σ(h) = "))
    // With the loss's own link, h is the probabilities and is called h.
    let (_, c3, _) = session("seed 1\ndata xor\nnet\nlayer dense 2 -> 3 tanh\nlayer dense 2 softmax\nloss ce\npredict [1; 0]")
    #expect(c3.output.hasPrefix("data xor") && c3.output.contains("\nh (2×1)"))
    #expect(!c3.output.contains("softmax(h)"))
  }

  // MARK: pause "message" (item 20)

  @Test func pauseWithAMessagePrintsItAndWaitsOnlyWhenInteractive() {
    let (_, quiet, outcome) = session("pause \"look at a1\"\nprint \"after\"")
    #expect(outcome == .completed)
    #expect(quiet.output == "look at a1\nafter\n")
    let (_, person, o2) = session("pause \"look at a1\"\nprint \"after\"", interactive: true, input: [""])
    #expect(o2 == .completed)
    #expect(person.output == "look at a1\n(press Enter to continue)after\n")
    let (_, bad, o3) = session("pause 3")
    #expect(o3 == .failed)
    #expect(bad.errors.contains("must be a string"))
  }
}
