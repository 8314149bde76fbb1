#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Where a data set's samples were read from, so that another program (`export torch`'s
/// `train.py`) can read the same file the same way.
///
/// `Dataset.sourceRows[j]` is the record of that file (0-based, data rows only: a CSV
/// header is not counted) that became sample j; `shuffle` permutes it with the samples,
/// and samples that came from no file of the source (a test part loaded `as test` from
/// its own file) have −1.
///
///     let d = try CSVReader.read(path: "iris.csv", target: .name("species"))
///     d.source        // .csv(CSVSource(path: "/home/me/iris.csv", separator: 44, header: true,
///                     //                features: [0, 1, 2, 3], target: 4))
///     d.sourceRows    // [0, 1, …, 149]
public enum DataSource: Equatable, Sendable {
  /// A CSV file: the columns (0-based) that are the features, in the data set's order,
  /// and the target column.
  case csv(CSVSource)
  /// A NumPy pair: `X.npy` of shape (samples, features…) and `y.npy` (samples[, k]).
  case numpy(xPath: String, yPath: String)
}

/// How a CSV file was read (see `DataSource.csv`).
public struct CSVSource: Equatable, Sendable {
  /// The file's absolute path when it was read.
  public var path: String
  public var separator: UInt8
  public var header: Bool
  /// The 0-based columns that became the features, in order.
  public var features: [Int]
  /// The 0-based target column.
  public var target: Int

  public init(path: String, separator: UInt8, header: Bool, features: [Int], target: Int) {
    self.path = path
    self.separator = separator
    self.header = header
    self.features = features
    self.target = target
  }
}

extension DataSource {
  /// `path` made absolute (the working folder may differ when the data is read again);
  /// `path` itself when the system cannot resolve it.
  public static func absolute(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

extension Dataset {
  /// The data set with its samples marked as records `0..<N` of `source`.
  func from(_ source: DataSource) -> Dataset {
    var d = self
    d.source = source
    d.sourceRows = Array(0..<sampleCount)
    return d
  }

  /// The source file's record of each sample in `indices`, or nil when the data set has
  /// no source or one of them came from elsewhere.
  public func sourceRecords(_ indices: [Int]) -> [Int]? {
    guard source != nil, let rows = sourceRows, rows.count == sampleCount else { return nil }
    var out: [Int] = []
    out.reserveCapacity(indices.count)
    for j in indices {
      guard rows.indices.contains(j), rows[j] >= 0 else { return nil }
      out.append(rows[j])
    }
    return out
  }
}
