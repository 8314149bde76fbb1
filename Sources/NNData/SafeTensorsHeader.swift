/// The JSON header of a safetensors file: one entry per tensor and the optional
/// `__metadata__` (string to string).
///
///     {"__metadata__":{"loss":"mse"},
///      "W1":{"dtype":"F64","shape":[3,2],"data_offsets":[0,48]},
///      "b1":{"dtype":"F64","shape":[3],"data_offsets":[48,72]}}
///
/// `data_offsets` are `[begin, end)` byte offsets into the data that follows the header.
/// The header is checked as the reference implementation (Hugging Face's `safetensors`
/// crate) checks it: at most `maxLength` bytes of UTF-8 that start with `{`; every tensor
/// with a known dtype, a shape of non-negative integers and two offsets; sorted by offset,
/// the tensors tile the data exactly — the first begins at 0, each begins where the
/// previous one ends, and the last ends at the end of the file; each tensor's byte count
/// is the product of its shape times its element size, computed without overflow. In
/// addition nnsh refuses duplicate keys, which the reference silently merges.
struct SafeTensorsHeader: Equatable {
  /// Longest header accepted: 100 MB, the reference's `MAX_HEADER_SIZE`.
  static let maxLength = 100_000_000

  struct Entry: Equatable {
    var name: String
    var dtype: SafeTensorsDType
    var shape: [Int]
    var begin: Int
    var end: Int
    /// The product of the shape (1 for a scalar, shape `[]`).
    var count: Int
  }

  /// The tensors, sorted by their offsets (the order of their data).
  var entries: [Entry]
  var metadata: [String: String]

  // MARK: Reading

  /// Parses and checks a header. `dataLength` is the number of bytes after the header;
  /// `file` names the file in messages.
  static func parse(_ bytes: ArraySlice<UInt8>, dataLength: Int, file: String) throws -> SafeTensorsHeader {
    func invalid(_ reason: String) -> SafeTensorsError { .invalid(file: file, reason: reason) }
    let text = Array(bytes)
    guard String(validating: text, as: UTF8.self) != nil else { throw invalid("the header is not UTF-8 text") }
    guard text.first == UInt8(ascii: "{") else {
      throw invalid("the header does not start with '{' (it should be a JSON object)")
    }
    let json: SafeTensorsJSON.Value
    do {
      json = try SafeTensorsJSON.parse(text)
    } catch let e as SafeTensorsJSON.ParseError {
      throw invalid("the header is not valid JSON: \(e.message) (at byte \(8 + e.offset) of the file)")
    }
    guard case .object(let members) = json else { throw invalid("the header is not a JSON object") }

    var entries: [Entry] = []
    var metadata: [String: String] = [:]
    for member in members {
      if member.key == "__metadata__" {
        metadata = try parseMetadata(member.value, invalid)
        continue
      }
      entries.append(try parseEntry(member.key, member.value, file: file))
    }

    // The reference sorts by (begin, end) and then walks the data once.
    entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var position = 0
    for e in entries {
      guard e.begin == position, e.end >= e.begin else {
        let why = e.end < e.begin ? "ends before it begins"
          : e.begin > position ? "leaves a gap (bytes \(position)..<\(e.begin) belong to no tensor)"
          : "overlaps the tensor before it (which ends at \(position))"
        throw invalid("the data_offsets [\(e.begin), \(e.end)] of tensor '\(QuotedText.quoted(e.name))' \(why)")
      }
      let (bytesNeeded, overflow) = e.count.multipliedReportingOverflow(by: e.dtype.size)
      guard !overflow else { throw invalid("the shape \(describe(e.shape)) of tensor '\(QuotedText.quoted(e.name))' is too large") }
      guard e.end - e.begin == bytesNeeded else {
        throw invalid(
          "tensor '\(QuotedText.quoted(e.name))' is \(e.dtype.rawValue) \(describe(e.shape)), which needs \(bytesNeeded) bytes, "
            + "but its data_offsets [\(e.begin), \(e.end)] hold \(e.end - e.begin)")
      }
      position = e.end
    }
    guard position == dataLength else {
      if position > dataLength {
        throw invalid("the tensors need \(position) bytes of data but the file has only \(dataLength) (is it truncated?)")
      }
      throw invalid("the file has \(dataLength - position) bytes of data after the last tensor")
    }
    return SafeTensorsHeader(entries: entries, metadata: metadata)
  }

