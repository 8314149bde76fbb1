import Testing
@testable import NNEngine

/// The engine's refusals are data — the kind, the operands' shapes, the offending value —
/// and their plain wording uses no shell syntax (no `option=`, no statement names), so
/// the engine is usable without nnsh's vocabulary.
@Suite struct EngineErrorTests {
  /// The error `body` throws, or nil.
  func error(_ body: () throws -> Void) -> EngineError? {
    do { try body() } catch let e as EngineError { return e } catch { return nil }
    return nil
  }

  @Test func matrixErrorsCarryTheShapeAndTheValue() throws {
    #expect(error { _ = try Matrix(rows: 0, cols: 3) } == .invalidShape(rows: 0, cols: 3, .sizeBelowOne))
    #expect(error { _ = try Matrix(rows: 2, cols: 2, columnMajor: [1, 2, 3]) } == .invalidShape(rows: 2, cols: 2, .valueCount(3)))
    #expect(error { _ = try Matrix(rows: 2, cols: 3).reshaped(rows: 4, cols: 2) } == .invalidShape(rows: 4, cols: 2, .reshape(from: Shape(2, 3))))
    #expect(error { _ = try Matrix(rowsOf: [[1, 2], [3]]) } == .raggedRows(row: 2, count: 1, expected: 2))
    #expect(error { _ = try Matrix(rows: 2, cols: 2).element(3, 1) } == .indexOutOfRange(.element(3, 1), shape: Shape(2, 2)))
    #expect(error { _ = try Matrix(rows: 2, cols: 3) + Matrix(rows: 3, cols: 2) } == .shapeMismatch(.add, left: Shape(2, 3), right: Shape(3, 2)))
    #expect(error { _ = try Matrix(rows: 2, cols: 3) * Matrix(rows: 2, cols: 3) } == .shapeMismatch(.product, left: Shape(2, 3), right: Shape(2, 3)))
  }

  @Test func tooManyElementsCarriesTheSessionsLimit() throws {
    let saved = MemoryBudget.install(MemoryBudget(limit: 1 << 20))
    defer { MemoryBudget.current = saved }
    #expect(error { _ = try Matrix(rows: 1000, cols: 1000) } == .invalidShape(rows: 1000, cols: 1000, .tooManyElements(limit: 131_072)))
  }

  @Test func variableErrorsCarryTheIndexAndTheShape() throws {
    let m = Variable(try Matrix(rows: 2, cols: 2))
    #expect(error { _ = try m.select(rows: [2], cols: [0]) } == .indexOutOfRange(.row(3), shape: Shape(2, 2)))
    #expect(error { _ = try m.select(rows: [0], cols: [5]) } == .indexOutOfRange(.column(6), shape: Shape(2, 2)))
    #expect(error { _ = try Variable.concatenate([[m], []]) } == .emptyBlockRow)
    #expect(error { _ = try Variable.gradients(of: m, wrt: [m]) } == .notScalar(Shape(2, 2)))
  }

  @Test func networkErrorsCarryTheLayerAndTheShapes() throws {
    var empty = Network()
    #expect(error { try empty.forward(Matrix(column: [1])) } == .emptyNetwork)
    var net = try NetworkTests.notesNetwork()
    #expect(error { try net.append(Dense(inputs: 3, outputs: 2)) } == .shapeMismatch(.product, left: Shape(2, 3), right: Shape(1, 1)))
    #expect(error { try net.setParameters(layer: 4, W: nil) } == .noSuchLayer(4, layerCount: 3))
    #expect(error { try net.setParameters(layer: 1, W: Matrix(rows: 2, cols: 3)) } == .shapeMismatch(.assign, left: Shape(3, 2), right: Shape(2, 3)))
    #expect(error { try net.forward(Matrix(column: [1, 2, 3])) } == .shapeMismatch(.product, left: Shape(3, 2), right: Shape(3, 1)))
    #expect(error { try net.backward() } == .noForwardPassWithTargets)
  }

  @Test func trainingSettingsCarryTheOffendingValue() throws {
    var net = try NetworkTests.notesNetwork()
    var optimizer = Optimizer()
    var g = RandomGenerator(seed: 0)
    let X = try Matrix(rows: 2, cols: 4), Y = try Matrix(rows: 1, cols: 4)
    for (trainer, setting) in [
      (Trainer(epochs: 0, batchSize: 4, learningRate: 0.1), TrainingSetting.epochs(0)),
      (Trainer(epochs: 1, batchSize: -2, learningRate: 0.1), .batchSize(-2)),
      (Trainer(epochs: 1, batchSize: 4, learningRate: -0.5), .learningRate(-0.5)),
    ] {
      var t = trainer
      #expect(error { _ = try t.train(&net, optimizer: &optimizer, X: X, Y: Y, generator: &g) } == .invalidTrainingSetting(setting))
    }
  }

  @Test func thePlainWordingUsesNoShellSyntax() {
    let errors: [EngineError] = [
      .shapeMismatch(.hadamard, left: Shape(2, 3), right: Shape(3, 2)),
      .invalidShape(rows: 1000, cols: 1000, .tooManyElements(limit: 131_072)),
      .invalidShape(rows: 0, cols: 1, .sizeBelowOne),
      .indexOutOfRange(.element(3, 1), shape: Shape(2, 2)),
      .raggedRows(row: 2, count: 1, expected: 2), .emptyBlockRow, .noSuchLayer(4, layerCount: 3), .emptyNetwork,
      .noForwardPassWithTargets, .notScalar(Shape(2, 1)),
      .invalidTrainingSetting(.epochs(0)), .invalidTrainingSetting(.batchSize(0)), .invalidTrainingSetting(.learningRate(-1)),
      .outOfMemory(requested: 1 << 20, inUse: 1 << 30, limit: 1 << 30, refusedBySystem: false),
      .outOfMemory(requested: 1 << 20, inUse: 1 << 30, limit: 1 << 30, refusedBySystem: true),
    ]
    for e in errors {
      let text = e.description
      #expect(!text.isEmpty)
      for shellWord in ["=", "limit memory", "forward x", "forward sample", "jacobian", "batch ", "lr ", ".*", "let "] {
        #expect(!text.contains(shellWord), "\(text)")
      }
    }
    #expect(EngineError.invalidTrainingSetting(.learningRate(-1)).description == "learningRate must be a positive number (got -1.0)")
    #expect(EngineError.noSuchLayer(4, layerCount: 3).description == "there is no layer 4 (the network has 3)")
  }
}
