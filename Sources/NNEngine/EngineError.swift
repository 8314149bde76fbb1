/// Everything the engine refuses to do, with enough detail for the shell to print a
/// message a learner understands. The engine never traps on user input: it throws one
/// of these instead.
public enum EngineError: Error, Equatable, CustomStringConvertible {
  /// `2G`, `500M`, `76.3M`, `12B`: bytes in the largest unit of 1024 that gives at least 1.
  public static func bytesText(_ bytes: Int) -> String {
    for (name, shift) in [("T", 40), ("G", 30), ("M", 20), ("K", 10)] where bytes >= 1 << shift {
      let unit = 1 << shift
      if bytes % unit == 0 { return "\(bytes / unit)\(name)" }
      let tenths = (Double(bytes) / Double(unit) * 10).rounded()
      return "\(Int(tenths) / 10).\(Int(tenths) % 10)\(name)"
    }
    return "\(bytes)B"
  }

  /// Two operands whose shapes do not fit an operation, e.g. `W1 (3×2) * x (3×1)`.
  case shapeMismatch(MatrixOperation, left: Shape, right: Shape)
  /// A shape that cannot exist: zero or negative sizes, or too many elements.
  case invalidShape(rows: Int, cols: Int, reason: String)
  /// An index outside a matrix (indices in messages are 1-based, as in the notes).
  case indexOutOfRange(index: String, shape: Shape)
  /// Any other refused argument (a negative learning rate, an empty data set, ...).
  case invalidArgument(String)
  /// A matrix of `requested` bytes that the session's memory budget (`inUse` of `limit`
  /// bytes already held) or the system (`refusedBySystem`: malloc returned nil) refused.
  case outOfMemory(requested: Int, inUse: Int, limit: Int, refusedBySystem: Bool)

  public var description: String {
    switch self {
    case .shapeMismatch(let op, let l, let r):
      return op.mismatchMessage(left: "the left operand", l, right: "the right operand", r)
    case .invalidShape(let rows, let cols, let reason):
      return "invalid shape \(rows)×\(cols): \(reason)"
    case .indexOutOfRange(let index, let shape):
      return "index \(index) is outside a \(shape) matrix"
    case .invalidArgument(let message):
      return message
    case .outOfMemory(let requested, let inUse, let limit, let bySystem):
      let size = "\(EngineError.bytesText(requested))"
      if bySystem {
        return "the system refused \(size) for a matrix (the session holds \(EngineError.bytesText(inUse)) of matrices)"
      }
      return "a matrix of \(size) does not fit: the session already holds \(EngineError.bytesText(inUse)) of matrices, "
        + "and limit memory=\(EngineError.bytesText(limit))"
    }
  }
}

/// The shape of a matrix, `rows × cols`.
public struct Shape: Hashable, CustomStringConvertible, Sendable {
  public var rows: Int
  public var cols: Int
  public init(_ rows: Int, _ cols: Int) {
    self.rows = rows
    self.cols = cols
  }
  public var count: Int { rows * cols }
  public var description: String { "\(rows)×\(cols)" }
}

/// The binary operations whose operand shapes can disagree. The shell names the operands
/// (`W1`, `x`) when it prints the message; the engine only knows their shapes.
public enum MatrixOperation: String, Sendable {
  case add, subtract, hadamard, divide, power, product, assign, compare, concatenate

  /// "cannot multiply W1 (3×2) by x (3×1): W1 has 2 columns but x has 3 rows"
  public func mismatchMessage(left: String, _ l: Shape, right: String, _ r: Shape) -> String {
    switch self {
    case .product:
      return "cannot multiply \(left) (\(l)) by \(right) (\(r)): "
        + "\(left) has \(l.cols) column\(l.cols == 1 ? "" : "s") but \(right) has \(r.rows) row\(r.rows == 1 ? "" : "s")"
    case .assign:
      return "cannot assign a \(r) value to \(left), which is \(l)"
    case .concatenate:
      return "cannot join \(left) (\(l)) and \(right) (\(r)): their sizes disagree"
    default:
      let verb: String
      switch self {
      case .add: verb = "add"
      case .subtract: verb = "subtract"
      case .hadamard: verb = "multiply elementwise (.*)"
      case .divide: verb = "divide elementwise (./)"
      case .power: verb = "raise elementwise (.^)"
      default: verb = "compare"
      }
      return "cannot \(verb) \(left) (\(l)) and \(right) (\(r)): shapes must match, "
        + "or one must be a scalar, a column vector with as many rows, or a row vector with as many columns"
    }
  }
}
