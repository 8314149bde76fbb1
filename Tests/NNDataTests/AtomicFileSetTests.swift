import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import NNData
import NNEngine

/// `AtomicFile.writeSet` (export torch's files): every file or none, the folder as it was.
@Suite struct AtomicFileSetTests {
  typealias S = SafeTensorsTestSupport

  static let files: [(name: String, bytes: [UInt8])] = [("model.py", [1]), ("train.py", [2, 2]), ("model.safetensors", [3, 3, 3])]

  @Test func writesEveryFile() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try AtomicFile.writeSet(Self.files, into: folder + "/ex")
    #expect(S.listing(folder + "/ex") == ["model.py", "model.safetensors", "train.py"])
    #expect(try FileBytes.read(path: folder + "/ex/model.safetensors") == [3, 3, 3])
  }

  /// The second or third file failing: the old files are untouched and nothing new or
  /// hidden is left beside them.
  @Test(arguments: [1, 2], [AtomicFile.Step.write, .rename])
  func aFailureLeavesTheFolderAsItWas(_ file: Int, _ step: AtomicFile.Step) throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try AtomicFile.write(Array("old".utf8), to: folder + "/model.py")
    #expect {
      try AtomicFile.writeSet(Self.files, into: folder, failing: (file, step, ENOSPC))
    } throws: { error in
      (error as? DataError) == .cannotWrite(file: folder + "/" + Self.files[file].name, reason: "No space left on device")
    }
    #expect(S.listing(folder) == ["model.py"])
    #expect(try FileBytes.read(path: folder + "/model.py") == Array("old".utf8))
  }

  @Test func aFolderItMadeIsRemovedAgain() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: DataError.self) { try AtomicFile.writeSet(Self.files, into: folder + "/new", failing: (2, .sync, EIO)) }
    #expect(S.listing(folder).isEmpty)
  }

  /// A folder where a file of the set should go is refused before anything is written.
  @Test func aFolderInTheWayIsRefusedFirst() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(mkdir(folder + "/model.safetensors", 0o755) == 0)
    #expect {
      try AtomicFile.writeSet(Self.files, into: folder)
    } throws: { error in
      (error as? DataError) == .cannotWrite(file: folder + "/model.safetensors", reason: "it is a folder")
    }
    #expect(S.listing(folder) == ["model.safetensors"])
  }

  @Test func aFileWhereTheFolderShouldBeIsRefused() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try AtomicFile.write([9], to: folder + "/ex")
    #expect {
      try AtomicFile.writeSet(Self.files, into: folder + "/ex")
    } throws: { error in
      (error as? DataError) == .cannotWrite(file: folder + "/ex", reason: "it is a file, not a folder")
    }
    #expect(try FileBytes.read(path: folder + "/ex") == [9])
  }

  /// The whole export (model, train.py and its files) is one set: train.py being a folder
  /// stops it before model.py is replaced.
  @Test func theTorchExportIsOneSet() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 1))
    var g = RandomGenerator(seed: 1)
    Initializer.normal(std: 1).initialize(&net, using: &g)
    let d = try Dataset(name: "line", X: Matrix(rowsOf: [[1, 2, 3], [0, 1, 0]]), Y: Matrix(rowsOf: [[1, 3, 3]]))
    let setup = TorchTrainingSetup(rule: .sgd, learningRate: 0.1, epochs: 2, batch: 3, initial: net)
    try AtomicFile.write(Array("old".utf8), to: folder + "/model.py")
    #expect(mkdir(folder + "/train.py", 0o755) == 0)
    #expect(throws: DataError.self) { try TorchExport.write(net, to: folder, version: "0", training: (d, setup)) }
    #expect(S.listing(folder) == ["model.py", "train.py"])
    #expect(try FileBytes.read(path: folder + "/model.py") == Array("old".utf8))
    #expect(rmdir(folder + "/train.py") == 0)
    let names = try TorchExport.write(net, to: folder, version: "0", training: (d, setup))
    #expect(names == ["model.py", "model.safetensors", "train.py", "split.json", "initial.safetensors", "X.npy", "Y.npy", "README.md"])
    #expect(S.listing(folder) == names.sorted())
  }
}
