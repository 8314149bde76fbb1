import NNEngine

/// The engine's errors in the shell's words: operands named as the user wrote them,
/// settings by the option that sets them (`batch=`, `lr=`), the statements that would
/// help (`forward x=… y=…`, `limit memory=`). The engine throws only data (see
/// `EngineError`); every sentence a learner reads about it is written here.
///
///     EngineError.noSuchLayer(3, layerCount: 2).wording
///     // "there is no layer 3 (the network has 2)"
extension EngineError {
  /// The message, with unnamed operands called "the left operand" and "the right operand".
  var wording: String {
    switch self {
    case .shapeMismatch(let op, let l, let r):
      return op.mismatchMessage(left: "the left operand", l, right: "the right operand", r)
    case .invalidShape(let rows, let cols, let problem):
      return "invalid shape \(rows)×\(cols): \(problem.wording(rows: rows, cols: cols))"
    case .indexOutOfRange, .raggedRows, .noSuchLayer, .emptyNetwork:
      return description  // the engine's plain words are the shell's
    case .emptyBlockRow:
      return "empty row in a matrix literal"
    case .noForwardPassWithTargets:
      return "backward needs a forward pass with targets first (forward x=… y=…, forward sample 1, or sample; forward)"
    case .notScalar(let shape):
      return "a gradient needs a scalar (1×1) function, but this value is \(shape); use jacobian for vector values"
    case .invalidTrainingSetting(.epochs(let n)):
      return "epochs must be at least 1 (got \(n))"
    case .invalidTrainingSetting(.batchSize(let n)):
      return "batch must be at least 1 (got \(n))"
    case .invalidTrainingSetting(.learningRate(let x)):
      return "lr must be a positive number (got \(x))"
    case .invalidTrainingSetting(.patience(let n)):
      return "patience must be at least 1 (got \(n))"
    case .invalidTrainingSetting(.dropout(let x)):
      return "the dropout probability must be at least 0 and less than 1 (got \(x))"
    case .invalidTrainingSetting(.minDelta(let x)):
      return "min_delta must be a number ≥ 0 (got \(x))"
    case .outOfMemory(let requested, let inUse, let limit, let bySystem):
      let size = EngineError.bytesText(requested), held = EngineError.bytesText(inUse)
      if bySystem { return "the system refused \(size) for a matrix (the session holds \(held) of matrices)" }
      return "a matrix of \(size) does not fit: the session already holds \(held) of matrices, "
        + "and limit memory=\(EngineError.bytesText(limit))"
    }
  }
}

extension ShapeProblem {
  /// Why a `rows × cols` shape was refused, pointing at `limit memory=` when it is the budget.
  func wording(rows: Int, cols: Int) -> String {
    switch self {
    case .tooManyElements(let limit):
      return "too many elements (the limit is \(limit), \(limit / (1 << 17)) MiB of Doubles; see limit memory=)"
    case .valueCount(let count):
      return "expected \(rows &* cols) values, got \(count)"
    case .sizeBelowOne, .reshape:
      return description
    }
  }
}

extension MatrixOperation {
  /// "cannot multiply W1 (3×2) by x (3×1): W1 has 2 columns but x has 3 rows"
  func mismatchMessage(left: String, _ l: Shape, right: String, _ r: Shape) -> String {
    switch self {
    case .product:
      return "cannot multiply \(left) (\(l)) by \(right) (\(r)): "
        + "\(left) has \(l.cols) column\(l.cols == 1 ? "" : "s") but \(right) has \(r.rows) row\(r.rows == 1 ? "" : "s")"
    case .assign:
      return "cannot assign a \(r) value to \(left), which is \(l)"
    case .concatenate:
      return "cannot join \(left) (\(l)) and \(right) (\(r)): their sizes disagree"
    default:
      return "cannot \(verb) \(left) (\(l)) and \(right) (\(r)): shapes must match, "
        + "or one must be a scalar, a column vector with as many rows, or a row vector with as many columns"
    }
  }

  /// The verb of an elementwise operation, with its operator.
  private var verb: String {
    switch self {
    case .add: return "add"
    case .subtract: return "subtract"
    case .hadamard: return "multiply elementwise (.*)"
    case .divide: return "divide elementwise (./)"
    case .power: return "raise elementwise (.^)"
    default: return "compare"
    }
  }
}

extension Interpreter {
  /// What an error that no statement worded says: the shell's wording for the engine's.
  static func message(for error: any Error) -> String {
    (error as? EngineError)?.wording ?? "\(error)"
  }
}
