/// Everything the engine refuses to do, as data: the kind of refusal, the shapes of the
/// operands, the offending value. The engine never traps on user input: it throws one of
/// these instead, and a front end words it in its own vocabulary (nnsh names the operands
/// as the user wrote them and the option that sets a value: see NNShell's
/// `EngineError+Wording.swift`). `description` is a plain wording for other callers.
///
///     do { _ = try Matrix(rows: 2, cols: 3) + Matrix(rows: 3, cols: 2) }
///     catch EngineError.shapeMismatch(let op, let l, let r) { … }   // .add, 2×3, 3×2
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two operands whose shapes do not fit an operation, e.g. `W1 (3×2) * x (3×1)`.
  case shapeMismatch(MatrixOperation, left: Shape, right: Shape)
  /// A shape that cannot exist or cannot be made here.
  case invalidShape(rows: Int, cols: Int, ShapeProblem)
  /// An index outside a matrix.
  case indexOutOfRange(MatrixIndex, shape: Shape)
  /// Rows of a matrix given as lists that differ in length: `row` (1-based) has `count`
  /// values where the first row has `expected`.
  case raggedRows(row: Int, count: Int, expected: Int)
  /// A row of blocks with no block in it (joining needs at least one per row).
  case emptyBlockRow
  /// A layer number (1-based) outside `1...layerCount`.
  case noSuchLayer(Int, layerCount: Int)
  /// A pass, or a check before one, on a network with no layers.
  case emptyNetwork
  /// A backward pass with no forward pass with targets before it.
  case noForwardPassWithTargets
  /// A gradient of a function whose value is not 1×1 (the shape it has).
  case notScalar(Shape)
  /// A training setting out of its range, with the value given.
  case invalidTrainingSetting(TrainingSetting)
  /// A matrix of `requested` bytes that the session's memory budget (`inUse` of `limit`
  /// bytes already held) or the system (`refusedBySystem`: malloc returned nil) refused.
  case outOfMemory(requested: Int, inUse: Int, limit: Int, refusedBySystem: Bool)

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

  /// A plain English wording, without any front end's syntax.
  public var description: String {
    switch self {
    case .shapeMismatch(let op, let l, let r):
      return "the operands of \(op.rawValue) do not fit: \(l) and \(r)"
    case .invalidShape(let rows, let cols, let problem):
      return "invalid shape \(rows)×\(cols): \(problem)"
    case .indexOutOfRange(let index, let shape):
      return "index \(index) is outside a \(shape) matrix"
    case .raggedRows(let row, let count, let expected):
      return "row \(row) has \(count) values but row 1 has \(expected)"
    case .emptyBlockRow:
      return "a row of blocks is empty"
    case .noSuchLayer(let l, let count):
      return "there is no layer \(l) (the network has \(count))"
    case .emptyNetwork:
      return "the network has no layers yet"
    case .noForwardPassWithTargets:
      return "a backward pass needs a forward pass with targets first"
    case .notScalar(let shape):
      return "a gradient needs a scalar (1×1) function, but this value is \(shape)"
    case .invalidTrainingSetting(let setting):
      return "\(setting.name) must be \(setting.requirement) (got \(setting.valueText))"
    case .outOfMemory(let requested, let inUse, let limit, let bySystem):
      let size = EngineError.bytesText(requested), held = EngineError.bytesText(inUse)
      if bySystem { return "the system refused \(size) for a matrix (\(held) of matrices are held)" }
      return "a matrix of \(size) does not fit: \(held) of matrices are held, of a budget of \(EngineError.bytesText(limit))"
    }
  }
}

/// Why a shape is refused.
public enum ShapeProblem: Equatable, Sendable, CustomStringConvertible {
  /// A size below 1.
  case sizeBelowOne
  /// More elements than one matrix may hold (`limit`: the most, from the memory budget).
  case tooManyElements(limit: Int)
  /// A number of values that does not fill the shape.
  case valueCount(Int)
  /// A reshape of a matrix with another number of elements.
  case reshape(from: Shape)

  public var description: String {
    switch self {
    case .sizeBelowOne: return "sizes must be at least 1"
    case .tooManyElements(let limit): return "too many elements (at most \(limit))"
    case .valueCount(let count): return "got \(count) values"
    case .reshape(let from): return "cannot reshape \(from) (\(from.count) elements)"
    }
  }
}

/// A position in a matrix, 1-based as in the notes.
public enum MatrixIndex: Equatable, Sendable, CustomStringConvertible {
  case element(Int, Int)
  case row(Int)
  case column(Int)

  /// `[2, 3]`, `row 4`, `column 5`.
  public var description: String {
    switch self {
    case .element(let i, let j): return "[\(i), \(j)]"
    case .row(let i): return "row \(i)"
    case .column(let j): return "column \(j)"
    }
  }
}

/// A training setting and the value it was given.
public enum TrainingSetting: Equatable, Sendable {
  case epochs(Int)
  /// Samples per batch.
  case batchSize(Int)
  case learningRate(Double)
  /// Epochs without improvement before early stopping (`EarlyStopping`).
  case patience(Int)
  /// The least improvement of the validation loss that counts (`EarlyStopping`).
  case minDelta(Double)
  /// The probability of `layer dropout p`.
  case dropout(Double)

  /// The setting's name in the engine (`Trainer`'s property).
  public var name: String {
    switch self {
    case .epochs: return "epochs"
    case .batchSize: return "batchSize"
    case .learningRate: return "learningRate"
    case .patience: return "patience"
    case .minDelta: return "minDelta"
    case .dropout: return "dropout"
    }
  }

  /// What the value must be.
  public var requirement: String {
    switch self {
    case .epochs, .batchSize, .patience: return "at least 1"
    case .learningRate: return "a positive number"
    case .minDelta: return "a number ≥ 0"
    case .dropout: return "at least 0 and less than 1"
    }
  }

  /// The value given, as Swift prints it.
  public var valueText: String {
    switch self {
    case .epochs(let n), .batchSize(let n), .patience(let n): return "\(n)"
    case .learningRate(let x), .minDelta(let x), .dropout(let x): return "\(x)"
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

/// The binary operations whose operand shapes can disagree. A front end names the
/// operands (`W1`, `x`) when it words the error; the engine only knows their shapes.
public enum MatrixOperation: String, Sendable {
  case add, subtract, hadamard, divide, power, product, assign, compare, concatenate
}
