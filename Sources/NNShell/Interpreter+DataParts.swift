import NNData
import NNEngine

/// The parts of the data set: `split 0.7 0.15`'s validation fraction, a file loaded as
/// the validation or test part (`load "test.csv" target=y as test`, `load "Xt.npy"
/// "yt.npy" as test`), and how `show data` and the other statements name the parts.
///
/// A part from its own file is checked against the training data (features by name,
/// classes by name) and normalised with the training statistics (`Dataset.use`); `split`
/// afterwards leaves it alone and cuts only the data set's own samples.
extension Interpreter {
  /// The second fraction of `split TRAIN VALIDATION`, checked against the first (nil
  /// without one).
  func splitValidationFraction(_ s: Statement, train f: Double) throws -> Double? {
    guard s.arguments.count == 2 else { return nil }
    let e = try argument(s, 1)
    let v = try evaluateScalar(e, "the validation fraction")
    guard v > 0, v < 1 else {
      throw error("the validation fraction must be between 0 and 1 (e.g. split 0.7 0.15)", at: e.span)
    }
    guard f + v < 1 else {
      throw error(
        "the training and validation fractions sum to \(NumberFormat.format(f + v)), leaving nothing for the test part; they must sum to less than 1 (e.g. split 0.7 0.15)",
        at: e.span)
    }
    return v
  }

  /// The part named by a trailing `as test` / `as validation` of `load "f.csv" … as PART`
  /// or `load "X.npy" "y.npy" as PART`; nil without `as`. (`load "X.npy" as NAME`, one
  /// array into a variable, is not a part.)
  func requestedPart(_ s: Statement, path: String) -> DataPart? {
    guard let word = s.parsed.word("part") else { return nil }
    // `load "X.npy" as test` binds the array to a variable named `test`.
    if path.hasSuffix(".npy"), s.parsed.expression("targets") == nil { return nil }
    return DataPart(rawValue: word)
  }


  /// Makes `other` (read from `file`) the session's data's `part` (see `Dataset.use`).
  func usePart(_ other: Dataset, as part: DataPart, file: String, at s: Statement) throws -> Output? {
    guard var d = dataset else {
      throw error(
        "there is no training data to add a \(part.rawValue) part to: load the training data first (load \"train.csv\" target=COL)",
        at: s.span)
    }
    let returned = try data(s.span) { try d.use(other, as: part, file: file) }
    dataset = d
    guard isChatty else { return nil }
    var text = "load: \(file) as the \(part.rawValue) part (\(other.sampleCount) samples"
    text += d.normalizations.isEmpty ? ")" : ", normalised with the training statistics)"
    if returned > 0 { text += "; the \(returned) samples split had held out for it went back to training" }
    return .message(text + "; " + partCounts(d))
  }

  /// `120 training, 30 test samples`, or `105 training, 22 validation, 23 test samples`.
  func partCounts(_ d: Dataset, unit: Bool = true) -> String {
    let validation = d.validationIndices.isEmpty ? "" : "\(d.validationIndices.count) validation, "
    return "\(d.trainIndices.count) training, \(validation)\(d.testIndices.count) test" + (unit ? " samples" : "")
  }

  /// `show data`'s line on the parts and where each came from:
  /// `parts: training 105 (iris, built in), validation 22 (split 0.7 0.15), test 23 (iris-test.csv)`.
  func partsLine(_ d: Dataset) -> String? {
    guard !d.validationIndices.isEmpty || !d.testIndices.isEmpty else { return nil }
    let source = BuiltinDataset(rawValue: d.name) != nil ? "\(d.name), built in" : d.name
    var pieces = ["training \(d.trainIndices.count) (\(source))"]
    for part in [DataPart.validation, .test] where !d.indices(of: part).isEmpty {
      pieces.append("\(part.rawValue) \(d.indices(of: part).count) (\(d.origin(of: part)))")
    }
    return "parts: " + pieces.joined(separator: ", ")
  }
}
