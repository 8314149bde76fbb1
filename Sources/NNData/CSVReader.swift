import NNEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Reads a CSV file into a `Dataset`: every column but the target is a feature, the
/// target becomes one-hot classes or regression values.
///
/// The format is RFC 4180 with the usual tolerances:
/// - fields may be quoted: `"a, b"` keeps the comma, `""` inside quotes is one quote, and
///   a quoted field may span lines;
/// - lines end in LF, CRLF or CR; a UTF-8 byte-order mark at the start is skipped;
/// - blanks (spaces, tabs) around a field are ignored; completely empty lines are skipped;
/// - the separator is a comma unless `separator:` says otherwise (`;`, tab, …);
/// - with `header: false` the columns are named "1", "2", … (their numbers).
///
/// The target is chosen by name or 1-based number (`nil`: the last column). Under
/// `classes: .auto` text labels and integers become classes — in sorted order, see
/// `ClassEncoding` — and other numbers a regression target. Feature columns must be
/// numbers; a text column has to be the target or be listed in `drop:`. Dropped columns
/// are not looked at at all.
///
/// Errors name the file, the line (1-based, counting every line of the file, header
/// included) and the column: `data.csv:17: column 3 ('petal_length'): 'abc' is not a number`.
///
/// The reader works on the file's bytes in one pass without building a `String` per field,
/// and parses numbers with `DecimalParser`: 60 000 rows × 785 integer columns (~100 MB)
/// take well under two seconds in a release build.
///
///     let iris = try CSVReader.read(path: "iris.csv", target: .name("species"))
///     iris.X.shape     // 4×150
///     iris.classNames  // ["setosa", "versicolor", "virginica"]
public enum CSVReader {
  /// The most classes a target may have (more usually means a regression target read
  /// as classes).
  public static let maxClasses = 1000

  /// Reads the CSV file at `path`. Errors name the file as `path` is written.
  /// `knownClasses` (a validation or test file of a classification): the classes are
  /// encoded as those, in that order, a file may have any of them (one is enough), and a
  /// class that is not one of them is an error naming it.
  public static func read(
    path: String, target: TargetColumn? = nil, separator: UInt8 = UInt8(ascii: ","),
    header: Bool = true, drop: [String] = [], classes: ClassMode = .auto, knownClasses: [String]? = nil
  ) throws -> Dataset {
    let bytes = try FileBytes.read(path: path)
    let d = try read(
      bytes: bytes, name: path, target: target, separator: separator, header: header,
      drop: drop, classes: classes, knownClasses: knownClasses)
    guard case .csv(var source)? = d.source else { return d }
    source.path = DataSource.absolute(path)
    return d.from(.csv(source))
  }

  /// Reads CSV text held in memory; `name` stands for the file in messages.
  public static func read(
    text: String, name: String, target: TargetColumn? = nil, separator: UInt8 = UInt8(ascii: ","),
    header: Bool = true, drop: [String] = [], classes: ClassMode = .auto
  ) throws -> Dataset {
    try read(
      bytes: Array(text.utf8), name: name, target: target, separator: separator, header: header,
      drop: drop, classes: classes)
  }

  /// Reads CSV bytes held in memory; `name` stands for the file in messages, and its last
  /// path component names the data set.
  public static func read(
    bytes: [UInt8], name: String, target: TargetColumn? = nil, separator: UInt8 = UInt8(ascii: ","),
    header: Bool = true, drop: [String] = [], classes: ClassMode = .auto, knownClasses: [String]? = nil
  ) throws -> Dataset {
    guard separator != 0x22, separator != 0x0A, separator != 0x0D, separator != 0x20 else {
      throw DataError.invalidOption("the separator cannot be a quote, a space or a line break")
    }
    return try bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVParser(bytes: buffer, file: name, separator: separator)
      return try parser.read(target: target, header: header, drop: drop, classes: classes, knownClasses: knownClasses)
    }
  }
}

