import NNEngine

extension Dataset {
  /// The first `count` samples as a text table for `show data 5`: **one row per sample**,
  /// the way a spreadsheet or `pandas.DataFrame.head()` shows data (even though `X` holds
  /// one sample per column), with the column names of the data set.
  ///
  /// The columns are the sample number (1-based, in the current order), its part
  /// (`train`/`test`, only once there is a test part), the features, and the target:
  /// the class name for classification, the value(s) `y` (`y1`, `y2`, … for several) for
  /// regression. Numbers are right-aligned and written by `format`. When the features do
  /// not fit in `width` characters, the first ones that fit are shown and a `…` column
  /// stands for the rest (at least one feature is always shown).
  ///
  ///         #  sepal_length  sepal_width  petal_length  petal_width  class
  ///         1           5.1          3.5           1.4          0.2  setosa
  ///         2           4.9            3           1.4          0.2  setosa
  public func table(first count: Int, width: Int = 80, format: (Double) -> String) -> String {
    let shown = Swift.max(0, Swift.min(count, sampleCount))
    let rows = Array(0..<shown)
    let testSet = Set(testIndices)

    struct Column {
      var title: String
      var cells: [String]
      var rightAligned: Bool
      var width: Int { Swift.max(title.count, cells.map(\.count).max() ?? 0) }
    }
    var leading = [Column(title: "#", cells: rows.map { String($0 + 1) }, rightAligned: true)]
    if !testIndices.isEmpty {
      leading.append(Column(title: "part", cells: rows.map { testSet.contains($0) ? "test" : "train" }, rightAligned: false))
    }
    let features = (0..<featureCount).map { i in
      Column(title: featureNames[i], cells: rows.map { format(X[i, $0]) }, rightAligned: true)
    }
    var trailing: [Column] = []
    if let classes = classNames {
      let labels = Dataset.argmaxLabels(Y)
      trailing.append(Column(
        title: "class", cells: rows.map { labels[$0] < classes.count ? classes[labels[$0]] : "?" }, rightAligned: false))
    } else {
      for i in 0..<outputCount {
        trailing.append(Column(
          title: outputCount == 1 ? "y" : "y\(i + 1)", cells: rows.map { format(Y[i, $0]) }, rightAligned: true))
      }
    }

    // Fit the features: two spaces before every column, the fixed ones always shown.
    let gap = 2
    let fixed = (leading + trailing).reduce(0) { $0 + gap + $1.width }
    var used = fixed
    var fitting = 0
    for c in features {
      let room = fitting + 1 == features.count ? 0 : gap + 1  // the "…" column, unless this is the last
      guard fitting == 0 || used + gap + c.width + room <= width else { break }
      used += gap + c.width
      fitting += 1
    }
    var columns = leading + features.prefix(fitting)
    if fitting < features.count {
      columns.append(Column(title: "…", cells: rows.map { _ in "…" }, rightAligned: true))
    }
    columns += trailing

    func line(_ cells: [String]) -> String {
      var text = ""
      for (c, cell) in zip(columns, cells) {
        let pad = String(repeating: " ", count: Swift.max(0, c.width - cell.count))
        text += String(repeating: " ", count: gap) + (c.rightAligned ? pad + cell : cell + pad)
      }
      while text.last == " " { text.removeLast() }
      return text
    }
    var lines = [line(columns.map(\.title))]
    for r in rows.indices { lines.append(line(columns.map { $0.cells[r] })) }
    return lines.joined(separator: "\n") + "\n"
  }
}
