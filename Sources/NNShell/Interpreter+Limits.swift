import NNEngine

/// `limit`: the memory budget, and the checks that keep a statement from asking for more
/// than it allows.
///
///     limit                      the current limits
///     limit memory=2G            the session's matrices may take 2 GiB in all
///     limit memory=500M          … 500 MiB
///     limit memory=default       back to the default (see `MemoryBudget.defaultLimit`)
///
/// The budget is the session's `MemoryBudget`: every matrix alive in the session is
/// counted against it, and one matrix may hold at most `memory.maxElements` values (the
/// budget in Doubles). A new matrix is checked before anything is allocated:
/// `rand(1e5, 1e5)` is refused with a message, not an abort.
/// Sizes take K, M, G or T (powers of 1024, with an optional B or iB), or a plain number
/// of bytes. The other limits are fixed; all of them, with their reasons, are `Limits`.
extension Interpreter {
  func limitStatement(_ s: Statement) throws -> Output? {
    guard let o = option(s, "memory") else {
      return .message(describeLimits())
    }
    let limit: Int
    switch o.value.kind {
    case .name("default"), .string("default"):
      limit = MemoryBudget.defaultLimit
    default:
      let bytes = try memorySize(o.value)
      guard bytes >= Limits.minimumMemory else {
        throw error("memory= must be at least 1K (got \(bytes) byte\(bytes == 1 ? "" : "s"))", at: o.value.span)
      }
      limit = bytes
    }
    memory.limit = limit
    return isChatty ? .message(describeLimits(memoryOnly: true)) : nil
  }

  /// `2G`, `500M`, `1.5G`, `64K`, `2GiB`, `"2G"`, or a number of bytes.
  func memorySize(_ e: Expression) throws -> Int {
    let usage = "memory= takes a size such as 2G, 500M or 64K (or default)"
    var text: String
    switch e.kind {
    case .number(let x):
      guard x.isFinite, x >= 0, x == x.rounded(), x < 9.2e18 else { throw error(usage, at: e.span) }
      return Int(x)
    case .string(let t), .name(let t): text = t
    default: throw error(usage, at: e.span)
    }
    for suffix in ["iB", "B"] where text.hasSuffix(suffix) && text.count > suffix.count {
      text.removeLast(suffix.count)
      break
    }
    let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
    var scale = 1.0
    if let last = text.last?.uppercased().first, let u = units[last] {
      scale = u
      text.removeLast()
    }
    guard let number = Double(text), number.isFinite, number >= 0 else { throw error(usage, at: e.span) }
    let bytes = number * scale
    guard bytes < 9.2e18 else { throw error("memory= is too large (\(text))", at: e.span) }
    return Int(bytes)
  }

  /// `limit memory=2G: …` and the fixed limits.
  func describeLimits(memoryOnly: Bool = false) -> String {
    let n = memory.maxElements
    let isDefault = memory.limit == MemoryBudget.defaultLimit
    var text = "limit memory=\(Interpreter.formatBytes(memory.limit)): a matrix holds at most \(n) values of 8 bytes"
    if memoryOnly { return text }
    text += isDefault ? " (the default: \(Interpreter.defaultRule))" : " (default \(Interpreter.formatBytes(MemoryBudget.defaultLimit)))"
    text += "\nin use: \(Interpreter.formatBytes(memory.live)) of matrices in the session (all of them count against memory=)"
    text += "\nfixed: \(Limits.nesting) levels of nested brackets or blocks, expressions \(Limits.expressionDepth) operations deep, "
    text += "\(Limits.sourceDepth) nested source files, \(Limits.layers) layers"
    return text
  }

  /// `2G`, `500M`, `11.7G`: bytes in the largest unit that gives at least 1.
  static func formatBytes(_ bytes: Int) -> String { EngineError.bytesText(bytes) }

  /// How the default budget was chosen, for `limit`.
  static var defaultRule: String {
    let physical = MemoryBudget.physicalMemory, bound = MemoryBudget.systemMemoryBound
    if bound >= physical { return "half of physical memory" }
    return "half of the process's memory limit, \(formatBytes(bound)) (ulimit or cgroup)"
  }

  /// The message for a matrix the memory limit does not allow, or nil when `rows × cols`
  /// fits (then a refusal had another reason).
  func memoryLimitMessage(rows: Int, cols: Int, subject: String? = nil) -> String? {
    let (n, overflow) = rows.multipliedReportingOverflow(by: cols)
    let maxElements = memory.maxElements
    guard rows >= 1, cols >= 1, overflow || n > maxElements else { return nil }
    return "\(subject ?? "a \(rows)×\(cols) matrix") is larger than the memory limit allows: at most \(maxElements) values "
      + "(limit memory=\(Interpreter.formatBytes(maxElements * 8)))"
  }

  /// Refuses, before computing it, a result of `op` on `a` and `b` that would be too
  /// large: a product `(n×1)(1×n)` or a broadcast `(n×1) + (1×n)` has n² elements.
  func checkResultSize(_ op: BinaryOperator, _ a: Matrix, _ b: Matrix, left: Expression, right: Expression, span: SourceSpan) throws {
    let shape: Shape?
    switch op {
    case .multiply:
      shape = a.isScalar || b.isScalar || a.cols != b.rows ? nil : Shape(a.rows, b.cols)
    case .power, .scalarDivide:
      shape = nil
    default:
      shape = Matrix.broadcastShape(a.shape, b.shape)
    }
    let maxElements = memory.maxElements
    guard let shape, shape.rows.multipliedReportingOverflow(by: shape.cols).overflow || shape.count > maxElements else { return }
    throw error(
      "\(describe(left)) (\(a.shape)) \(op.rawValue) \(describe(right)) (\(b.shape)) would be \(shape), "
        + "more than the \(maxElements) values a matrix may hold (\(Interpreter.formatBytes(maxElements * 8)); see limit memory=)",
      at: span)
  }
}