/// The one-pass parser behind `CSVReader`. It walks `bytes` with an index, keeps the
/// current line number for messages, and hands each field to the column's role without
/// copying it (quoted fields with doubled quotes are unescaped into `scratch`).
struct CSVParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let file: String
  let separator: UInt8
  let strtodUsesDot = DecimalParser.strtodUsesDot()
  var pos = 0
  var line = 1
  var scratch: [UInt8] = []

  init(bytes: UnsafeBufferPointer<UInt8>, file: String, separator: UInt8) {
    self.bytes = bytes
    self.file = file
    self.separator = separator
  }

  /// What happens to the cells of a column.
  enum Role { case feature, target, dropped }

  /// A field's text: a range of `bytes`, or the unescaped copy in `scratch`.
  struct Field {
    var start: Int
    var count: Int
    var inScratch: Bool
    var line: Int
  }

  // MARK: Driver

  mutating func read(
    target: TargetColumn?, header: Bool, drop: [String], classes: ClassMode, knownClasses: [String]? = nil
  ) throws -> Dataset {
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
    skipBlankLines()
    guard pos < bytes.count else { throw DataError.noDataRows(file: file) }

    // The header (or, without one, the first record only counted and then re-read).
    let names: [String]
    if header {
      names = try readTextRecord().enumerated().map { $1.isEmpty ? String($0 + 1) : $1 }
      skipBlankLines()
    } else {
      let (savedPos, savedLine) = (pos, line)
      names = (1...(try readTextRecord().count)).map(String.init)
      (pos, line) = (savedPos, savedLine)
    }
    let columnCount = names.count

    // Roles of the columns.
    var roles = [Role](repeating: .feature, count: columnCount)
    let targetIndex = try resolveTarget(target, names)
    roles[targetIndex] = .target
    for name in drop {
      let index = try resolveColumn(name, names) {
        DataError.unknownColumn(file: file, name: name, columns: names)
      }
      guard index != targetIndex else {
        throw DataError.targetDropped(file: file, name: names[targetIndex])
      }
      roles[index] = .dropped
    }
    let featureColumns = roles.indices.filter { roles[$0] == .feature }
    guard !featureColumns.isEmpty else { throw DataError.noFeatures(file: file) }

    // The data rows.
    var x: [Double] = []
    var targetValues: [Double] = []  // NaN where the text is not a finite number
    var targetText: [UInt8] = []  // every target cell, unescaped, end to end
    var targetEnds: [Int] = []  // end offset of each target cell in targetText
    var firstText: (line: Int, text: String)? = nil
    var rows = 0
    // Every record ends a line, so the line count bounds the sample count: reserve once.
    let (bound, overflow) = (countLineBreaks() + 1).multipliedReportingOverflow(by: featureColumns.count)
    let maxElements = MemoryBudget.current.maxElements  // the running session's
    x.reserveCapacity(overflow ? maxElements : Swift.min(bound, maxElements))
    let n = bytes.count

    while pos < n {
      let recordLine = line
      var column = 0
      while true {
        if column < columnCount && roles[column] == .feature {
          // Most cells are plain numbers: parse them while scanning, in one pass.
          if let v = fastNumber() {
            x.append(v)
          } else {
            let field = try readField(column: column + 1)
            x.append(try number(field, column: column, names: names, firstRow: rows == 0))
          }
        } else {
          let field = try readField(column: column + 1)
          if column < columnCount && roles[column] == .target {
            guard field.count > 0 else {
              throw DataError.emptyCell(file: file, line: field.line, column: column + 1, name: names[column])
            }
            let v = withText(field) { p, n in
              DecimalParser.parse(p, n, strtodUsesDot: strtodUsesDot)
            }
            if let v = v, v.isFinite {
              targetValues.append(v)
            } else {
              targetValues.append(.nan)
              if firstText == nil { firstText = (field.line, string(field)) }
            }
            withText(field) { p, n in targetText.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
            targetEnds.append(targetText.count)
          }
        }
        column += 1
        if pos < n && bytes[pos] == separator {
          pos += 1
          continue
        }
        endRecord()
        break
      }
      guard column == columnCount else {
        throw DataError.raggedRow(file: file, line: recordLine, expected: columnCount, found: column)
      }
      rows += 1
      skipBlankLines()
    }
    guard rows > 0 else { throw DataError.noDataRows(file: file) }

    // Targets: classes or values.
    let targetName = names[targetIndex]
    let allNumeric = firstText == nil
    let Y: Matrix
    var classNames: [String]? = nil
    let asClasses: Bool
    switch classes {
    case .values:
      if let first = firstText {
        throw DataError.notANumber(
          file: file, line: first.line, column: targetIndex + 1, name: targetName, text: first.text,
          firstRow: false)
      }
      asClasses = false
    case .labels:
      asClasses = true
    case .auto:
      asClasses = !allNumeric || targetValues.allSatisfy(ClassEncoding.isInteger)
    }
    if asClasses {
      var encoding: (labels: [Int], names: [String])
      if allNumeric {
        let count = ClassEncoding.distinctCount(targetValues, limit: CSVReader.maxClasses)
        guard count <= CSVReader.maxClasses else {
          throw DataError.tooManyClasses(file: file, name: targetName, count: count, limit: CSVReader.maxClasses)
        }
        encoding = ClassEncoding.numbers(targetValues)
      } else {
        var texts = [String]()
        texts.reserveCapacity(rows)
        var start = 0
        for end in targetEnds {
          texts.append(String(decoding: targetText[start..<end], as: UTF8.self))
          start = end
        }
        let count = ClassEncoding.distinctCount(texts, limit: CSVReader.maxClasses)
        guard count <= CSVReader.maxClasses else {
          throw DataError.tooManyClasses(file: file, name: targetName, count: count, limit: CSVReader.maxClasses)
        }
        encoding = ClassEncoding.texts(texts)
      }
      if let known = knownClasses { encoding = try CSVParser.encode(encoding, as: known, file: file) }
      guard encoding.names.count >= 2 else {
        throw DataError.invalidDataset(
          "\(file): the target '\(QuotedText.quoted(targetName))' has only one class ('\(QuotedText.quoted(encoding.names.first ?? ""))'); "
            + "a classification needs at least 2 (for regression use classes=values)")
      }
      Y = try Dataset.oneHot(encoding.labels, classCount: encoding.names.count)
      classNames = encoding.names
    } else {
      Y = try Matrix(rows: 1, cols: rows, columnMajor: targetValues)
    }
    let X = try Matrix(rows: featureColumns.count, cols: rows, columnMajor: x)
    return try Dataset(
      name: CSVParser.lastComponent(file), X: X, Y: Y,
      featureNames: featureColumns.map { names[$0] }, classNames: classNames
    ).from(.csv(CSVSource(path: file, separator: separator, header: header, features: featureColumns, target: targetIndex)))
  }

  // MARK: Columns

  /// The 0-based column of the target (the last one when nil).
  func resolveTarget(_ target: TargetColumn?, _ names: [String]) throws -> Int {
    switch target {
    case nil:
      return names.count - 1
    case .number(let n):
      guard n >= 1, n <= names.count else {
        throw DataError.unknownTarget(file: file, target: String(n), columns: names)
      }
      return n - 1
    case .name(let name):
      return try resolveColumn(name, names) {
        DataError.unknownTarget(file: file, target: name, columns: names)
      }
    }
  }

  /// The 0-based column called `name`: an exact match, else a unique case-insensitive
  /// match, else a column number written as digits.
  func resolveColumn(_ name: String, _ names: [String], unknown: () -> DataError) throws -> Int {
    var matches = names.indices.filter { names[$0] == name }
    if matches.isEmpty {
      let lower = name.lowercased()
      matches = names.indices.filter { names[$0].lowercased() == lower }
    }
    if matches.count > 1 {
      throw DataError.ambiguousColumn(file: file, name: name, columns: matches.map { $0 + 1 })
    }
    if let index = matches.first { return index }
    if case .number(let n) = TargetColumn(parsing: name), n >= 1, n <= names.count { return n - 1 }
    throw unknown()
  }

  // MARK: Fields

  @inline(__always)
  func isBlank(_ b: UInt8) -> Bool { (b == 0x20 || b == 0x09) && b != separator }

  /// Skips lines that hold nothing but blanks, counting them.
  mutating func skipBlankLines() {
    while pos < bytes.count {
      var end = pos
      while end < bytes.count && isBlank(bytes[end]) { end += 1 }
      if end == bytes.count {
        pos = end
        return
      }
      let b = bytes[end]
      if b == 0x0A || b == 0x0D { pos = end }
      if b == 0x0A {
        pos += 1
        line += 1
      } else if b == 0x0D {
        pos += 1
        if pos < bytes.count && bytes[pos] == 0x0A { pos += 1 }
        line += 1
      } else {
        return
      }
    }
  }

  /// Consumes the line break (LF, CRLF or CR) that ends a record, if any.
  @inline(__always)
  mutating func endRecord() {
    guard pos < bytes.count else { return }
    if bytes[pos] == 0x0D {
      pos += 1
      if pos < bytes.count && bytes[pos] == 0x0A { pos += 1 }
    } else {
      pos += 1  // LF
    }
    line += 1
  }

  /// Reads one field and leaves `pos` on the separator or line break after it (or at the
  /// end). `column` (1-based) is only for messages.
  @inline(__always)
  mutating func readField(column: Int) throws -> Field {
    let n = bytes.count
    while pos < n && isBlank(bytes[pos]) { pos += 1 }
    if pos < n && bytes[pos] == 0x22 {
      return try readQuotedField(column: column)
    }
    let start = pos
    while pos < n {
      let b = bytes[pos]
      if b == separator || b == 0x0A || b == 0x0D { break }
      if b == 0x22 { throw DataError.misplacedQuote(file: file, line: line, column: column) }
      pos += 1
    }
    var end = pos
    while end > start && isBlank(bytes[end - 1]) { end -= 1 }
    return Field(start: start, count: end - start, inScratch: false, line: line)
  }

  /// A field that starts with a quote: up to the closing quote, `""` meaning `"`.
  mutating func readQuotedField(column: Int) throws -> Field {
    let n = bytes.count
    let startLine = line
    pos += 1  // opening quote
    scratch.removeAll(keepingCapacity: true)
    while true {
      guard pos < n else { throw DataError.unterminatedQuote(file: file, line: startLine) }
      let b = bytes[pos]
      if b == 0x22 {
        if pos + 1 < n && bytes[pos + 1] == 0x22 {
          scratch.append(0x22)
          pos += 2
          continue
        }
        pos += 1  // closing quote
        break
      }
      if b == 0x0A || (b == 0x0D && !(pos + 1 < n && bytes[pos + 1] == 0x0A)) { line += 1 }
      scratch.append(b)
      pos += 1
    }
    while pos < n && isBlank(bytes[pos]) { pos += 1 }
    if pos < n {
      let b = bytes[pos]
      guard b == separator || b == 0x0A || b == 0x0D else {
        throw DataError.misplacedQuote(file: file, line: line, column: column)
      }
    }
    return Field(start: 0, count: scratch.count, inScratch: true, line: startLine)
  }

  /// Calls `body` with a pointer to the field's bytes and their count.
  @inline(__always)
  func withText<R>(_ field: Field, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
    if field.inScratch {
      return scratch.withUnsafeBufferPointer { s in
        // A valid pointer even for an empty field.
        guard let base = s.baseAddress else {
          var zero: UInt8 = 0
          return body(&zero, 0)
        }
        return body(base, field.count)
      }
    }
    guard let base = bytes.baseAddress else {
      var zero: UInt8 = 0
      return body(&zero, 0)
    }
    return body(base + field.start, field.count)
  }

  func string(_ field: Field) -> String {
    withText(field) { p, n in String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) }
  }

  /// The field as a finite number, or the error that says why not.
  @inline(__always)
  func number(_ field: Field, column: Int, names: [String], firstRow: Bool) throws -> Double {
    guard field.count > 0 else {
      throw DataError.emptyCell(file: file, line: field.line, column: column + 1, name: names[column])
    }
    let v = withText(field) { p, n in DecimalParser.parse(p, n, strtodUsesDot: strtodUsesDot) }
    guard let value = v else {
      throw DataError.notANumber(
        file: file, line: field.line, column: column + 1, name: names[column], text: string(field),
        firstRow: firstRow)
    }
    guard value.isFinite else {
      throw DataError.notFinite(
        file: file, line: field.line, column: column + 1, name: names[column], text: string(field))
    }
    return value
  }

  /// The cell at `pos` when it is a plain number `[-]digits[.digits]` directly followed by
  /// the separator, a line break or the end — parsed during the scan, with `pos` moved to
  /// the end of the cell. Nil (and `pos` unchanged) for anything else, which then takes
  /// the general path (`readField` + `DecimalParser`). The value is exact: at most 19
  /// digits forming `w ≤ 2⁵³` and at most 22 decimals, so `w / 10^k` is correctly rounded.
  @inline(__always)
  mutating func fastNumber() -> Double? {
    let n = bytes.count
    var p = pos
    var negative = false
    if p < n && bytes[p] == 0x2D {
      negative = true
      p += 1
    }
    var w: UInt64 = 0
    var digits = 0
    var decimals = 0
    while p < n {
      let d = bytes[p] &- 0x30
      guard d < 10 else { break }
      w = w &* 10 &+ UInt64(d)
      digits += 1
      p += 1
    }
    if p < n && bytes[p] == 0x2E {
      p += 1
      while p < n {
        let d = bytes[p] &- 0x30
        guard d < 10 else { break }
        w = w &* 10 &+ UInt64(d)
        digits += 1
        decimals += 1
        p += 1
      }
    }
    guard digits > 0, digits <= 19, decimals <= 22, w <= 1 << 53 else { return nil }
    if p < n {
      let b = bytes[p]
      guard b == separator || b == 0x0A || b == 0x0D else { return nil }
    }
    pos = p
    let m = decimals == 0 ? Double(w) : Double(w) / DecimalParser.powersOfTen[decimals]
    return negative ? -m : m
  }

  /// The number of line feeds from `pos` on (or of carriage returns, for old Mac files):
  /// an upper bound on the records left. Uses `memchr`, which scans many bytes at a time.
  func countLineBreaks() -> Int {
    guard let base = bytes.baseAddress, pos < bytes.count else { return 0 }
    func count(_ byte: Int32) -> Int {
      var total = 0
      var p = UnsafeRawPointer(base + pos)
      let end = UnsafeRawPointer(base + bytes.count)
      while p < end, let hit = memchr(p, byte, end - p) {
        total += 1
        p = UnsafeRawPointer(hit) + 1
      }
      return total
    }
    let lf = count(0x0A)
    return lf > 0 ? lf : count(0x0D)
  }

  /// The fields of one record as strings (the header).
  mutating func readTextRecord() throws -> [String] {
    var fields: [String] = []
    while true {
      let field = try readField(column: fields.count + 1)
      fields.append(string(field))
      if pos < bytes.count && bytes[pos] == separator {
        pos += 1
        continue
      }
      endRecord()
      return fields
    }
  }

  /// "data/iris.csv" → "iris.csv".
  static func lastComponent(_ path: String) -> String {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    return parts.last.map(String.init) ?? path
  }
}
