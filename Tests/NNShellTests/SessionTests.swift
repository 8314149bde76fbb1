import Foundation
import Testing
@testable import NNEngine
@testable import NNShell

/// `save session` through the statement itself: the interpreter logs every top-level
/// statement that completed, and replaying the script gives the same parameters.
@Suite struct SessionTests {
  @Test func savedSessionReplaysBitForBit() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-session-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    for line in [
      "seed 3", "data xor n=40", "net", "layer dense 2 -> 4 tanh", "layer dense 2 softmax", "loss ce",
      "show W1", "let bad = [1 2] * [3 4]", "train epochs=5 batch=8 lr=0.1 quiet=yes",
      "sample; forward; backward; step lr=0.05", "save session \"\(dir)/s.nn\"",
    ] {
      _ = shell.run(SourceText(name: "<stdin>", text: line))
    }
    let script = try String(contentsOfFile: dir + "/s.nn", encoding: .utf8)
    #expect(!script.contains("show W1"))
    #expect(!script.contains("let bad"))  // it failed, so it changed nothing
    let replay = Interpreter(console: CapturingConsole())
    #expect(replay.run(SourceText(name: "s.nn", text: script)) == .completed)
    #expect(replay.network.layers.count == 2)
    for (a, b) in zip(shell.network.layers, replay.network.layers) {
      #expect(a.W.storage.map(\.bitPattern) == b.W.storage.map(\.bitPattern))
      #expect(a.b.storage.map(\.bitPattern) == b.b.storage.map(\.bitPattern))
    }
  }
}