  private static func parseMetadata(
    _ value: SafeTensorsJSON.Value, _ invalid: (String) -> SafeTensorsError
  ) throws -> [String: String] {
    if case .null = value { return [:] }
    guard case .object(let members) = value else {
      throw invalid("__metadata__ must be an object of strings, not \(value.kindName)")
    }
    var metadata: [String: String] = [:]
    for m in members {
      guard case .string(let s) = m.value else {
        throw invalid("__metadata__ must map strings to strings, but \"\(m.key)\" is \(m.value.kindName)")
      }
      metadata[m.key] = s
    }
    return metadata
  }

  private static func parseEntry(_ name: String, _ value: SafeTensorsJSON.Value, file: String) throws -> Entry {
    func invalid(_ reason: String) -> SafeTensorsError { .invalid(file: file, reason: "tensor '\(QuotedText.quoted(name))': " + reason) }
    guard case .object(let fields) = value else {
      throw invalid("expected an object {\"dtype\", \"shape\", \"data_offsets\"}, not \(value.kindName)")
    }
    func field(_ key: String) throws -> SafeTensorsJSON.Value {
      guard let f = fields.first(where: { $0.key == key }) else { throw invalid("the field \"\(key)\" is missing") }
      return f.value
    }
    guard case .string(let dtypeName) = try field("dtype") else { throw invalid("\"dtype\" must be a string") }
    guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
      if SafeTensorsDType.knownUnsupported.contains(dtypeName) {
        throw SafeTensorsError.unsupported(
          file: file,
          reason: "tensor '\(QuotedText.quoted(name))' has dtype \(dtypeName), which nnsh does not read "
            + "(it reads F64 F32 F16 BF16, integers and BOOL)")
      }
      throw invalid("unknown dtype \"\(dtypeName)\" (the format's dtypes are F64 F32 F16 BF16 I64 … U8 BOOL, …)")
    }
    let shape = try integers(try field("shape"), "\"shape\"", invalid)
    let offsets = try integers(try field("data_offsets"), "\"data_offsets\"", invalid)
    guard offsets.count == 2 else { throw invalid("\"data_offsets\" must hold two numbers [begin, end]") }
    var count = 1
    for s in shape {
      let (p, overflow) = count.multipliedReportingOverflow(by: s)
      guard !overflow else { throw invalid("the shape \(describe(shape)) has too many elements") }
      count = p
    }
    return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1], count: count)
  }

  /// An array of non-negative integers (JSON numbers without fraction or exponent).
  private static func integers(
    _ value: SafeTensorsJSON.Value, _ what: String, _ invalid: (String) -> SafeTensorsError
  ) throws -> [Int] {
    guard case .array(let elements) = value else { throw invalid("\(what) must be an array of integers") }
    return try elements.map { e -> Int in
      guard case .number(let text) = e, !text.hasPrefix("-"), let n = Int(text) else {
        throw invalid("\(what) must hold non-negative integers (found \(describeValue(e)))")
      }
      return n
    }
  }

  private static func describeValue(_ v: SafeTensorsJSON.Value) -> String {
    if case .number(let t) = v { return t }
    return v.kindName
  }

  /// `[3, 2]` as `(3, 2)`, NumPy's way; `()` for a scalar.
  static func describe(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  // MARK: Writing

  /// The header bytes for tensors laid out in the given order, padded with spaces to a
  /// multiple of 8 bytes (as the reference does, so the data is 8-byte aligned).
  /// Metadata keys are written sorted, so the same session writes the same bytes.
  static func encode(_ entries: [Entry], metadata: [String: String]) -> [UInt8] {
    var parts: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { SafeTensorsJSON.quoted($0) + ":" + SafeTensorsJSON.quoted(metadata[$0] ?? "") }
      parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    for e in entries {
      parts.append(
        SafeTensorsJSON.quoted(e.name) + ":{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":["
          + e.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(e.begin),\(e.end)]}")
    }
    var bytes = Array(("{" + parts.joined(separator: ",") + "}").utf8)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
    return bytes
  }
}
