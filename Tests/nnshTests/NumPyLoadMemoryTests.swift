import Foundation
import Testing

/// Issue 18, loading without copies: `load "X.npy" "y.npy"` holds the data once. The
/// file was read whole and then decoded into a second full array (and copied a third
/// time into the matrix), peaking at twice the array's size or more; now the float64
/// bytes go straight into the matrix's storage and other types through one 1 MiB chunk.
/// Measured as the peak resident set of the real binary, against the same binary at rest.
@Suite struct NumPyLoadMemoryTests {
  static let samples = 16_000, features = 500  // 64 MB of float64

  /// A .npy file of `descr` and `shape` holding `payload`, the elements' bytes.
  static func write(_ path: String, descr: String, shape: [Int], payload: [UInt8]) throws {
    let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
    header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
    let h = Array(header.utf8)
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
    try Data(magic + h + payload).write(to: URL(fileURLWithPath: path))
  }

  func peak(loading x: String, _ y: String, tag: String) throws -> (atRest: Int, loading: Int) {
    let rest = try BinaryRunner.peakOfRun(text: "print \"at rest\"\n", named: "rest-\(tag).nn")
    let run = try BinaryRunner.peakOfRun(text: "load \"\(x)\" \"\(y)\"\n", named: "load-\(tag).nn")
    #expect(rest.status == 0)
    #expect(run.status == 0, "the load failed")
    #expect(rest.peakBytes > 0, "no VmHWM")
    return (rest.peakBytes, run.peakBytes)
  }

  @Test(arguments: ["<f8", "<f4"])
  func loadingPeaksAtTheArraysSize(descr: String) throws {
    let folder = NSTemporaryDirectory() + "/nnsh-npy-peak-\(getpid())-\(descr.dropFirst())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let n = Self.samples, d = Self.features
    let count = n * d
    let payload = descr == "<f8"
      ? (0..<count).map { Double($0 % 1000) }.withUnsafeBytes { Array($0) }
      : (0..<count).map { Float($0 % 1000) }.withUnsafeBytes { Array($0) }
    try Self.write(folder + "/X.npy", descr: descr, shape: [n, d], payload: payload)
    try Self.write(folder + "/y.npy", descr: "<i8", shape: [n], payload: (0..<n).map { Int64($0 % 10) }.withUnsafeBytes { Array($0) })
    let (rest, loading) = try peak(loading: folder + "/X.npy", folder + "/y.npy", tag: String(descr.dropFirst()))
    let data = 8 * n * d
    // The data once, a tenth more for Y (one-hot, 10 × n), the chunk and the allocator.
    #expect(
      loading - rest <= data + data / 10,
      "loading \(descr): peak \(loading / 1_000_000) MB, at rest \(rest / 1_000_000) MB, data \(data / 1_000_000) MB")
  }
}
