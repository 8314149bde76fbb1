/// The frame of a chart in the terminal: tick labels and the y axis on the left, the
/// drawing area, and the x axis with its ticks, labels and title below.
///
///     0.5 ┤⠑⢄
///         │  ⠑⠤⣀
///       0 ┤      ⠉⠒⠤
///         └┬────┬────┬─
///          1   10   20  epoch
///
/// Values map to cells by `floor(t · n)` (t = 0…1 along the axis, clamped to the last
/// cell), and to braille dots the same way with 2 × 4 dots per cell, so a dot and the
/// tick at the same value land in the same cell.
struct ChartFrame {
  let xScale: AxisScale
  let yScale: AxisScale
  /// Columns before the drawing area (labels, a space, the axis).
  let left: Int
  /// Rows above the drawing area (title and legend), filled in by the chart.
  let top: Int
  let plotWidth: Int
  let plotHeight: Int
  let width: Int
  let xTitle: String
  private let yTicks: [(row: Int, label: String)]
  private let xTicks: [(column: Int, label: String)]
  /// The x title goes on its own row when the tick labels leave no room beside them.
  private let xTitleRow: Int

  /// A frame `style.width` wide whose drawing area is `style.height` (or
  /// `defaultHeight`) rows tall. `integerX` keeps x ticks on whole numbers (epochs);
  /// `roundY` widens the y axis out to round ticks at both ends.
  init(
    x: AxisScale, y: AxisScale, xTitle: String, style: PictureStyle, top: Int, defaultHeight: Int,
    integerX: Bool = false, roundY: Bool = false
  ) {
    let height = max(3, min(200, style.height ?? defaultHeight))
    let yCount = max(3, min(8, height / 3))
    let y = roundY ? y.roundedOut(count: yCount) : y
    xScale = x
    yScale = y
    self.top = top
    self.xTitle = xTitle
    let yValues = y.ticks(count: yCount)
    let yLabels = yValues.map(AxisScale.label)
    let labelWidth = yLabels.map(\.count).max() ?? 1
    left = labelWidth + 2
    // Room on the right for half of the last x label.
    let right = 3
    width = style.width
    plotWidth = max(10, style.width - left - right)
    plotHeight = height
    var rows: [(Int, String)] = []
    for (v, label) in zip(yValues, yLabels) {
      guard let t = y.position(v) else { continue }
      let row = ChartFrame.cell(1 - t, height)
      if !rows.contains(where: { $0.0 == row }) { rows.append((row, label)) }
    }
    yTicks = rows
    var xValues = x.ticks(count: max(2, plotWidth / 10), minimumStep: integerX ? 1 : 0)
    // Label the start of the axis too (epoch 1), when the first round tick is far from it.
    if integerX, let first = xValues.first, first - x.low > (xValues.count > 1 ? (xValues[1] - first) / 2 : 0) {
      xValues.insert(x.low, at: 0)
    }
    var columns: [(Int, String)] = []
    var end = -1
    for v in xValues {
      guard let t = x.position(v) else { continue }
      let column = ChartFrame.cell(t, plotWidth)
      let label = AxisScale.label(v)
      let start = left + column - (label.count - 1) / 2
      // Labels keep a space between them; one that would touch its neighbour is dropped.
      guard start > end + 1, start + label.count <= style.width else { continue }
      columns.append((column, label))
      end = start + label.count - 1
    }
    xTicks = columns
    let labelsEnd = end
    xTitleRow = labelsEnd + 2 + xTitle.count <= style.width - 1 ? 0 : 1
  }

  /// Rows of the whole frame.
  var height: Int { top + plotHeight + 2 + xTitleRow }

  /// The cell (0 ..< n) of a position t in 0…1.
  static func cell(_ t: Double, _ n: Int) -> Int {
    guard t.isFinite else { return 0 }
    // Clamped before converting: a value far off the axis must not overflow Int.
    let x = max(0, min(Double(n - 1), (t * Double(n)).rounded(.down)))
    return Int(x)
  }

  /// The drawing-area column and row of a point, or nil when the axes cannot show it.
  func cell(_ xv: Double, _ yv: Double) -> (column: Int, row: Int)? {
    guard let tx = xScale.position(xv), let ty = yScale.position(yv) else { return nil }
    return (ChartFrame.cell(tx, plotWidth), ChartFrame.cell(1 - ty, plotHeight))
  }

  /// The braille dot of a point in a canvas covering the drawing area.
  func dot(_ xv: Double, _ yv: Double) -> (x: Int, y: Int)? {
    guard let tx = xScale.position(xv), let ty = yScale.position(yv) else { return nil }
    return (ChartFrame.cell(tx, plotWidth * 2), ChartFrame.cell(1 - ty, plotHeight * 4))
  }

  /// A blank canvas of the frame's size with the axes, ticks and labels drawn.
  func canvas(_ style: PictureStyle) -> TextCanvas {
    var c = TextCanvas(width: width, height: height)
    let axisX = left - 1
    for r in 0..<plotHeight { c.put(style.vertical, axisX, top + r) }
    for (row, label) in yTicks {
      c.put(style.yTick, axisX, top + row)
      c.write(label, axisX - 1 - label.count, top + row)
    }
    let axisRow = top + plotHeight
    c.put(style.corner, axisX, axisRow)
    for col in 0..<plotWidth { c.put(style.horizontal, left + col, axisRow) }
    for (column, label) in xTicks {
      c.put(style.xTick, left + column, axisRow)
      c.write(label, left + column - (label.count - 1) / 2, axisRow + 1)
    }
    let titleColumn = xTitleRow == 0 ? width - 1 - xTitle.count : max(left, left + plotWidth - xTitle.count)
    c.write(xTitle, titleColumn, axisRow + 1 + xTitleRow)
    return c
  }
}
