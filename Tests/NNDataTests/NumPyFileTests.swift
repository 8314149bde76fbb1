import Foundation
import NNEngine
import Testing

@testable import NNData

/// `.npy` files written by NumPy itself (see Fixtures/make_fixtures.py), files written by
/// nnsh, and malformed files.
@Suite struct NumPyFileTests {
  static let grid: [Double] = [1.0, 2.5, -3.0, 4.0, 5.0, 6e-3]
  static let ints: [Double] = [1, -2, 3, 4, 5, -6]
  static let uints: [Double] = [1, 2, 3, 4, 5, 250]

  func read(_ name: String) throws -> NumPyArray { try NumPyFile.read(path: Fixtures.path(name)) }

  @Test func float64InEveryLayoutAndVersion() throws {
    for name in ["f8.npy", "f8_fortran.npy", "f8_big.npy", "f8_v2.npy", "f8_v3.npy"] {
      let a = try read(name)
      #expect(a.shape == [2, 3], "\(name)")
      #expect(a.values == Self.grid, "\(name)")
      #expect(!a.isInteger)
      let m = try a.matrix()
      #expect(m.rowArrays == [[1.0, 2.5, -3.0], [4.0, 5.0, 6e-3]], "\(name)")
    }
    #expect(try read("f8_big.npy").dtype == ">f8")
  }

  @Test func smallerFloats() throws {
    let f4 = try read("f4.npy")
    #expect(f4.values == Self.grid.map { Double(Float($0)) })
    #expect(f4.values[5] == 0.006000000052154064)
    let f2 = try read("f2.npy")
    #expect(Array(f2.values[0..<5]) == [1.0, 2.5, -3.0, 4.0, 5.0])
    #expect(f2.values[5] == 0.006000518798828125)
    #expect(NumPyFile.ElementType.half(0x7C00) == .infinity)
    #expect(NumPyFile.ElementType.half(0x0001) == 0x1p-24)
    #expect(NumPyFile.ElementType.half(0xC000) == -2)
  }

  @Test func integerAndBoolTypes() throws {
    for name in ["i8.npy", "i4.npy", "i2.npy", "i1.npy", "i4_big.npy"] {
      let a = try read(name)
      #expect(a.values == Self.ints, "\(name)")
      #expect(a.isInteger, "\(name)")
      #expect(a.shape == [2, 3])
    }
    for name in ["u8.npy", "u4.npy", "u2.npy", "u1.npy"] {
      let a = try read(name)
      #expect(a.values == Self.uints, "\(name)")
      #expect(a.isInteger)
    }
    let b = try read("b1.npy")
    #expect(b.values == [1, 0, 1, 0, 0, 1])
    #expect(b.isInteger)
    #expect(b.dtype == "|b1")
  }

  @Test func dimensions() throws {
    let v = try read("vector.npy")
    #expect(v.shape == [3])
    #expect(try v.matrix().shape == Shape(3, 1))  // a 1-d array is a column
    let s = try read("scalar.npy")
    #expect(s.shape == [])
    #expect(try s.matrix() == Matrix(scalar: 7.25))
    let cube = try read("cube.npy")
    #expect(cube.shape == [2, 3, 4])
    #expect(cube.values == (0..<24).map(Double.init))
    #expect(try read("cube_fortran.npy").values == cube.values)
    #expect(dataError { try cube.matrix() } != nil)
    let empty = try read("empty.npy")
    #expect(empty.shape == [0, 3])
    #expect(empty.values.isEmpty)
    #expect(dataError { try empty.matrix() } != nil)
  }

  @Test func refusesWhatItDoesNotHandle() {
    for name in ["object.npy", "structured.npy", "complex.npy", "strings.npy"] {
      guard case .unsupportedNumPy(let file, let reason)? = dataError({ try read(name) }) else {
        Issue.record("\(name) was not refused as unsupported")
        continue
      }
      #expect(file.hasSuffix(name))
      #expect(!reason.isEmpty)
    }
    #expect(dataError { try read("object.npy") }?.description.contains("object arrays") == true)
  }

