extension Matrix {
  /// The index of the first largest (or smallest) of `values`, or of the first NaN when
  /// there is one: NaN compares false with everything, so a plain `>` scan would skip
  /// it, and `max([1 NaN])` would be 1. PyTorch's `max`, `min` and `argmax` return NaN
  /// (and its position) instead; so does nnsh.
  ///
  ///     Matrix.extremumIndex([1, 3, 2], largest: true)     // 1
  ///     Matrix.extremumIndex([1, .nan, 5], largest: true)  // 1 (the NaN)
  public static func extremumIndex<C: Collection>(_ values: C, largest: Bool) -> Int
  where C.Element == Double, C.Index == Int {
    guard var best = values.indices.first else { return 0 }
    for k in values.indices.dropFirst() {
      let v = values[k], b = values[best]
      if b.isNaN { break }
      if v.isNaN || (largest ? v > b : v < b) { best = k }
    }
    return best
  }

  /// The 0-based row of the largest entry of each column: the first on ties, and the
  /// first NaN when a column has one (as PyTorch's `argmax`).
  ///
  ///     try Matrix(rowsOf: [[1, 5], [3, 2]]).argmaxPerColumn   // [1, 0]
  public var argmaxPerColumn: [Int] {
    storage.withUnsafeBufferPointer { s in
      (0..<cols).map { j in
        let start = j * rows  // column j is contiguous
        return Matrix.extremumIndex(s[start..<(start + rows)], largest: true) - start
      }
    }
  }
}
