import Foundation
import NNEngine
import Testing

@testable import NNData

/// Files written by the reference `safetensors` package (Fixtures/SafeTensorsFixtures.py),
/// files written by nnsh, and both ways between them.
@Suite struct SafeTensorsTests {
  typealias S = SafeTensorsTestSupport
  static let grid: [Double] = [1.0, 2.5, -3.0, 4.0, 5.0, 6e-3]

  func fixture(_ name: String) throws -> SafeTensorsFile {
    try SafeTensorsFile.read(path: Fixtures.path(name))
  }

  @Test func everyDtypeTheReferenceWrites() throws {
    let f = try fixture("SafeTensors-dtypes.safetensors")
    func values(_ name: String) -> [Double] { f[name]?.values ?? [] }
    #expect(f[name: "f64"]?.dtype == .f64)
    #expect(values("f64") == Self.grid)
    #expect(values("f32") == Self.grid.map { Double(Float($0)) })
    #expect(values("f16") == [1.0, 2.5, -3.0, 4.0, 5.0, 0.006000518798828125])
    for name in ["i64", "i32", "i16", "i8"] {
      #expect(values(name) == [1, -2, 3, 4, 5, -6], "\(name)")
      #expect(f[name]?.shape == [2, 3])
    }
    for name in ["u64", "u32", "u16", "u8"] { #expect(values(name) == [1, 2, 3, 4, 5, 250], "\(name)") }
    #expect(values("bool") == [1, 0, 1, 0, 0, 1])
    #expect(f["bool"]?.dtype == .bool)
    #expect(f["vector"]?.shape == [3])
    #expect(f["scalar"]?.shape == [])
    #expect(values("scalar") == [7.25])
    #expect(f["cube"]?.shape == [2, 3, 4])
    #expect(values("cube") == (0..<24).map(Double.init))
    #expect(f["empty"]?.shape == [0, 3])
    #expect(values("empty") == [])
    #expect(f.metadata == ["note": "dtypes", "unicode": "σ → ∂J/∂W"])
    #expect(f.tensors.count == 16)
  }

  @Test func tensorsBecomeMatrices() throws {
    let f = try fixture("SafeTensors-dtypes.safetensors")
    let file = "d.safetensors"
    #expect(try f["f64"]?.matrix(file: file).rowArrays == [[1.0, 2.5, -3.0], [4.0, 5.0, 6e-3]])
    #expect(try f["vector"]?.matrix(file: file).shape == Shape(3, 1))
    #expect(try f["scalar"]?.matrix(file: file) == Matrix(scalar: 7.25))
    #expect(S.error { try f["cube"]?.matrix(file: file) }?.description.contains("3 dimensions (2, 3, 4)") == true)
    #expect(S.error { try f["empty"]?.matrix(file: file) }?.description.contains("empty (0, 3)") == true)
  }

  @Test func bfloat16IsTheTopHalfOfAFloat() throws {
    // 1.0 = 0x3F80, -2.5 = 0xC020, 0.1 ≈ 0x3DCD, +inf = 0x7F80
    let data: [UInt8] = [0x80, 0x3F, 0x20, 0xC0, 0xCD, 0x3D, 0x80, 0x7F]
    let bytes = S.file(header: #"{"t":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}"#, data: data)
    let t = try SafeTensorsFile.decode(bytes, file: "b.safetensors")["t"]
    #expect(t?.values == [1.0, -2.5, Double(Float(bitPattern: 0x3DCD_0000)), .infinity])
    #expect(t?.dtype == .bf16)
  }

  /// Decoding and encoding a reference file gives back its bytes exactly (same layout,
  /// same JSON, same padding).
  @Test func reEncodingAReferenceFileIsByteIdentical() throws {
    let bytes = try Fixtures.bytes("SafeTensors-torch.safetensors")
    let f = try SafeTensorsFile.decode(bytes, file: "t.safetensors")
    #expect(f.names == ["0.bias", "0.weight", "2.bias", "2.weight"])
    #expect(f.tensors.allSatisfy { $0.dtype == .f32 })
    #expect(try f.encoded() == bytes)
  }

  @Test func roundTripIsBitIdentical() throws {
    var g = RandomGenerator(seed: 11)
    var m = try Matrix(rows: 5, cols: 7)
    for k in 0..<m.count { m.storage[k] = g.normal() * 1e-3 }
    m.storage[3] = -0.0
    m.storage[4] = .leastNonzeroMagnitude
    m.storage[5] = .greatestFiniteMagnitude
    let b = try Matrix(column: [1, 2, 3, 4, 5])
    let f = SafeTensorsFile(
      tensors: [SafeTensor(name: "W", matrix: m), SafeTensor(name: "b", matrix: b, vector: true)],
      metadata: ["quote \"and\" newline\n": "tab\t and \u{01} ∂"])
    let path = temporaryPath(".safetensors")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try f.write(path: path)
    let back = try SafeTensorsFile.read(path: path)
    #expect(back == f)
    let W = try back["W"]?.matrix(file: path)
    #expect(W?.storage.map(\.bitPattern) == m.storage.map(\.bitPattern))
    #expect(back["b"]?.shape == [5])
    #expect(back.metadata == f.metadata)
    #expect((try FileBytes.read(path: path)).count % 8 == 0)  // 8 + padded header + 8-byte elements
  }

  @Test func float32IsRoundedToNearest() throws {
    let m = try Matrix(rowsOf: [[0.1, 1e-50], [3.4e39, -2.0]])
    let f = SafeTensorsFile(tensors: [SafeTensor(name: "m", matrix: m, dtype: .f32)])
    let back = try SafeTensorsFile.decode(try f.encoded(), file: "f")
    #expect(back["m"]?.dtype == .f32)
    #expect(back["m"]?.values == [Double(Float(0.1)), 0, .infinity, -2])
  }

  @Test func writingRefusesDuplicatesAndUnwritableTypes() throws {
    let m = Matrix(scalar: 1)
    let twice = SafeTensorsFile(tensors: [SafeTensor(name: "a", matrix: m), SafeTensor(name: "a", matrix: m)])
    #expect(S.error { try twice.encoded(file: "x") } == .invalid(file: "x", reason: "two tensors are named 'a'"))
    let half = SafeTensorsFile(tensors: [SafeTensor(name: "h", matrix: m, dtype: .f16)])
    #expect(S.error { try half.encoded(file: "x") }?.description.contains("F64 and F32") == true)
    #expect(throws: SafeTensorsError.self) { try SafeTensor(name: "t", shape: [2, 2], values: [1]) }
  }

  @Test func emptyFileAndDtypeOptions() throws {
    let empty = try SafeTensorsFile().encoded()
    #expect(empty == S.file(header: "{}      "))
    #expect(try SafeTensorsFile.decode(empty, file: "e").tensors.isEmpty)
    #expect(SafeTensorsDType(option: "F32") == .f32)
    #expect(SafeTensorsDType(option: "float64") == .f64)
    #expect(SafeTensorsDType(option: "f16") == nil)
  }

  /// The reference package reads what nnsh writes (skipped without it).
  @Test func pythonReadsOurFile() throws {
    let W = try Matrix(rowsOf: [[1, 2], [3, 4], [5, 6.5]])
    let f = SafeTensorsFile(
      tensors: [
        SafeTensor(name: "W1", matrix: W), SafeTensor(name: "b1", matrix: try Matrix(column: [0.5, -1, 2]), vector: true),
        SafeTensor(name: "W1f", matrix: W, dtype: .f32),
      ],
      metadata: ["layers": "dense 2 -> 3 relu", "σ": "∂"])
    let path = temporaryPath(".safetensors")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try f.write(path: path)
    let script = """
      from safetensors.numpy import load_file
      from safetensors import safe_open
      t = load_file(sys.argv[1])
      with safe_open(sys.argv[1], framework="np") as h:
          meta = h.metadata()
      print(t["W1"].dtype, t["W1"].shape, t["W1"].tolist())
      print(t["b1"].dtype, t["b1"].shape, t["b1"].tolist())
      print(t["W1f"].dtype, t["W1f"].tolist())
      print(sorted(meta.items()))
      """
    guard let out = S.python(script, [path], modules: ["numpy", "safetensors"]) else { return }
    #expect(
      out == """
        float64 (3, 2) [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5]]
        float64 (3,) [0.5, -1.0, 2.0]
        float32 [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5]]
        [('layers', 'dense 2 -> 3 relu'), ('σ', '∂')]

        """)
  }

  /// And nnsh reads what the reference package writes now, not only the committed fixtures.
  @Test func weReadWhatPythonWritesNow() throws {
    let path = temporaryPath(".safetensors")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let script = """
      import numpy as np
      from safetensors.numpy import save_file
      save_file({"a": np.arange(6, dtype=np.float64).reshape(2, 3) / 7, "z": np.array([-1.5], dtype=np.float16)},
                sys.argv[1], metadata={"k": "v"})
      print("ok")
      """
    guard let out = S.python(script, [path], modules: ["numpy", "safetensors"]) else { return }
    #expect(out == "ok\n")
    let f = try SafeTensorsFile.read(path: path)
    #expect(f["a"]?.values == (0..<6).map { Double($0) / 7 })
    #expect(f["z"]?.values == [-1.5])
    #expect(f.metadata == ["k": "v"])
  }
}

extension SafeTensorsFile {
  /// `f[name: "x"]`, the same as `f["x"]` (reads better next to `#expect`).
  subscript(name name: String) -> SafeTensor? { self[name] }
}
