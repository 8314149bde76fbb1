import Foundation
import Testing

@testable import NNData
@testable import NNEngine
@testable import NNShell

/// `save`, `save grads`, `save torch`, `load weights` and `load model` in a session: what
/// they write and read, what they print, and that a failure changes nothing.
@Suite struct FileStatementTests {
  /// A fresh, empty folder; removed by `cleanUp`.
  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "/nnsh-files-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

  func run(_ shell: Interpreter, _ text: String) -> Interpreter.Outcome {
    shell.run(SourceText(name: "t.nn", text: text))
  }

  func session() -> (Interpreter, CapturingConsole) {
    let console = CapturingConsole()
    return (Interpreter(console: console), console)
  }

  static let notes = "seed 4\nnet\nlayer dense 2 -> 3 relu\nlayer dense 4 leaky_relu alpha=0.3\nlayer dense 1\n"

  /// The torch fixture of the NNData tests.
  static var torchFixture: String {
    let here = #filePath  // …/Tests/NNShellTests/FileStatementTests.swift
    return ((here as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
      + "/NNDataTests/Fixtures/SafeTensors-torch.safetensors"
  }

  @Test func saveThenLoadWeightsIsBitIdentical() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, console) = session()
    #expect(run(shell, Self.notes + "save \"\(dir)/m.safetensors\"") == .completed)
    #expect(console.output.hasSuffix("save: W1 b1 W2 b2 W3 b3 (30 parameters, F64) to \(dir)/m.safetensors\n"))
    let saved = shell.network.layers
    #expect(run(shell, "init normal std=5") == .completed)
    #expect(shell.network.layers != saved)
    #expect(run(shell, "load weights \"\(dir)/m.safetensors\"") == .completed)
    #expect(console.output.hasSuffix("load weights: W1 b1 W2 b2 W3 b3 (30 parameters) from \(dir)/m.safetensors\n"))
    #expect(shell.network.layers == saved)
    for (a, b) in zip(shell.network.layers, saved) {
      #expect(a.W.storage.map(\.bitPattern) == b.W.storage.map(\.bitPattern))
      #expect(a.b.storage.map(\.bitPattern) == b.b.storage.map(\.bitPattern))
    }
    #expect(FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["m.safetensors"])
  }

