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

  /// A link is followed: the file it points to is replaced (atomically, in its own
  /// folder) and the link stays a link — through a chain, a relative link, a dangling one.
  @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/models", withIntermediateDirectories: false)
    try AtomicFile.write([1], to: folder + "/models/v1.bin")
    #expect(symlink("models/v1.bin", folder + "/current.bin") == 0)  // relative
    #expect(symlink(folder + "/current.bin", folder + "/chain.bin") == 0)  // absolute, to a link
    try AtomicFile.write([2, 2], to: folder + "/chain.bin")
    #expect(try FileBytes.read(path: folder + "/models/v1.bin") == [2, 2])
    var info = stat()
    #expect(lstat(folder + "/current.bin", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    #expect(lstat(folder + "/chain.bin", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    #expect(S.listing(folder + "/models") == ["v1.bin"])
    // A dangling link creates the file it names.
    #expect(symlink("models/new.bin", folder + "/dangling.bin") == 0)
    try AtomicFile.write([3], to: folder + "/dangling.bin")
    #expect(try FileBytes.read(path: folder + "/models/new.bin") == [3])
    // A loop of links is an error, not a hang.
    #expect(symlink("loop2", folder + "/loop1") == 0)
    #expect(symlink("loop1", folder + "/loop2") == 0)
    #expect(dataError { try AtomicFile.write([1], to: folder + "/loop1") }?.description.contains("symbolic links") == true)
  }

  /// A FIFO, a device or a socket is refused at once (a FIFO would block the open until a
  /// reader came) and stays what it was; reading one is refused too.
  @Test func aTargetThatIsNotARegularFileIsRefused() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let fifo = folder + "/f.npy"
    #expect(mkfifo(fifo, 0o644) == 0)
    #expect(dataError { try AtomicFile.write([1], to: fifo) } == .cannotWrite(file: fifo, reason: "it is a named pipe (FIFO), not a regular file"))
    #expect(dataError { try FileBytes.read(path: fifo) } == .cannotRead(file: fifo, reason: "it is a named pipe (FIFO), not a regular file"))
    var info = stat()
    #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    #expect(dataError { try AtomicFile.write([1], to: "/dev/null") } == .cannotWrite(file: "/dev/null", reason: "it is a device, not a regular file"))
    #expect(dataError { try FileBytes.read(path: "/dev/zero") } == .cannotRead(file: "/dev/zero", reason: "it is a device, not a file"))
    #expect(S.listing(folder) == ["f.npy"])
  }

  /// The temporary file of a process that was killed (SIGKILL) is removed by the next
  /// write of the same file; one of a live process is left alone.
  @Test func leftoversOfDeadProcessesAreRemoved() throws {
    let folder = try S.makeFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // A pid that no process has: the largest possible.
    var dead: pid_t = 4_194_304
    while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
    try AtomicFile.write([1], to: folder + "/.m.bin.\(dead)-abc.tmp")
    try AtomicFile.write([1], to: folder + "/.m.bin.1-abc.tmp")  // pid 1 is alive
    try AtomicFile.write([1], to: folder + "/.other.bin.\(dead)-abc.tmp")
    try AtomicFile.write([2], to: folder + "/m.bin")
    #expect(S.listing(folder) == [".m.bin.1-abc.tmp", ".other.bin.\(dead)-abc.tmp", "m.bin"])
  }
}