  /// A .npy file with the given header text and data bytes (version 1.0).
  func npy(_ header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
    let h = Array(header.utf8)
    return NumPyFile.magic + [version, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
  }

  func invalid(_ bytes: [UInt8]) -> Bool {
    switch dataError({ try NumPyFile.decode(bytes, file: "bad.npy") }) {
    case .invalidNumPy?, .unsupportedNumPy?: return true
    default: return false
    }
  }

  @Test func refusesMalformedFiles() throws {
    let good = try Fixtures.bytes("f8.npy")
    let eight = [UInt8](repeating: 0, count: 8)
    #expect(!invalid(good))
    #expect(invalid([]))
    #expect(invalid(Array("hello world, not numpy".utf8)))
    #expect(invalid(Array(good[0..<9])))  // ends inside the header length
    #expect(invalid(Array(good[0..<60])))  // ends inside the header
    #expect(invalid(Array(good.dropLast())))  // one data byte short
    #expect(invalid(good + [0]))  // one byte too many
    var version = good
    version[6] = 4
    #expect(invalid(version))
    var huge = good
    huge[8] = 0xFF
    huge[9] = 0xFF  // header length 65535, beyond the file
    #expect(invalid(huge))
    #expect(invalid(npy("{'descr': '<f8', 'shape': (1,), }\n", data: eight)))  // no fortran_order
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), \n", data: eight)))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }\n", data: eight)))
    #expect(invalid(npy("{'descr': '<x9', 'fortran_order': False, 'shape': (1,), }\n", data: eight)))
    #expect(invalid(npy("{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }\n", data: eight)))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }\n", data: eight)))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,), }\n", data: eight)))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }\n")))
    #expect(
      invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }\n")))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }\n")))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } junk\n", data: eight)))
    #expect(invalid(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (((((((((((((((((((((((((((((((((((1,),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),), }\n")))
    #expect(invalid(npy("{'descr': '<f8", data: eight)))
    // Python 2's long integers and double quotes are fine.
    let old = npy("{\"descr\": '<f8', 'fortran_order': False, 'shape': (1L,), }\n", data: eight)
    #expect(try NumPyFile.decode(old, file: "old.npy").values == [0])
    // Every truncation of a valid file is refused without trapping.
    for cut in 0..<good.count { #expect(invalid(Array(good[0..<cut]))) }
  }

  @Test func encodesExactlyAsNumPy() throws {
    let m = try Matrix(rowsOf: [[1.0, 2.5, -3.0], [4.0, 5.0, 6e-3]])
    #expect(NumPyFile.encode(NumPyArray(m)) == (try Fixtures.bytes("f8.npy")))
    #expect(NumPyFile.encode(try NumPyArray(shape: [3], values: [1, 2, 3])) == (try Fixtures.bytes("vector.npy")))
    #expect(NumPyFile.encode(try NumPyArray(shape: [], values: [7.25])) == (try Fixtures.bytes("scalar.npy")))
    #expect(NumPyFile.encode(try NumPyArray(shape: [0, 3], values: [])) == (try Fixtures.bytes("empty.npy")))
    #expect(NumPyFile.encode(try read("cube.npy")) == (try Fixtures.bytes("cube.npy")))
  }

  @Test func writeThenReadRoundTrips() throws {
    var g = RandomGenerator(seed: 3)
    var m = try Matrix(rows: 7, cols: 5)
    for k in 0..<m.count { m.storage[k] = g.normal() * 1e3 }
    let path = temporaryPath(".npy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try NumPyFile.write(m, path: path)
    let back = try NumPyFile.read(path: path)
    #expect(back.shape == [7, 5])
    #expect(try back.matrix() == m)
    #expect(back.values.count == 35)
    #expect(dataError { try NumPyFile.write(m, path: "/nonexistent/dir/m.npy") } != nil)
  }

  /// numpy.load reads what nnsh writes (skipped when python3 with NumPy is not on PATH).
  @Test func numpyLoadsOurFile() throws {
    let env = "/usr/bin/env"
    guard FileManager.default.isExecutableFile(atPath: env) else { return }
    let m = try Matrix(rowsOf: [[1, 2, 3], [4, 5, 6.5]])
    let path = temporaryPath(".npy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try NumPyFile.write(m, path: path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: env)
    process.arguments = [
      "python3", "-c",
      "import sys\ntry:\n import numpy as np\nexcept ImportError:\n print('skip'); sys.exit(0)\n"
        + "a = np.load(sys.argv[1]); print(a.shape, a.dtype, a.flags['C_CONTIGUOUS'], a.tolist())",
      path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0, !output.hasPrefix("skip") else { return }
    #expect(output.trimmingCharacters(in: .whitespacesAndNewlines)
      == "(2, 3) float64 True [[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]]")
  }
}
