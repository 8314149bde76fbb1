import NNData

/// What `show data N` shows: the first `count` samples of a data set, the values the
/// network sees (after `normalize`), with their part, feature names and class or targets.
/// The renderer lays them out: the text renderer as a table of as many feature columns as
/// fit its width (see `Dataset.table`).
struct DataSample {
  var dataset: Dataset
  /// How many samples are shown, from the first (at least 1, at most all).
  var count: Int
  /// The significant digits of the numbers.
  var digits: Int
  /// Called as cells are formatted; throws when Ctrl-C stopped the statement (a large
  /// table takes a while).
  var check: () throws -> Void
  /// Where each part came from, when there is more than the training part
  /// (`parts: training 120 (iris, built in), validation 15 (split), test 15 (test.csv)`).
  var parts: String? = nil

  /// The samples left out.
  var more: Int { dataset.sampleCount - count }
}

extension TextRenderer {
  /// A title line, the table, and how many samples are left out:
  ///
  ///     data iris: samples 1–3 of 150, one per row
  ///       #  sepal_length  sepal_width  petal_length  petal_width  class
  ///       1           5.1          3.5           1.4          0.2  setosa
  ///     … 147 more
  static func text(_ sample: DataSample, width: Int) throws -> String {
    let d = sample.dataset, n = sample.count
    var title = "data \(d.name): sample\(n == 1 ? "" : "s") 1\(n == 1 ? "" : "–\(n)") of \(d.sampleCount), one per row"
    if !d.normalizations.isEmpty {
      title += " (features after normalize \(d.normalizations.map(\.method.rawValue).joined(separator: ", ")))"
    }
    if let parts = sample.parts { title += "\n" + parts }
    var text = try title + "\n" + d.table(first: n, width: width) { x in
      try sample.check()
      return NumberFormat.format(x, digits: sample.digits)
    }
    if sample.more > 0 { text += "… \(sample.more) more\n" }
    return text
  }
}
