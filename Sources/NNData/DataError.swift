/// Everything NNData refuses, with the place it happened and words a learner understands.
///
/// Errors about a file carry the file name as the user wrote it, the 1-based line number
/// in that file and, for a cell, the 1-based column number and the column's name, so the
/// shell can print them in the usual `file:line:` form:
///
///     iris.csv:17: column 3 ('petal_length'): 'abc' is not a number
///
/// Nothing in NNData traps on bad input: every problem ends up as one of these cases
/// (or, for impossible matrix sizes, as the engine's `EngineError`).
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read (`reason` is the system's message).
  case cannotRead(file: String, reason: String)
  /// The file could not be written.
  case cannotWrite(file: String, reason: String)

  // MARK: CSV

  /// A record with a different number of fields than the header (or first row).
  case raggedRow(file: String, line: Int, expected: Int, found: Int)
  /// An empty cell in a column that is used (features or target).
  case emptyCell(file: String, line: Int, column: Int, name: String)
  /// A cell of a feature column (or of a numeric target) that is not a number.
  /// `firstRow` is true on the first data row, where the usual cause is a text column.
  case notANumber(file: String, line: Int, column: Int, name: String, text: String, firstRow: Bool)
  /// A number that is NaN or infinite (missing values are not supported).
  case notFinite(file: String, line: Int, column: Int, name: String, text: String)
  /// A quote in the middle of an unquoted field, or text after a closing quote.
  case misplacedQuote(file: String, line: Int, column: Int)
  /// A quoted field that is still open at the end of the file.
  case unterminatedQuote(file: String, line: Int)
  /// The file has a header (or nothing) but no data rows.
  case noDataRows(file: String)
  /// `target=` names a column that does not exist.
  case unknownTarget(file: String, target: String, columns: [String])
  /// `drop=` names a column that does not exist.
  case unknownColumn(file: String, name: String, columns: [String])
  /// A name that matches several header columns.
  case ambiguousColumn(file: String, name: String, columns: [Int])
  /// The target column is also in the `drop=` list.
  case targetDropped(file: String, name: String)
  /// After removing the target and dropped columns, no feature is left.
  case noFeatures(file: String)
  /// A class target with more distinct values than nnsh accepts as classes.
  case tooManyClasses(file: String, name: String, count: Int, limit: Int)

  // MARK: NumPy

  /// Not a well-formed `.npy` file (bad magic, truncated, inconsistent header...).
  case invalidNumPy(file: String, reason: String)
  /// A well-formed `.npy` file with something nnsh does not handle (dtype, object array...).
  case unsupportedNumPy(file: String, reason: String)
  /// Two files (`X.npy`, `y.npy`) or matrices that do not have the same number of samples.
  case sampleCountMismatch(xName: String, xCount: Int, yName: String, yCount: Int)
  /// A NaN or infinite value in data meant for training.
  case nonFiniteValue(file: String, row: Int, column: Int, value: Double)

  // MARK: IDX (MNIST)

  /// Not a well-formed IDX file (bad magic number, unknown type, truncated or too long).
  case invalidIDX(file: String, reason: String)
  /// A gzip-compressed file where nnsh needs the uncompressed one (MNIST is downloaded as
  /// `.gz` files).
  case compressedFile(file: String)
  /// One of the files `load mnist "DIR"` needs is not in the folder.
  case missingIDXFile(directory: String, name: String, expected: [String])

  // MARK: Data sets and operations

  /// A refused option (`n=0`, `classes=1`, `noise=-1`, `split 1.5`, ...).
  case invalidOption(String)
  /// An operation that needs something the data set does not have (a test part, classes...).
  case invalidDataset(String)
  /// A data file shipped with nnsh (iris, digits) could not be found.
  case missingResource(name: String, searched: [String])

  public var description: String {
    // Text from a file or a user (cells, names, file names) is escaped and bounded.
    let q = { (text: String) in QuotedText.quoted(text) }
    let f = { (file: String) in QuotedText.quoted(file, limit: 256) }  // longer than any real path
    switch self {
    case .cannotRead(let file, let reason):
      return "cannot read '\(f(file))': \(reason)"
    case .cannotWrite(let file, let reason):
      return "cannot write '\(f(file))': \(reason)"
    case .raggedRow(let file, let line, let expected, let found):
      return "\(f(file)):\(line): this row has \(found) field\(found == 1 ? "" : "s") "
        + "but the header has \(expected)"
    case .emptyCell(let file, let line, let column, let name):
      return "\(f(file)):\(line): column \(column) ('\(q(name))'): the cell is empty "
        + "(missing values are not supported)"
    case .notANumber(let file, let line, let column, let name, let text, let firstRow):
      let hint = firstRow
        ? " (a text column must be the target or be dropped: drop=\(q(name)))" : ""
      return "\(f(file)):\(line): column \(column) ('\(q(name))'): '\(q(text))' is not a number\(hint)"
    case .notFinite(let file, let line, let column, let name, let text):
      return "\(f(file)):\(line): column \(column) ('\(q(name))'): '\(q(text))' is not a finite number "
        + "(missing values are not supported)"
    case .misplacedQuote(let file, let line, let column):
      return "\(f(file)):\(line): column \(column): misplaced quote "
        + "(a field with quotes must be wholly quoted, and a quote inside it doubled: \"a \"\"b\"\"\")"
    case .unterminatedQuote(let file, let line):
      return "\(f(file)):\(line): the quoted field that starts here is never closed"
    case .noDataRows(let file):
      return "\(f(file)): no data rows"
    case .unknownTarget(let file, let target, let columns):
      return "\(f(file)): no column '\(q(target))' for the target; the columns are \(DataError.list(columns))"
    case .unknownColumn(let file, let name, let columns):
      return "\(f(file)): no column '\(q(name))' to drop; the columns are \(DataError.list(columns))"
    case .ambiguousColumn(let file, let name, let columns):
      return "\(f(file)): several columns are named '\(q(name))' (columns "
        + columns.map(String.init).joined(separator: ", ") + "); use the column number"
    case .targetDropped(let file, let name):
      return "\(f(file)): the target column '\(q(name))' cannot also be dropped"
    case .noFeatures(let file):
      return "\(f(file)): no feature columns are left besides the target"
    case .tooManyClasses(let file, let name, let count, let limit):
      return "\(f(file)): the target '\(q(name))' has \(count) distinct values, more than the "
        + "\(limit) classes allowed; for regression use classes=values"
    case .invalidNumPy(let file, let reason):
      return "\(f(file)): not a valid .npy file: \(reason)"
    case .unsupportedNumPy(let file, let reason):
      return "\(f(file)): \(reason)"
    case .sampleCountMismatch(let xName, let xCount, let yName, let yCount):
      return "\(f(xName)) has \(xCount) sample\(xCount == 1 ? "" : "s") but \(f(yName)) has \(yCount)"
    case .nonFiniteValue(let file, let row, let column, let value):
      return "\(f(file)): row \(row), column \(column): the value \(value) is not finite "
        + "(missing values are not supported)"
    case .invalidIDX(let file, let reason):
      return "\(f(file)): not a valid IDX file: \(reason)"
    case .compressedFile(let file):
      let how = file.hasSuffix(".gz") ? "gunzip \(f(file))" : "mv \(f(file)) \(f(file)).gz && gunzip \(f(file)).gz"
      return "\(f(file)) is compressed with gzip; nnsh reads uncompressed files: unpack it first (\(how))"
    case .missingIDXFile(let directory, let name, let expected):
      return "\(f(directory)): there is no file \(name) (load mnist needs the four uncompressed files "
        + expected.joined(separator: ", ") + ")"
    case .invalidOption(let message), .invalidDataset(let message):
      return message
    case .missingResource(let name, let searched):
      return "the data file '\(q(name))' shipped with nnsh is missing (looked in "
        + searched.joined(separator: ", ") + ")"
    }
  }

  /// "'a', 'b', 'c'" — at most 12 names, then "…".
  static func list(_ names: [String]) -> String {
    let shown = names.prefix(12).map { "'\(QuotedText.quoted($0))'" }.joined(separator: ", ")
    return names.count > 12 ? shown + ", … (\(names.count) in all)" : shown
  }
}
