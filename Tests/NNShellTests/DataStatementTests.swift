import Foundation
import Testing

@testable import NNData
@testable import NNEngine
@testable import NNShell

/// The data statements against files the tests write: every malformed file is an error
/// that keeps the previous data set; NumPy arrays in and out; MNIST; shuffle; show data;
/// evaluate and predict.
@Suite struct DataStatementTests {
  let folder: String

  init() throws {
    folder = NSTemporaryDirectory() + "/nnsh-data-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { folder + "/" + name }

  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: file(name), atomically: true, encoding: .utf8)
  }

  func write(_ name: String, bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
  }

  func session(_ text: String) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  /// Runs one statement through the given handler (for the statements whose dispatch
  /// lives in files of other topics: `save X "X.npy"`, `show data N`).
  func run(_ shell: Interpreter, _ text: String, _ handler: (Interpreter) -> (Statement) throws -> Output?) throws {
    let parsed = Parser.parse(SourceText(name: "t.nn", text: text))
    guard let s = parsed.statements.first, !parsed.hasErrors else {
      Issue.record("\(text) does not parse")
      return
    }
    if let result = try handler(shell)(s) { try shell.renderer.render(result) }
  }

  /// A tiny MNIST folder: 3 training and 2 test images of 2×2 pixels.
  func writeMNIST(_ name: String) throws -> String {
    let dir = file(name)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try IDXFile.write([0, 255, 0, 255, 255, 0, 255, 0, 51, 51, 51, 51], shape: [3, 2, 2], path: dir + "/train-images-idx3-ubyte")
    try IDXFile.write([1, 2, 3], shape: [3], path: dir + "/train-labels-idx1-ubyte")
    try IDXFile.write([0, 0, 0, 0, 255, 255, 255, 255], shape: [2, 2, 2], path: dir + "/t10k-images-idx3-ubyte")
    try IDXFile.write([3, 1], shape: [2], path: dir + "/t10k-labels-idx1-ubyte")
    return dir
  }

  // MARK: A failing load keeps the previous data

  @Test func everyMalformedFileKeepsThePreviousData() throws {
    try write("ragged.csv", "a,b,c\n1,2,x\n3,4\n")
    try write("empty.csv", "a,b,c\n")
    try write("text.csv", "a,b,c\n1,hello,x\n")
    try write("hole.csv", "a,b,c\n1,,x\n")
    try write("quote.csv", "a,b,c\n1,2,\"x\n")
    try write("bad.npy", "this is not numpy")
    try write("truncated.npy", bytes: Array(NumPyFile.encode(NumPyArray(Matrix(rowsOf: [[1, 2], [3, 4]]))).dropLast(3)))
    try write("X.npy", bytes: NumPyFile.encode(NumPyArray(Matrix(rowsOf: [[1, 2], [3, 4], [5, 6]]))))
    try write("y2.npy", bytes: NumPyFile.encode(try NumPyArray(shape: [2], values: [0, 1])))
    let mnist = try writeMNIST("mnist-bad")
    try IDXFile.write([1, 2, 12], shape: [3], path: mnist + "/train-labels-idx1-ubyte")
    let gz = try writeMNIST("mnist-gz")
    try FileManager.default.moveItem(atPath: gz + "/t10k-images-idx3-ubyte", toPath: gz + "/t10k-images-idx3-ubyte.gz")

    let (shell, console, outcome) = session("seed 1\ndata iris\nsplit 0.8\nnormalize standard\nlet keep = 1")
    #expect(outcome == .completed, "\(console.errors)")
    let before = shell.dataset
    let variables = shell.variables.keys.sorted()
    let cases: [(String, String)] = [
      ("load \"\(file("ragged.csv"))\" target=c", "this row has 2 fields but the header has 3"),
      ("load \"\(file("empty.csv"))\" target=c", "no data rows"),
      ("load \"\(file("text.csv"))\" target=c", "'hello' is not a number"),
      ("load \"\(file("hole.csv"))\" target=c", "the cell is empty"),
      ("load \"\(file("quote.csv"))\" target=c", "is never closed"),
      ("load \"\(file("missing.csv"))\"", "No such file or directory"),
      ("load \"\(file("bad.npy"))\" \"\(file("y2.npy"))\"", "not a valid .npy file"),
      ("load \"\(file("truncated.npy"))\" \"\(file("y2.npy"))\"", "bytes of data but the file has"),
      ("load \"\(file("X.npy"))\" \"\(file("y2.npy"))\"", "has 3 samples but"),
      ("load \"\(file("truncated.npy"))\" as T", "not a valid .npy file"),
      ("load mnist \"\(mnist)\"", "label 3 is 12; MNIST labels are the digits 0 to 9"),
      ("load mnist \"\(gz)\"", "is compressed with gzip; nnsh reads uncompressed files"),
      ("load mnist \"\(file("nowhere"))\"", "there is no such folder"),
    ]
    for (statement, message) in cases {
      console.errors = ""
      let outcome = shell.run(SourceText(name: "bad.nn", text: statement))
      #expect(outcome == .failed, "\(statement) should fail")
      #expect(console.errors.contains(message), "\(statement): \(console.errors)")
      #expect(shell.dataset == before, "\(statement) changed the data set")
      #expect(shell.variables.keys.sorted() == variables, "\(statement) changed the variables")
    }
  }

  // MARK: NumPy arrays

  @Test func saveThenLoadAnArrayBothSpellings() throws {
    let (shell, console, _) = session("let A = [1 2 3; 4 5 6]")
    try run(shell, "save A \"\(file("A.npy"))\"") { $0.saveStatement }
    try run(shell, "save A' * 2 \"\(file("At.npy"))\"") { $0.saveStatement }
    #expect(console.output.contains("save: A (2×3) to \(file("A.npy")) as a (2, 3) float64 array"))
    #expect(try NumPyFile.read(path: file("A.npy")).shape == [2, 3])
    let outcome = shell.run(SourceText(name: "t.nn", text: """
      load "\(file("A.npy"))" as B
      load "\(file("At.npy"))" as=C
      assert B == A
      assert C == 2 * A'
      """))
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("load: B (2×3) from \(file("A.npy"))"))
  }

  @Test func arrayLoadingAndSavingMistakes() throws {
    let (shell, console, _) = session("let A = [1 2]\nnet\nlayer dense 2 -> 2")
    try write("A.npy", bytes: NumPyFile.encode(NumPyArray(Matrix(rowsOf: [[1, 2]]))))
    for (statement, message) in [
      ("load \"\(file("A.npy"))\"", "name the array: load"),
      ("load \"\(file("A.npy"))\" to B", "expected 'as' between the file and the name"),
      ("load \"\(file("A.npy"))\" as 3", "expected a name after 'as'"),
      ("load \"\(file("A.npy"))\" as W1", "W1 is a name of the network"),
      ("load \"\(file("A.npy"))\" as relu", "'relu' is a function name"),
    ] {
      console.errors = ""
      #expect(shell.run(SourceText(name: "t.nn", text: statement)) == .failed, "\(statement)")
      #expect(console.errors.contains(message), "\(statement): \(console.errors)")
    }
    #expect(shell.variables["B"] == nil)
    #expect(throws: Diagnostic.self) { try run(shell, "save A \"a.csv\"") { $0.saveStatement } }
    #expect(throws: Diagnostic.self) { try run(shell, "save A \"/nonexistent/dir/a.npy\"") { $0.saveStatement } }
    #expect(throws: Diagnostic.self) { try run(shell, "save nothing \"\(file("n.npy"))\"") { $0.saveStatement } }
    #expect(!FileManager.default.fileExists(atPath: file("n.npy")))
  }

  @Test func csvClassesOption() throws {
    try write("n.csv", "a,b,t\n1,2,3\n2,3,5\n3,4,3\n")
    let (shell, console, outcome) = session("load \"\(file("n.csv"))\" target=t classes=labels")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(shell.dataset?.classNames == ["3", "5"])
    _ = shell.run(SourceText(name: "t.nn", text: "load \"\(file("n.csv"))\" target=t classes=values"))
    #expect(shell.dataset?.classNames == nil)
    #expect(shell.dataset?.Y.storage == [3, 5, 3])
    #expect(shell.run(SourceText(name: "t.nn", text: "load \"\(file("n.csv"))\" target=t classes=some")) == .failed)
    #expect(console.errors.contains("classes= takes auto, labels or values"))
  }

  // MARK: MNIST

  @Test func loadMNISTFromAFolder() throws {
    let dir = try writeMNIST("mnist")
    let (shell, console, outcome) = session("load mnist \"\(dir)\"\nvars")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("data mnist: 5 samples, 4 features, 10 classes (0, 1, 2, 3, 4, 5, 6, 7, 8, 9); 3 training, 2 test"))
    let d = try #require(shell.dataset)
    #expect(d.testIndices == [3, 4])
    #expect(d.X.column(2) == [0.2, 0.2, 0.2, 0.2])
    #expect(d.labels == [1, 2, 3, 3, 1])
    #expect(shell.run(SourceText(name: "t.nn", text: "load mnist \"\(dir)\" target=3")) == .failed)
    #expect(console.errors.contains("load mnist takes no options"))
    #expect(shell.run(SourceText(name: "t.nn", text: "data mnist")) == .failed)
    #expect(console.errors.contains("MNIST is not shipped with nnsh (it is 55 MB): download its four files, unpack them, and use load mnist \"DIR\""))
    #expect(shell.dataset?.name == "mnist")
  }

  // MARK: shuffle and show data

  @Test func shuffleKeepsEachSampleInItsPart() throws {
    let (shell, console, outcome) = session("seed 3\ndata iris\nsplit 0.8")
    #expect(outcome == .completed)
    let before = try #require(shell.dataset)
    #expect(shell.run(SourceText(name: "t.nn", text: "shuffle")) == .completed)
    let after = try #require(shell.dataset)
    #expect(console.output.contains("shuffle: the 150 samples of iris in a new order (each stays in its part: 120 training, 30 test)"))
    #expect(after.X != before.X)
    #expect(try after.testX.columnsSorted == before.testX.columnsSorted)
    #expect(after.classCounts(of: after.testIndices) == [10, 10, 10])

    // The same seed gives the same order.
    let (again, _, _) = session("seed 3\ndata iris\nsplit 0.8\nshuffle")
    #expect(again.dataset == after)
    #expect(session("shuffle").2 == .failed)
  }

  @Test func showDataPrintsATable() throws {
    let (shell, console, _) = session("data iris")
    try run(shell, "show data 2") { $0.showDataStatement }
    #expect(
      console.output.hasSuffix("""
        data iris: samples 1–2 of 150, one per row
          #  sepal_length  sepal_width  petal_length  petal_width  class
          1           5.1          3.5           1.4          0.2  setosa
          2           4.9            3           1.4          0.2  setosa
        … 148 more

        """))
    console.output = ""
    _ = shell.run(SourceText(name: "t.nn", text: "split 0.5\nnormalize minmax"))
    try run(shell, "show data") { $0.showDataStatement }
    #expect(
      console.output.contains(
        "data iris: samples 1–5 of 150, one per row (features after normalize minmax)\nparts: training 75 (iris, built in), test 75 (split 0.5)\n  #  part"))
    // A literal count out of range is the parser's to report (StatementGrammar).
    #expect(Parser.parse(SourceText(name: "t.nn", text: "show data 0")).diagnostics.first?.message.hasPrefix("the number of samples must be") == true)
    #expect(throws: Diagnostic.self) { try run(Interpreter(console: CapturingConsole()), "show data 5") { $0.showDataStatement } }
  }

  // MARK: evaluate and predict

  @Test func evaluatePartsAndAccuracyVariable() throws {
    let (shell, console, outcome) = session("""
      seed 1
      data iris
      split 0.8
      normalize standard
      net
      layer dense 4 -> 8 relu
      layer dense 3 softmax
      loss ce
      train epochs=30 batch=16 lr=0.1 quiet=yes
      evaluate train
      let a_train = accuracy
      evaluate all
      evaluate
      assert accuracy >= 0.8
      """)
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("evaluate on the training part (120 samples): loss"))
    #expect(console.output.contains("evaluate on the whole data set (150 samples): loss"))
    #expect(console.output.contains("evaluate on the test part (30 samples): loss"))
    let a = try #require(shell.variables["accuracy"]?.value.scalar)
    #expect(a > 0 && a <= 1)
    #expect(shell.variables["a_train"] != nil)

    let (_, c2, o2) = session("data xor\nnet\nlayer dense 2 -> 2 softmax\nloss ce\nevaluate test")
    #expect(o2 == .failed)
    #expect(c2.errors.contains("there is no test part yet: use split"))
    #expect(session("data xor\nnet\nlayer dense 2 -> 2 softmax\nevaluate everything").1.errors.contains("unknown part of the data"))
  }

  @Test func evaluateRegressionPrintsMSEAndRSquared() throws {
    let (shell, console, outcome) = session("""
      seed 2
      data sine n=200
      split 0.75
      net
      layer dense 1 -> 16 tanh
      layer dense 1
      loss mse
      train epochs=200 batch=16 lr=0.1 quiet=yes
      evaluate
      """)
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("MSE "))
    #expect(console.output.contains("R² "))
    let mse = try #require(shell.variables["mse"]?.value.scalar)
    let r2 = try #require(shell.variables["r2"]?.value.scalar)
    // J = 1/2 MSE for one output.
    let J = try #require(console.output.split(separator: "\n").first { $0.hasPrefix("evaluate") }?.split(separator: " ").last)
    #expect(abs((Double(J) ?? 0) - mse / 2) < 1e-3 * mse + 1e-4)
    #expect(r2 > 0.8, "R² \(r2)")
    #expect(shell.variables["accuracy"] == nil)
  }

  @Test func predictNamesTheClassOfEachColumn() throws {
    let (_, console, outcome) = session("""
      seed 1
      data iris
      normalize standard
      net
      layer dense 4 -> 8 relu
      layer dense 3 softmax
      loss ce
      train epochs=40 batch=16 lr=0.1 quiet=yes
      predict [5.1 6.7 6.3; 3.5 3.0 3.3; 1.4 5.0 6.0; 0.2 1.7 2.5]
      """)
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("h (3×3)"))
    #expect(console.output.contains("  sample  class      probability\n       1  setosa"))
    #expect(console.output.contains("       3  virginica"))
  }
}

extension Matrix {
  /// The columns in lexicographic order: the same for the same samples in any order.
  fileprivate var columnsSorted: [[Double]] {
    (0..<cols).map { column($0) }.sorted { $0.lexicographicallyPrecedes($1) }
  }
}
