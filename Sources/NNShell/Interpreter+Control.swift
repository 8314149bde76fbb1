#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData
import NNEngine

/// `repeat`, `time`, `assert`, `print`, `pause`, `source`.
extension Interpreter {
  /// Runs a block's statements; an error inside names the block it came from.
  func runBlock(_ block: [Statement], from s: Statement, iteration: Int? = nil) throws {
    blockDepth += 1
    defer { blockDepth -= 1 }
    for inner in block {
      do {
        try execute(inner)
      } catch var d as Diagnostic {
        let which = iteration.map { " (iteration \($0))" } ?? ""
        d.notes.append(.note("in this \(s.kind.rawValue) block\(which)", at: s.keywordSpan))
        throw d
      }
    }
  }

  func repeatStatement(_ s: Statement) throws {
    guard let block = s.block else { throw error("repeat needs a block: repeat N { … }", at: s.span) }
    let n = try evaluateInteger(try argument(s, 0), "the repeat count", in: 0...Limits.repeatCount)
    let renderer = self.renderer
    var i = 0
    while i < n {
      renderer.progress(.iteration(i + 1, of: n))
      if shouldStop() {
        acknowledgeStop()
        throw ControlSignal.interrupted("interrupted: repeat stopped after \(i) of \(n) iterations")
      }
      try runBlock(block, from: s, iteration: i + 1)
      i += 1
    }
  }

  func timeStatement(_ s: Statement) throws -> Output? {
    guard let block = s.block else { throw error("time needs a block: time { … }", at: s.span) }
    let start = Clock.now()
    try runBlock(block, from: s)
    return .message("time: \(NumberFormat.fixed(Clock.now() - start, 3)) s")
  }

  /// `assert CLAIM`: an error when the claim is false. In `nnsh learn` (`echoStatements`)
  /// a claim that holds is shown with what it proved: `✓ J < J0  (0.0123 < 0.4567)`.
  func assertStatement(_ s: Statement) throws -> Output? {
    try checkClaim(s)
    guard echoStatements && isChatty else { return nil }
    return .assertion(try proof(of: s))
  }

