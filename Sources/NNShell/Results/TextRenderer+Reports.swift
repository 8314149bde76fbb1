import NNEngine

/// The text of tables and reports.
extension TextRenderer {
  /// Each line indented (by two spaces unless the table says otherwise), cells padded to their column's width and
  /// separated by `separator` (one space), trailing spaces trimmed:
  ///
  ///       parameter  entries  max |analytic − numeric|  relative error
  ///       W[1]       6        1.2e-11                   3.4e-10         pass
  static func lines(_ table: Table) -> [String] {
    let columns = table.rows.map(\.count).max() ?? 0
    var widths = (0..<columns).map { c in table.rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    if table.equalWidths { widths = widths.map { _ in widths.max() ?? 0 } }
    var lines: [String] = []
    for (r, row) in table.rows.enumerated() {
      let cells = row.indices.map { c in
        let room = String(repeating: " ", count: max(0, widths[c] - row[c].count))
        return c < table.alignments.count && table.alignments[c] == .right ? room + row[c] : row[c] + room
      }
      lines.append((table.indent + cells.joined(separator: table.separator)).trailingSpacesTrimmed)
      if table.rulesAfter.contains(r) {
        lines.append(table.indent + String(repeating: "─", count: widths.reduce(0, +) + table.separator.count * max(0, columns - 1)))
      }
    }
    return lines
  }

  /// `trained 10 epochs of 150 samples (batch 32, lr 0.1): loss 0.05, accuracy 98.0% in 0.012 s (125000 samples/s)`.
  static func line(_ r: TrainingReport) -> String {
    var line = "trained \(r.epochs) epoch\(r.epochs == 1 ? "" : "s") of \(r.samples) samples (batch \(r.batch), lr \(NumberFormat.format(r.learningRate))\(r.float32 ? ", float32" : ""))"
    if let last = r.losses.last { line += ": loss \(NumberFormat.format(last, digits: r.digits))" }
    if let accuracy = r.accuracy { line += ", accuracy \(NumberFormat.fixed(100 * accuracy, 1))%" }
    if let validation = r.validation { line += ", " + validation.text(digits: r.digits, separator: ", ") }
    if let testLoss = r.testLoss { line += ", test loss \(NumberFormat.format(testLoss, digits: r.digits))" }
    line += " in \(NumberFormat.fixed(r.seconds, 3)) s (\(r.samplesPerSecond) samples/s)"
    if let note = r.earlyStop { line += "\n" + note }
    return line
  }

  /// The heading, the table of parameters, the directional check, the notes and the verdict.
  static func lines(_ r: GradcheckReport) -> [String] {
    var lines = ["gradcheck: central differences (J(θ+h) − J(θ−h)) / 2h, h = \(NumberFormat.format(r.h)), on x (\(r.inputShape))"]
    var table = Table(rows: [["parameter", "entries", "max |analytic − numeric|", "relative error", ""]])
    for p in r.rows {
      table.rows.append([
        p.notation, "\(p.entries)", NumberFormat.format(p.worst, digits: 2), NumberFormat.format(p.relativeError, digits: 2),
        p.verdict.rawValue,
      ])
    }
    lines += TextRenderer.lines(table)
    if let d = r.directional {
      lines.append(
        "  directional, random unit d: (J(θ+εd) − J(θ−εd)) / 2ε = \(NumberFormat.format(d.numeric, digits: 8)), ∇J·d = \(NumberFormat.format(d.analytic, digits: 8)), relative error \(NumberFormat.format(d.relativeError, digits: 2))"
      )
    }
    lines += r.notes
    if let passed = r.passed {
      lines.append(passed ? "gradcheck passed (tol = \(NumberFormat.format(r.tol)))" : "gradcheck FAILED (tol = \(NumberFormat.format(r.tol)))")
    }
    return lines
  }
}
