#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData
import NNEngine
import NNShell

/// The fuzz targets: one entry point per reader of outside input, each taking the raw
/// bytes of one input and returning normally for any of them (a crash, a trap, a hang or
/// a sanitizer report is a bug).
///
/// `scripts/fuzz` compiles this file with the library sources and a few lines that call
/// `FuzzTarget.run` from libFuzzer's `LLVMFuzzerTestOneInput`; the `NNFuzzTests` test
/// feeds every file of `Tests/FuzzCorpus/<target>/` to the same entry points, so the
/// crashers and slow inputs found once stay fixed.
///
///     FuzzTarget.parser.run(Array("let a = ((1)".utf8))
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// Scanner and parser, and the rendering of every diagnostic.
  case parser
  /// Parsed scripts run by the interpreter under resource limits (see `runInterpreter`).
  case interpreter
  /// `CSVReader` with options picked by the first byte.
  case csv
  /// `NumPyFile.decode`, then the array as a matrix and as data.
  case npy
  /// `SafeTensorsFile.decode`, then the tensors as matrices, parameters and a network.
  case safetensors
  /// `IDXFile.decode` (the MNIST format).
  case idx
  /// Bytes typed at the terminal: UTF-8 decoding, lines and blocks, completion at each
  /// cursor position, the history file (see `runInteractiveInput`).
  case interactive

  /// Runs the target on one input.
  public func run(_ bytes: [UInt8]) {
    switch self {
    case .parser: FuzzTarget.runParser(bytes)
    case .interpreter: FuzzTarget.runInterpreter(bytes)
    case .csv: FuzzTarget.runCSV(bytes)
    case .npy: FuzzTarget.runNumPy(bytes)
    case .safetensors: FuzzTarget.runSafeTensors(bytes)
    case .idx: FuzzTarget.runIDX(bytes)
    case .interactive: FuzzTarget.runInteractiveInput(bytes)
    }
  }

  // MARK: Language

  static func runParser(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let source = SourceText(name: "fuzz.nn", text: text)
    let result = Parser.parse(source)
    for d in result.diagnostics { _ = d.rendered() }
    _ = Parser.needsMoreInput(text)
  }

  /// The resource limits of the interpreter target: a small memory budget, a time budget
  /// per input, and no statement that touches files or changes the limits.
  public static let interpreterMaxElements = 1 << 16
  public static let interpreterSeconds = 1.0

  /// Statements the interpreter target leaves out: they read or write files (and a fuzzer
  /// must not fill the disk or read /dev/zero), or change the limits it runs under.
  static let refusedStatements: Set<StatementKind> = [.save, .export, .source, .load, .limit]

  static func isAllowed(_ s: Statement) -> Bool {
    if refusedStatements.contains(s.kind) { return false }
    // Pictures write files with `to="file.svg"` or `to "file.svg"`.
    if s.kind == .plot || s.kind == .draw, s.options.contains(where: { $0.key == "to" }) || s.parsed.has("to") { return false }
    return (s.block ?? []).allSatisfy(isAllowed)
  }

  static func runInterpreter(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let source = SourceText(name: "fuzz.nn", text: text)
    let parsed = Parser.parse(source)
    guard !parsed.hasErrors, parsed.statements.allSatisfy(isAllowed) else { return }
    let console = DiscardingConsole()
    let interpreter = Interpreter(console: console, memory: MemoryBudget(limit: interpreterMaxElements * 8))
    let deadline = now() + interpreterSeconds
    interpreter.shouldStop = { now() > deadline }
    interpreter.run(source)
    _ = interpreter.namesInScope
  }

  // MARK: Files

  static func runCSV(_ bytes: [UInt8]) {
    // The first byte picks the options, the rest is the file.
    guard let options = bytes.first else { return }
    let body = Array(bytes.dropFirst())
    let separators: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]
    let separator = separators[Int(options & 3)]
    let header = options & 4 == 0
    let classes: ClassMode = [.auto, .labels, .values, .auto][Int(options >> 3 & 3)]
    let target: TargetColumn? = options & 32 == 0 ? nil : TargetColumn(parsing: "1")
    let saved = installFileBudget()
    defer { MemoryBudget.current = saved }
    guard
      var d = try? CSVReader.read(
        bytes: body, name: "fuzz.csv", target: target, separator: separator, header: header, classes: classes)
    else { return }
    _ = d.table(first: 3, width: 80) { "\($0)" }
    exerciseDataset(&d)
  }

  /// What the shell does next with a data set: normalise, split, shuffle.
  static func exerciseDataset(_ d: inout Dataset) {
    var g = RandomGenerator(seed: 1)
    _ = try? d.normalize(.standard)
    try? d.split(trainFraction: 0.5, generator: &g, stratified: true)
    d.shuffle(generator: &g)
    _ = try? d.trainX
    _ = try? d.testY
  }

  static func runNumPy(_ bytes: [UInt8]) {
    let saved = installFileBudget()
    defer { MemoryBudget.current = saved }
    guard let array = try? NumPyFile.decode(bytes, file: "fuzz.npy") else { return }
    _ = try? array.matrix()
    _ = NumPyFile.encode(array)
    if var d = try? NumPyFile.dataset(x: array, y: array, xName: "X.npy", yName: "y.npy") {
      exerciseDataset(&d)
    }
  }

  static func runSafeTensors(_ bytes: [UInt8]) {
    let saved = installFileBudget()
    defer { MemoryBudget.current = saved }
    guard let file = try? SafeTensorsFile.decode(bytes, file: "fuzz.safetensors") else { return }
    for t in file.tensors { _ = try? t.matrix(file: "fuzz.safetensors") }
    _ = try? file.encoded()
    if let parameters = try? file.layerParameters(file: "fuzz.safetensors"), parameters.count <= 64,
      var net = try? networkShaped(like: parameters)
    {
      _ = try? file.loadParameters(into: &net, file: "fuzz.safetensors")
    }
    if let net = try? file.model(file: "fuzz.safetensors") {
      _ = SafeTensorsFile.parameters(of: net, version: "fuzz")
    }
  }

  /// A network whose layers have the shapes of `parameters` (to load them into).
  static func networkShaped(like parameters: [LayerParameters]) throws -> Network {
    var net = Network()
    for p in parameters {
      try net.append(try Dense(inputs: p.W.cols, outputs: p.W.rows, activation: .relu))
    }
    return net
  }

  static func runIDX(_ bytes: [UInt8]) {
    let saved = installFileBudget()
    defer { MemoryBudget.current = saved }
    _ = try? IDXFile.decode(bytes, file: "fuzz.idx")
  }

  /// Makes a fresh budget of 2²⁰ Doubles (8 MiB) this thread's current one, for the file
  /// readers (which size matrices by the running session's budget); returns the one to
  /// put back.
  static func installFileBudget() -> MemoryBudget {
    MemoryBudget.install(MemoryBudget(limit: 8 << 20))
  }

  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
}

/// A console that keeps nothing (a fuzzed script may print a lot).
final class DiscardingConsole: Console {
  var isInteractive: Bool { false }
  var useColor: Bool { false }
  var width: Int { 80 }
  var written = 0
  func write(_ text: String) { written &+= text.utf8.count }
  func writeError(_ text: String) { written &+= text.utf8.count }
  func readLine() -> String? { nil }
  func flush() {}
}
