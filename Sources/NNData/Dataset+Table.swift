import NNEngine

extension Dataset {
  /// The first `count` samples as a text table for `show data 5`: **one row per sample**,
  /// the way a spreadsheet or `pandas.DataFrame.head()` shows data (even though `X` holds
  /// one sample per column), with the column names of the data set.
  ///
  /// The columns are the sample number (1-based, in the current order), its part
  /// (`train`/`test`, only once there is a test part), the features, and the target:
  /// the class name for classification, the value(s) `y` (`y1`, `y2`, … for several) for
  /// regression. Numbers are right-aligned and written by `format`, which may throw to stop
  /// a long table (Ctrl-C). When the features do not fit in `width` characters, the first
  /// ones that fit are shown and a `…` column stands for the rest (at least one feature is
  /// always shown). Only those are formatted, each cell once.
  ///
  ///         #  sepal_length  sepal_width  petal_length  petal_width  class
  ///         1           5.1          3.5           1.4          0.2  setosa
  ///         2           4.9            3           1.4          0.2  setosa
  public func table(first count: Int, width: Int = 80, format: (Double) throws -> String) rethrows -> String {
    let shown = Swift.max(0, Swift.min(count, sampleCount))
    let rows = Array(0..<shown)
    let testSet = Set(testIndices), validationSet = Set(validationIndices)

    struct Column {
      var title: String
      var cells: [String]
      var rightAligned: Bool
      /// The widest of the title and the cells, measured once (each line reads it).
      let width: Int
      init(title: String, cells: [String], rightAligned: Bool) {
        self.title = title
        self.cells = cells
        self.rightAligned = rightAligned
        width = Swift.max(title.count, cells.map(\.count).max() ?? 0)
      }
    }
    var leading = [Column(title: "#", cells: rows.map { String($0 + 1) }, rightAligned: true)]
    if !testIndices.isEmpty || !validationIndices.isEmpty {
      let part = { (j: Int) in testSet.contains(j) ? "test" : validationSet.contains(j) ? "validation" : "train" }
      leading.append(Column(title: "part", cells: rows.map(part), rightAligned: false))
    }
    // A feature column is formatted only when the fitting below reaches it: a wide data
    // set (784 pixels) costs the features shown, not all of them.
    func feature(_ i: Int) throws -> Column {
      Column(title: featureNames[i], cells: try rows.map { try format(X[i, $0]) }, rightAligned: true)
    }
    var trailing: [Column] = []
    if let classes = classNames {
      let labels = Metrics.classes(Y)
      trailing.append(Column(
        title: "class", cells: rows.map { labels[$0] < classes.count ? classes[labels[$0]] : "?" }, rightAligned: false))
    } else {
      for i in 0..<outputCount {
        trailing.append(Column(
          title: outputCount == 1 ? "y" : "y\(i + 1)", cells: try rows.map { try format(Y[i, $0]) }, rightAligned: true))
      }
    }

    // Fit the features: two spaces before every column, the fixed ones always shown.
    let gap = 2
    let fixed = (leading + trailing).reduce(0) { $0 + gap + $1.width }
    var used = fixed
    var features: [Column] = []
    for i in 0..<featureCount {
      let c = try feature(i)
      let room = i + 1 == featureCount ? 0 : gap + 1  // the "…" column, unless this is the last
      guard i == 0 || used + gap + c.width + room <= width else { break }
      used += gap + c.width
      features.append(c)
    }
    var columns = leading + features
    if features.count < featureCount {
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
