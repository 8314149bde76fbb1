/// The `vars` listing: one line per name with its shape, its value when it is a scalar,
/// and, for the network's values, their notation — in columns that line up whatever
/// the widths of names, shapes and values. Widths are counted in Characters (what a
/// terminal shows), not bytes, so `α₁` and `3×2` take two and three columns.
///
///     a       1×1       1
///     W1      3×2                 W[1]
///     b2      1×1       -0.01763  b[2]
///
/// A name column is at least 8 wide and a shape column at least 10 (one space past the
/// widest entry when that is wider: `a_rather_long_name 1×1`), so lists of short entries
/// print as they always did; the notations start two columns past the widest value
/// shown beside one.
struct VarsTable {
  struct Row {
    var name: String
    var shape: String
    /// The scalar value, or empty.
    var value: String
    /// The notation (`W[1]`), or empty when it is the name itself.
    var note: String
  }

  var rows: [Row]

  var lines: [String] {
    let nameWidth = max(8, (rows.map(\.name.count).max() ?? 0) + 1)
    let shapeWidth = max(10, (rows.map(\.shape.count).max() ?? 0) + 1)
    let valueWidth = rows.filter { !$0.note.isEmpty }.map(\.value.count).max() ?? 0
    return rows.map { r in
      var line = VarsTable.pad(r.name, nameWidth) + VarsTable.pad(r.shape, shapeWidth)
      line += r.note.isEmpty ? r.value : VarsTable.pad(r.value, valueWidth) + "  " + r.note
      return line.trailingSpacesTrimmed
    }
  }

  /// `text` with spaces after it to `width` Characters.
  static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }
}
