import Foundation
import NNData
import NNEngine
import Testing

@testable import NNShell

/// `split TRAIN VALIDATION`, `load … as test|validation`, `train … patience=`, `layer
/// dropout`, `forward train=yes`: failures leave the session as it was.
@Suite struct ValidationStatementTests {
  @Test func failedPartAndDropoutStatementsChangeNothing() throws {
    let folder = NSTemporaryDirectory() + "h16-\(UUID().uuidString)/"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "a,b,c\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n".write(toFile: folder + "train.csv", atomically: true, encoding: .utf8)
    try "a,b,c\n1,2,z\n".write(toFile: folder + "unknown-class.csv", atomically: true, encoding: .utf8)
    try "a,d,c\n1,2,x\n".write(toFile: folder + "unknown-column.csv", atomically: true, encoding: .utf8)
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let setup = """
      seed 1
      load "\(folder)train.csv" target=c
      split 0.5
      net
      layer dense 2 -> 3 tanh
      layer dropout 0.5
      layer dense 2 softmax
      loss ce
      """
    #expect(shell.run(SourceText(name: "setup.nn", text: setup)) == .completed)
    let data = shell.dataset, layers = shell.network.layers, dropout = shell.network.dropout
    let (generatorBefore, variables) = (shell.generator, shell.variables.keys.sorted())
    for bad in [
      "split 0.6 0.4", "split 0.5 -0.1", "load \"\(folder)unknown-class.csv\" target=c as test",
      "load \"\(folder)unknown-column.csv\" target=c as validation", "load \"\(folder)train.csv\" target=c as nonsense",
      "train epochs=3 patience=2", "train epochs=3 min_delta=0.1", "layer dropout 1", "layer dropout -0.5",
      "evaluate validation",
    ] {
      let outcome = shell.run(SourceText(name: "bad.nn", text: bad))
      #expect(outcome == .failed, "\(bad) should fail")
      #expect(shell.dataset == data, "\(bad) changed the data")
      #expect(shell.network.layers == layers && shell.network.dropout == dropout, "\(bad) changed the network")
      #expect(shell.generator == generatorBefore, "\(bad) drew random numbers")
      #expect(shell.variables.keys.sorted() == variables, "\(bad) changed the variables")
    }
    #expect(console.errors.contains("unknown-class.csv has the class 'z'"))
    #expect(console.errors.contains("unknown-column.csv has the column 'd'"))
    #expect(console.errors.contains("there is no validation part"))
  }

  @Test func trainingForwardBindsMasksAndPlainForwardDoesNot() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let script = """
      seed 2
      net
      layer dense 2 -> 4 relu
      layer dropout 0.5
      layer dense 1
      forward x=[1 2 3; 4 5 6] y=[1 0 1] train=yes
      """
    #expect(shell.run(SourceText(name: "t.nn", text: script)) == .completed)
    #expect(shell.variables["mask1"]?.value.shape == Shape(4, 3))
    #expect(shell.network.masksApplied)
    #expect(shell.run(SourceText(name: "t.nn", text: "forward x=[1 2 3; 4 5 6] y=[1 0 1]")) == .completed)
    #expect(!shell.network.masksApplied)
  }
}