  @Test func loadModelRebuildsTheNetworkAndPredictsIdentically() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (trainer, _) = session()
    #expect(
      run(trainer, "seed 2\ndata xor\nnet\nlayer dense 2 -> 5 tanh\nlayer dense 2 softmax\nloss ce\ntrain epochs=5 quiet=yes\n"
        + "save \"\(dir)/xor.safetensors\"") == .completed)
    let (fresh, console) = session()
    #expect(run(fresh, "load model \"\(dir)/xor.safetensors\"") == .completed)
    #expect(console.output == "load model: 2 -> 5 tanh -> 2 softmax, loss ce (2 layers, 27 parameters) from \(dir)/xor.safetensors\n")
    #expect(fresh.network.layers == trainer.network.layers)
    #expect(fresh.network.loss == .ce)
    let x = try Matrix(rowsOf: [[0, 1, 0.3], [1, 1, -0.2]])
    #expect(try fresh.network.predict(x) == (try trainer.network.predict(x)))
    #expect(run(fresh, "predict [0; 1]") == .completed)
  }

  @Test func saveGradsAfterBackward() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, console) = session()
    let path = dir + "/g.safetensors"
    #expect(run(shell, Self.notes + "save grads \"\(path)\"") == .failed)
    #expect(console.errors.contains("error: there are no gradients to save: run forward with targets, then backward"))
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(run(shell, "forward x=[1; 2] y=[3]\nbackward\nsave grads \"\(path)\" dtype=f32") == .completed)
    #expect(console.output.hasSuffix("save grads: dW1 db1 dW2 db2 dW3 db3 (30 gradient values, F32) to \(path)\n"))
    let f = try SafeTensorsFile.read(path: path)
    #expect(f.metadata["content"] == "gradients")
    #expect(f["dW2"]?.values == SafeTensor(name: "dW2", matrix: shell.network.dW[1]).values.map { Double(Float($0)) })
    // A gradients file is not parameters.
    let before = shell.network.layers
    #expect(run(shell, "load weights \"\(path)\"") == .failed)
    #expect(console.errors.contains("the file holds gradients (dW1 db1 dW2 db2 dW3 db3), not parameters"))
    #expect(shell.network.layers == before)
  }

  @Test func failuresChangeNothing() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, console) = session()
    #expect(run(shell, "seed 1\nnet\nlayer dense 2 -> 4 relu\nlayer dense 1\nsave \"\(dir)/small.safetensors\"") == .completed)
    #expect(run(shell, Self.notes + "forward x=[1; 2] y=[3]\nbackward") == .completed)
    // Truncate a copy of a valid file at many places.
    let full = try FileBytes.read(path: dir + "/small.safetensors")
    let before = shell.network.layers
    let dW = shell.network.dW
    var bad: [String] = []
    for n in 0..<full.count {
      let path = dir + "/cut\(n).safetensors"
      try FileBytes.write(Array(full.prefix(n)), path: path)
      bad.append("load weights \"\(path)\"")
      bad.append("load model \"\(path)\"")
    }
    bad += [
      "load weights \"\(dir)/small.safetensors\"",  // 2-4-1 into 2-3-4-1
      "load weights \"\(dir)/missing.safetensors\"",
      "load weights \"\(dir)\"",
      "load weights \"\(Self.torchFixture)\"",  // a 2-3-1 PyTorch net
      "save \"\(dir)/m.pt\"", "save \"\(dir)/m.safetensors\" dtype=f16", "save grads \"\(dir)/g.npy\"",
      "save \"\(dir)/no/such/folder/m.safetensors\"", "save nothing \"\(dir)/x.safetensors\"",
      "load weights", "load model \"a\" \"b\"", "load weights \"\(dir)/small.safetensors\" target=1",
    ]
    for statement in bad {
      console.errors = ""
      #expect(run(shell, statement) == .failed, "\(statement) should fail")
      #expect(console.errors.contains("t.nn:1:"), "\(statement): \(console.errors)")
      #expect(shell.network.layers == before, "\(statement) changed the network")
      #expect(shell.network.dW == dW, "\(statement) changed the gradients")
      #expect(shell.network.hasGradients, "\(statement) lost the gradients")
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix("cut") }
    #expect(left == ["small.safetensors"])
  }

  @Test func errorMessages() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    func error(_ text: String, after setup: String = Self.notes) -> String {
      let (shell, console) = session()
      _ = run(shell, setup)
      console.errors = ""
      _ = run(shell, text)
      return console.errors
    }
    #expect(error("save \"m.pt\"").contains("error: save writes .safetensors files (save \"m.safetensors\", or save W1 \"W1.npy\" for one value)"))
    #expect(error("save \"\(dir)/m.safetensors\" dtype=f16").contains("error: dtype= takes f64 or f32"))
    #expect(error("save \"\(dir)/m.safetensors\"", after: "net").contains("error: the network has no layers to save yet"))
    #expect(error("load weights \"\(dir)/none.safetensors\"").contains("cannot read '\(dir)/none.safetensors': No such file or directory"))
    #expect(error("save \"\(dir)/x/m.safetensors\"").contains("error: cannot write '\(dir)/x/m.safetensors': No such file or directory"))
    #expect(error("load weights \"\(Self.torchFixture)\"", after: "net\nlayer dense 2 -> 3 relu\nlayer dense 4").contains("'2.weight' (W2) is 1×3 in the file but W2 is 4×3 in the network"))
    #expect(error("load model \"\(Self.torchFixture)\"").contains("the metadata does not describe a network"))
    #expect(error("load weights \"\(dir)/m.safetensors\"", after: "net").contains("the network has no layers to load into"))
    #expect(error("save W1 \"\(dir)/x.safetensors\"").contains("'W1' is not something to save this way; a value is saved as NumPy (save W1 \"W1.npy\")"))
    #expect(error("save \"x.npy\"").contains("error: a NumPy file holds one value: name it first (save X \"x.npy\")"))
    // Another extension: the message names the extension, not the value.
    #expect(error("save W1 \"x.csv\"").contains("error: save writes a value as a NumPy .npy file, not as .csv (save W1 \"x.npy\")"))
    #expect(error("save W1 \"out/W\"").contains("error: save writes a value as a NumPy .npy file, and 'W' has no .npy extension (save W1 \"out/W.npy\")"))
    #expect(error("save W1 \"x.csv\"").contains("1:9:"))
    #expect(error("save torch \"\(dir)/m.safetensors\"").contains("takes a folder"))
    #expect(error("load weights \"m.safetensors\" sep=\";\"").contains("load weights takes no options"))
  }

  /// A PyTorch nn.Sequential state dict (written by the reference package) loads by
  /// module number.
  @Test func pytorchStateDictLoadsIntoTheSameLayers() throws {
    let (shell, console) = session()
    #expect(run(shell, "net\nlayer dense 2 -> 3 relu\nlayer dense 1\nload weights \"\(Self.torchFixture)\"") == .completed)
    #expect(console.output.hasSuffix("load weights: 0.weight 0.bias 2.weight 2.bias → W1 b1 W2 b2 (13 parameters) from \(Self.torchFixture)\n"))
    #expect(shell.network.layers[1].W.rowArrays == [[1, -2, 0.5]])
    #expect(run(shell, "assert W1 == [0.5 -1; 2 0.25; -0.75 1.5]") == .completed)
  }

  @Test func float32AndQuietInBlocks() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, console) = session()
    #expect(run(shell, Self.notes + "repeat 2 { save \"\(dir)/q.safetensors\" dtype=f32 }") == .completed)
    #expect(!console.output.contains("save:"))
    let f = try SafeTensorsFile.read(path: dir + "/q.safetensors")
    #expect(f.tensors.allSatisfy { $0.dtype == .f32 })
    #expect(f.metadata["layers"] == "dense 2 -> 3 relu; dense 3 -> 4 leaky_relu alpha=0.3; dense 4 -> 1 linear")
    #expect(f.metadata["nnsh"] == shell.fileVersion)
  }

  @Test func numpyFileNamesGoToSaveNumPy() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, _) = session()
    #expect(run(shell, Self.notes + "save W1 \"\(dir)/W1.npy\"") == .completed)
    #expect(try NumPyFile.read(path: dir + "/W1.npy").matrix() == shell.network.layers[0].W)
  }

  /// `save torch "DIR"`: model.py compiles, and — with NumPy and safetensors — the state
  /// dict computes nnsh's outputs; with PyTorch, model.py itself does.
  @Test func torchExport() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let (shell, console) = session()
    let out = dir + "/export"
    #expect(run(shell, Self.notes + "loss mse\nsave torch \"\(out)\"") == .completed)
    #expect(console.output.hasSuffix(
      "save torch: \(out)/model.py, \(out)/model.safetensors, \(out)/README.md (nn.Sequential of 3 Linear layers, float64)\n"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["README.md", "model.py", "model.safetensors"])
    // nnsh reads its own export back.
    #expect(run(shell, "init zeros\nload weights \"\(out)/model.safetensors\"") == .completed)
    #expect(console.output.contains("0.weight 0.bias 2.weight 2.bias 4.weight 4.bias → W1 b1 W2 b2 W3 b3"))

    let x = try Matrix(rowsOf: [[0.5, -1, 2], [1.5, 0.25, -3]])
    let h = try shell.network.predict(x).storage
    let compile = python("import py_compile; py_compile.compile(sys.argv[1], doraise=True); print('ok')", [out + "/model.py"], modules: [])
    if let compile { #expect(compile == "ok\n") }
    let numpy = """
      import numpy as np
      from safetensors.numpy import load_file
      t = load_file(sys.argv[1] + "/model.safetensors")
      x = np.array([[0.5, 1.5], [-1, 0.25], [2, -3]])   # samples as rows
      a = np.maximum(x @ t["0.weight"].T + t["0.bias"], 0)
      z = a @ t["2.weight"].T + t["2.bias"]
      a = np.where(z > 0, z, 0.3 * z)
      h = a @ t["4.weight"].T + t["4.bias"]
      print(" ".join(repr(float(v)) for v in h[:, 0]))
      """
    if let result = python(numpy, [out], modules: ["numpy", "safetensors"]) {
      let values = result.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      #expect(values.count == 3)
      for (a, b) in zip(values, h) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }
    let torch = """
      sys.path.insert(0, sys.argv[1])
      import torch
      from model import load, loss
      m = load()
      x = torch.tensor([[0.5, 1.5], [-1, 0.25], [2, -3]], dtype=torch.float64)
      print(" ".join(repr(float(v)) for v in m(x)[:, 0]))
      """
    if let result = python(torch, [out], modules: ["torch", "safetensors"]) {
      let values = result.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      #expect(values.count == 3, "\(result)")
      for (a, b) in zip(values, h) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }
  }

  /// A session script replays to the same parameters, bit for bit: the statements that
  /// only looked are left out, unless they drew random numbers.
  @Test func sessionScriptReplaysToTheSameParameters() throws {
    let dir = try Self.folder()
    defer { Self.cleanUp(dir) }
    let text = """
      data xor
      show W1
      net
      layer dense 2 -> 4 tanh
      layer dense 2 softmax
      loss ce
      summary
      let r = randn(2, 2)
      show rand(1, 1)
      repeat 3 {
        sample; forward; backward
        step lr=0.5
      }
      help train
      seed 9; train epochs=3 quiet=yes
      init xavier
      train epochs=2 batch=4 quiet=yes
      """
    let (shell, console) = session()
    var log: [Statement] = []
    for s in Parser.parse(SourceText(name: "s.nn", text: text)).statements where shell.execute([s]) == .completed {
      log.append(s)
    }
    #expect(console.errors.contains("W1"))  // show W1 failed: not in the log
    let (script, count) = shell.sessionScript(log)
    #expect(count == 12)
    #expect(script.hasPrefix("# An nnsh \(shell.fileVersion) session (save session); replay it with: nnsh run FILE\nseed 0  # the seed a session starts with\ndata xor\nnet\n"))
    #expect(script.contains("show rand(1, 1)\nrepeat 3 {\n  sample; forward; backward\n  step lr=0.5\n}\nseed 9\ntrain epochs=3 quiet=yes\n"))
    #expect(!script.contains("summary") && !script.contains("help") && !script.contains("show W1"))
    let (replay, replayConsole) = session()
    #expect(replay.run(SourceText(name: "replay.nn", text: script)) == .completed, "\(replayConsole.errors)")
    #expect(replay.network.layers.count == 2)
    for (a, b) in zip(replay.network.layers, shell.network.layers) {
      #expect(a.W.storage.map(\.bitPattern) == b.W.storage.map(\.bitPattern))
      #expect(a.b.storage.map(\.bitPattern) == b.b.storage.map(\.bitPattern))
    }
    // Written through save session's own code path (the statement is wired by the lead).
    let statement = Parser.parse(SourceText(name: "t.nn", text: "save session \"\(dir)/s.nn\"")).statements
    #expect(statement.count == 1)
    if let s = statement.first, let result = try shell.saveSessionStatement(s, log: log) { try shell.renderer.render(result) }
    #expect(try String(contentsOfFile: dir + "/s.nn", encoding: .utf8) == script)
    #expect(console.output.hasSuffix("save session: 12 statements to \(dir)/s.nn (replay: nnsh run \(dir)/s.nn)\n"))
  }

  /// `python3 -c script args…`, or nil when python3 or one of `modules` is missing.
  func python(_ script: String, _ arguments: [String], modules: [String]) -> String? {
    let env = "/usr/bin/env"
    guard FileManager.default.isExecutableFile(atPath: env) else { return nil }
    let imports = modules.isEmpty ? "pass" : modules.map { "import \($0)" }.joined(separator: "\n ")
    let program = "import sys\ntry:\n \(imports)\nexcept ImportError:\n print('skip'); sys.exit(0)\n" + script
    let process = Process()
    process.executableURL = URL(fileURLWithPath: env)
    process.arguments = ["python3", "-c", program] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    if output.hasPrefix("skip") { return nil }
    return process.terminationStatus == 0 ? output : output + "\n(python3 exited with \(process.terminationStatus))"
  }
}
