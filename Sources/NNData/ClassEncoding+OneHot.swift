import NNEngine

extension ClassEncoding {
  /// One-hot targets straight from a file's label values, with no array of class numbers
  /// in between: the distinct values, sorted (as `numbers` sorts them), give the classes,
  /// and each sample's 1 is set through a table from value to row.
  ///
  ///     Y[c, j] = 1  where c = rank of labels[j] among the sorted distinct labels
  ///
  /// Refuses more than `CSVReader.maxClasses` classes (counting stops there) and fewer
  /// than 2. `file` names the labels in messages.
  ///
  ///     ClassEncoding.oneHot([3, 1, 3, 10], file: "y.npy")   // 3×4, names ["1", "3", "10"]
  static func oneHot(_ labels: MatrixStorage, file: String) throws -> (Y: Matrix, names: [String]) {
    let limit = CSVReader.maxClasses
    var seen = Set<Double>()
    for v in labels {
      seen.insert(v)
      if seen.count > limit { break }
    }
    guard seen.count <= limit else {
      throw DataError.tooManyClasses(file: file, name: "y", count: seen.count, limit: limit)
    }
    let distinct = seen.sorted()
    let names = distinct.map(name(of:))
    guard names.count >= 2 else {
      throw DataError.invalidDataset(
        "\(file): every label is \(names.first ?? "?"); a classification needs at least 2 classes")
    }
    var row = [Double: Int](minimumCapacity: distinct.count)
    for (c, v) in distinct.enumerated() { row[v] = c }
    let k = distinct.count
    var Y = try Matrix(rows: k, cols: labels.count)
    Y.storage.withUnsafeMutableBufferPointer { y in
      for (j, v) in labels.enumerated() { y[(row[v] ?? 0) + j * k] = 1 }
    }
    return (Y, names)
  }
}