  func checkClaim(_ s: Statement) throws {
    let e = try argument(s, 0)
    let tolerance = try option(s, "tol").map { try evaluateScalar($0.value, "tol") } ?? 0
    if let o = option(s, "tol"), tolerance < 0 {
      throw error("tol must be a non-negative number (got \(NumberFormat.format(tolerance)))", at: o.value.span)
    }
    guard case .binary(let op, let l, let r) = e.kind,
      [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
    else {
      // A plain expression: true when every element is non-zero.
      let v = try evaluateMatrix(e)
      if !v.storage.allSatisfy({ $0 != 0 }) {
        throw error("assertion failed: \(describe(e)) is not true (non-zero) everywhere", at: e.span)
      }
      return
    }
    let a = try evaluateMatrix(l), b = try evaluateMatrix(r)
    switch op {
    case .equal, .notEqual:
      guard Matrix.broadcastShape(a.shape, b.shape) != nil else {
        throw error(MatrixOperation.compare.mismatchMessage(left: describe(l), a.shape, right: describe(r), b.shape), at: e.span)
      }
      // |x − y| per entry, except that equal values (equal infinities too) differ by 0
      // and NaN differs by NaN: it is never equal to anything, whatever the tolerance.
      let d = try engine(e.span) {
        try Matrix.zip(a, b, .compare) { x, y in x == y ? 0 : (x.isNaN || y.isNaN ? .nan : Swift.abs(x - y)) }
      }
      let firstNaN = d.storage.firstIndex { $0.isNaN }
      let worst = d.storage.filter { !$0.isNaN }.max() ?? 0
      let equal = firstNaN == nil && d.storage.allSatisfy { $0 <= tolerance }
      if op == .equal && !equal {
        var message = "assertion failed: \(describe(l)) == \(describe(r))"
        if a.isScalar && b.isScalar {
          message += " (\(NumberFormat.format(a.scalar, digits: 10)) vs \(NumberFormat.format(b.scalar, digits: 10))"
        } else if let k = firstNaN {
          let (i, j) = (k % d.rows, k / d.rows)
          let x = a[a.rows == 1 ? 0 : i, a.cols == 1 ? 0 : j], y = b[b.rows == 1 ? 0 : i, b.cols == 1 ? 0 : j]
          let count = d.storage.filter { $0.isNaN }.count
          message += " (entry [\(i + 1),\(j + 1)] is \(NumberFormat.format(x, digits: 10)) vs \(NumberFormat.format(y, digits: 10)): NaN is never equal to anything"
          if count > 1 { message += "; \(count) entries hold NaN" }
        } else {
          message += " (largest difference \(NumberFormat.format(worst, digits: 4))"
        }
        message += tolerance > 0 ? ", tol=\(NumberFormat.format(tolerance)))" : ")"
        throw error(message, at: e.span)
      }
      if op == .notEqual && equal {
        throw error("assertion failed: \(describe(l)) != \(describe(r)) (they are equal)", at: e.span)
      }
    default:
      guard a.isScalar, b.isScalar else {
        throw error("'\(op.rawValue)' in assert compares two numbers, but the sides are \(a.shape) and \(b.shape)", at: e.span)
      }
      let x = a.scalar, y = b.scalar
      let holds: Bool
      switch op {
      case .less: holds = x < y
      case .lessEqual: holds = x <= y + tolerance
      case .greater: holds = x > y
      default: holds = x >= y - tolerance
      }
      if !holds {
        throw error(
          "assertion failed: \(describe(l)) \(op.rawValue) \(describe(r)) (\(NumberFormat.format(x, digits: 10)) vs \(NumberFormat.format(y, digits: 10)))",
          at: e.span)
      }
    }
  }

  func printStatement(_ s: Statement) throws -> Output? {
    var pieces: [String] = []
    var blocks: [Output] = []
    for i in s.arguments.indices {
      let e = try argument(s, i)
      if case .string(let text) = e.kind {
        pieces.append(text)
      } else {
        let v = try evaluateMatrix(e)
        if v.isScalar {
          pieces.append(NumberFormat.format(v.scalar, digits: formatter.digits))
        } else {
          pieces.append("\(describe(e)) (\(v.shape))")
          blocks.append(.text(formatter.body(v)))
        }
      }
    }
    let text = pieces.joined(separator: " ")
    let line = echoStatements ? Output.narration(text) : Output.message(text)
    return blocks.isEmpty ? line : .report([line] + blocks)
  }

  /// `pause` and `pause "message"`: prints the message (always, like `print`), then
  /// waits for Enter when a person is at a terminal; from a script or a pipe it goes on.
  /// In `nnsh learn` the lesson's `pauseHandler` takes over: a prompt in the session.
  func pauseStatement(_ s: Statement) throws {
    if !s.arguments.isEmpty {
      let message = try evaluateString(try argument(s, 0), "pause's message")
      try renderer.render(echoStatements ? .narration(message) : .message(message))
    }
    try pauseForLearner()
  }

  /// The wait of `pause`: Enter, only when interactive. `backward explain` waits here
  /// between its steps in `nnsh learn`, so whatever a pause becomes applies there too.
  func pauseForLearner() throws {
    if let pauseHandler {
      pausesReached += 1
      console.flush()
      if pauseHandler(pausesReached) == .leave { throw ControlSignal.quit }
      return
    }
    guard console.isInteractive else { return }
    try renderer.render(.text("(press Enter to continue)"))
    console.flush()
    _ = console.readLine()
  }

  func sourceStatement(_ s: Statement) throws {
    let e = try argument(s, 0)
    let path = try evaluateString(e, "the file name")
    let resolved = resolvePath(path, relativeTo: s.span.source.name)
    // Compared by their real paths, so `./a.nn` and `a.nn` are the same file.
    let identity = Interpreter.realPath(resolved)
    if sourceStack.contains(where: { Interpreter.realPath($0) == identity }) {
      let chain = (sourceStack + [resolved]).joined(separator: " → ")
      throw error("source cycle: \(chain)", at: e.span)
    }
    guard sourceStack.count < Limits.sourceDepth else {
      let names = sourceStack + [resolved]
      let chain = names.count <= 7
        ? names.joined(separator: " → ")
        : (names.prefix(3) + ["…"] + names.suffix(3)).joined(separator: " → ")
      throw error("source is nested too deeply (more than \(Limits.sourceDepth) files): \(chain)", at: e.span)
    }
    let text: String
    do {
      text = try FileText.read(resolved)
    } catch {
      throw self.error("cannot read '\(path)': \(error)", at: e.span)
    }
    let source = SourceText(name: resolved, text: text, includedFrom: s.span)
    let parsed = Parser.diagnose(source)
    if parsed.hasErrors {
      // Report all but the last; the last is thrown to stop the caller.
      for d in parsed.diagnostics.dropLast() { report(.diagnostic(d)) }
      if let last = parsed.diagnostics.last { throw last }
    }
    sourceStack.append(resolved)
    defer { sourceStack.removeLast() }
    for inner in Parser.statements(of: source) {
      try execute(inner)
    }
  }

  /// The canonical path of an existing file (symbolic links, `.` and `..` resolved), or
  /// `path` itself when it cannot be resolved.
  static func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// A path relative to the directory of the file that names it (as Lua's `dofile`
  /// users expect from `source` inside a sourced file), or to the working directory.
  func resolvePath(_ path: String, relativeTo sourceName: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let slash = sourceName.lastIndex(of: "/") else { return path }
    return String(sourceName[...slash]) + path
  }
}

/// Wall-clock time in seconds, for `time` and `train`.
enum Clock {
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
}

/// Reading a whole text file without Foundation.
///
/// Only a regular file is read (see `ReadableFile`): `source "fifo"` or a device is
/// refused at once instead of waiting forever. `allowingPipes` also accepts a pipe, for a
/// script named on the command line (`nnsh run <(…)`).
public enum FileText {
  public struct ReadError: Error, CustomStringConvertible {
    public var description: String
  }

  /// The largest script read (see `Limits.scriptBytes`).
  static let maxBytes = Limits.scriptBytes

  public static func read(_ path: String, allowingPipes: Bool = false) throws -> String {
    let fd: Int32
    do {
      fd = try ReadableFile.open(path, allowingPipes: allowingPipes).descriptor
    } catch let e as DataError {
      guard case .cannotRead(_, let reason) = e else { throw ReadError(description: e.description) }
      throw ReadError(description: reason)
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, 65536) }
      if n < 0 {
        if errno == EINTR { continue }
        throw ReadError(description: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      bytes.append(contentsOf: buffer[0..<n])
      if bytes.count > maxBytes { throw ReadError(description: "the file is larger than \(maxBytes >> 20) MiB") }
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    return String(decoding: bytes, as: UTF8.self)
  }
}

// `read` is shadowed by the static method inside `FileText`.
@inline(__always) private func readBytes(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
  read(fd, p, n)
}
