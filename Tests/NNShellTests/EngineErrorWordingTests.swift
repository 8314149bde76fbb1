import Foundation
import Testing
@testable import NNEngine
@testable import NNShell

/// The shell words the engine's errors in its own vocabulary — the sentences nnsh has
/// always printed, now written in one place (`EngineError+Wording.swift`).
@Suite struct EngineErrorWordingTests {
  @Test func everyKindIsWordedInTheShellsVocabulary() {
    let cases: [(EngineError, String)] = [
      (.shapeMismatch(.product, left: Shape(3, 2), right: Shape(3, 1)),
       "cannot multiply the left operand (3×2) by the right operand (3×1): the left operand has 2 columns but the right operand has 3 rows"),
      (.shapeMismatch(.hadamard, left: Shape(2, 3), right: Shape(3, 2)),
       "cannot multiply elementwise (.*) the left operand (2×3) and the right operand (3×2): shapes must match, "
        + "or one must be a scalar, a column vector with as many rows, or a row vector with as many columns"),
      (.invalidShape(rows: 2, cols: 2, .valueCount(3)), "invalid shape 2×2: expected 4 values, got 3"),
      (.invalidShape(rows: 0, cols: 2, .sizeBelowOne), "invalid shape 0×2: sizes must be at least 1"),
      (.invalidShape(rows: 1000, cols: 1000, .tooManyElements(limit: 131_072)),
       "invalid shape 1000×1000: too many elements (the limit is 131072, 1 MiB of Doubles; see limit memory=)"),
      (.invalidShape(rows: 4, cols: 2, .reshape(from: Shape(2, 3))), "invalid shape 4×2: cannot reshape 2×3 (6 elements)"),
      (.indexOutOfRange(.element(3, 1), shape: Shape(2, 2)), "index [3, 1] is outside a 2×2 matrix"),
      (.indexOutOfRange(.row(3), shape: Shape(2, 2)), "index row 3 is outside a 2×2 matrix"),
      (.raggedRows(row: 2, count: 1, expected: 2), "row 2 has 1 values but row 1 has 2"),
      (.emptyBlockRow, "empty row in a matrix literal"),
      (.noSuchLayer(4, layerCount: 3), "there is no layer 4 (the network has 3)"),
      (.emptyNetwork, "the network has no layers yet"),
      (.noForwardPassWithTargets,
       "backward needs a forward pass with targets first (forward x=… y=…, forward sample 1, or sample; forward)"),
      (.notScalar(Shape(2, 1)), "a gradient needs a scalar (1×1) function, but this value is 2×1; use jacobian for vector values"),
      (.invalidTrainingSetting(.epochs(0)), "epochs must be at least 1 (got 0)"),
      (.invalidTrainingSetting(.batchSize(-1)), "batch must be at least 1 (got -1)"),
      (.invalidTrainingSetting(.learningRate(-0.5)), "lr must be a positive number (got -0.5)"),
      (.outOfMemory(requested: 1 << 20, inUse: 1 << 30, limit: 2 << 30, refusedBySystem: false),
       "a matrix of 1M does not fit: the session already holds 1G of matrices, and limit memory=2G"),
    ]
    for (e, text) in cases {
      #expect(e.wording == text)
    }
  }

  @Test func anErrorNoStatementWordedIsWordedAtTheTopLevel() {
    #expect(Interpreter.message(for: EngineError.emptyNetwork) == "the network has no layers yet")
    struct Other: Error, CustomStringConvertible { var description: String { "other" } }
    #expect(Interpreter.message(for: Other()) == "other")
  }
}

/// An engine error met while reading a file reaches the user in the shell's words, with
/// the file and the tensor it came from.
@Suite struct FileEngineErrorWordingTests {
  @Test func aTensorBeyondTheMemoryLimitIsWordedByTheShell() throws {
    let dir = NSTemporaryDirectory() + "/nnsh-wording-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let save = "net\nlayer dense 400 -> 400\nsave \"\(dir)/m.safetensors\"\nnet\nlayer dense 400 -> 1\n"
    #expect(shell.run(SourceText(name: "t.nn", text: save)) == .completed, "\(console.errors)")
    #expect(shell.run(SourceText(name: "t.nn", text: "limit memory=1M\nload weights \"\(dir)/m.safetensors\"")) == .failed)
    #expect(
      console.errors.contains(
        "error: \(dir)/m.safetensors: tensor 'W1': invalid shape 400×400: too many elements (the limit is 131072, 1 MiB of Doubles; see limit memory=)"),
      "\(console.errors)")
  }
}
