import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import NNData

/// Atomic replacement: the new file whole, or the old file untouched and no temporary
/// file left, with an error that names the path and the reason.
@Suite struct AtomicFileTests {
  typealias S = SafeTensorsTestSupport

  @Test func writesANewFileAndReplacesAnOldOne() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.safetensors"
    try AtomicFile.write([1, 2, 3], to: path)
    #expect(try FileBytes.read(path: path) == [1, 2, 3])
    try AtomicFile.write(Array(repeating: 7, count: 100_000), to: path)
    #expect(try FileBytes.read(path: path) == Array(repeating: 7, count: 100_000))
    try AtomicFile.write([], to: path)
    #expect(try FileBytes.read(path: path) == [])
    #expect(S.listing(folder) == ["m.safetensors"])
  }

  @Test func keepsThePermissionsOfTheFileItReplaces() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.bin"
    try AtomicFile.write([1], to: path)
    #expect(chmod(path, 0o640) == 0)
    try AtomicFile.write([2], to: path)
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o640)
  }

  /// Each step failing as the system would fail it: the old file stays, nothing is left.
  @Test(arguments: [AtomicFile.Step.create, .write, .sync, .close, .rename])
  func aFailedStepLeavesTheOldFileAndNoTemporary(_ step: AtomicFile.Step) throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.safetensors"
    try AtomicFile.write(Array("old contents".utf8), to: path)
    #expect {
      try AtomicFile.write(Array(repeating: 1, count: 4096), to: path, failing: (step, ENOSPC))
    } throws: { error in
      (error as? DataError) == .cannotWrite(file: path, reason: "No space left on device")
    }
    #expect(try FileBytes.read(path: path) == Array("old contents".utf8))
    #expect(S.listing(folder) == ["m.safetensors"])
  }

  @Test func realFailuresNameThePathAndTheReason() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let missing = folder + "/no/such/folder/m.safetensors"
    #expect(dataError { try AtomicFile.write([1], to: missing) } == .cannotWrite(file: missing, reason: "No such file or directory"))
    // The target is a folder: refused before anything is written, the folder untouched.
    let sub = folder + "/sub"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
    try AtomicFile.write([9], to: sub + "/keep")
    #expect(dataError { try AtomicFile.write([1], to: sub) } == .cannotWrite(file: sub, reason: "it is a folder"))
    #expect(S.listing(sub) == ["keep"])
    // A file where a folder should be.
    let notFolder = sub + "/keep/m.safetensors"
    #expect(dataError { try AtomicFile.write([1], to: notFolder) } == .cannotWrite(file: notFolder, reason: "Not a directory"))
    #expect(dataError { try AtomicFile.write([1], to: "") } == .cannotWrite(file: "", reason: "the file name is empty"))
    #expect(dataError { try AtomicFile.write([1], to: folder + "/") }?.description.contains("names a folder") == true)
    #expect(S.listing(folder) == ["sub"])
  }

  /// A folder that cannot be written. Root writes anywhere, so as root the check is made
  /// with the injected failures above instead.
  @Test func unwritableFolderKeepsTheOldFile() throws {
    guard geteuid() != 0 else { return }
    let folder = try S.makeFolder()
    defer {
      chmod(folder, 0o755)
      try? FileManager.default.removeItem(atPath: folder)
    }
    let path = folder + "/m.safetensors"
    try AtomicFile.write([1, 2], to: path)
    #expect(chmod(folder, 0o555) == 0)
    #expect(dataError { try AtomicFile.write([3], to: path) } == .cannotWrite(file: path, reason: "Permission denied"))
    #expect(try FileBytes.read(path: path) == [1, 2])
    #expect(S.listing(folder) == ["m.safetensors"])
  }

  @Test func relativePathsAndFolders() throws {
    #expect(AtomicFile.split("m.safetensors") == (".", "m.safetensors"))
    #expect(AtomicFile.split("/m") == ("/", "m"))
    #expect(AtomicFile.split("a/b/m") == ("a/b", "m"))
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try AtomicFile.makeFolder(folder + "/new")
    try AtomicFile.makeFolder(folder + "/new")  // exists: fine
    try AtomicFile.write([1], to: folder + "/new/f")
    #expect(dataError { try AtomicFile.makeFolder(folder + "/new/f") } == .cannotWrite(file: folder + "/new/f", reason: "it is a file, not a folder"))
    #expect(dataError { try AtomicFile.makeFolder(folder + "/x/y") } == .cannotWrite(file: folder + "/x/y", reason: "No such file or directory"))
  }
}
