#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Testing
@testable import NNData

/// `DirectoryEntries` reads each name up to its zero through a pointer. Loading `d_name`
/// as a value (the old code) copied 256 bytes and could read past glibc's buffer: a crash
/// that needs a record to end just before an unmapped page, so no test can force it; these
/// check that the pointer reading gives every name exactly, short, long and not ASCII.
@Suite struct DirectoryEntriesTests {
  @Test func everyNameIsReadWholeAndNothingElse() throws {
    let folder = try temporaryFolder()
    defer { removeFolder(folder) }
    var expected: Set<String> = []
    // Names of every length up to the 255 bytes a name may have, so records of every
    // size are packed into readdir's buffer, plus two-byte characters.
    for length in stride(from: 1, through: 255, by: 3) {
      expected.insert(String(repeating: "n", count: length))
    }
    expected.insert("é")
    expected.insert(String(repeating: "é", count: 127))  // 254 bytes
    for name in expected {
      let fd = open(folder + "/" + name, O_WRONLY | O_CREAT | O_EXCL, 0o644)
      #expect(fd >= 0, "cannot create \(name.utf8.count)-byte name")
      close(fd)
    }
    mkdir(folder + "/sub", 0o755)
    let entries = try #require(DirectoryEntries.read(folder))
    #expect(Set(entries.map(\.name)) == expected.union(["sub"]))
    #expect(entries.count == expected.count + 1)  // no `.` or `..`
    #expect(entries.first { $0.name == "sub" }?.type == UInt8(DT_DIR))
    #expect(DirectoryEntries.read(folder + "/missing") == nil)
  }

  @Test func staleTemporariesAreRemovedFromALargeFolder() throws {
    let folder = try temporaryFolder()
    defer { removeFolder(folder) }
    for i in 0..<2000 {
      let fd = open(folder + "/file-\(i)-" + String(repeating: "x", count: i % 200), O_WRONLY | O_CREAT, 0o644)
      close(fd)
    }
    // A temporary of a process that no longer exists (pid 2³¹−2 is never running).
    let stale = folder + "/.w.safetensors.2147483646-abc.tmp"
    close(open(stale, O_WRONLY | O_CREAT, 0o644))
    for _ in 0..<20 { try AtomicFile.write(Array("data".utf8), to: folder + "/w.safetensors") }
    var info = stat()
    #expect(stat(stale, &info) != 0)
    #expect((DirectoryEntries.read(folder) ?? []).count == 2001)
  }

  private func temporaryFolder() throws -> String {
    var template = Array("/tmp/nnsh-dirents-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    try #require(made != nil)
    return String(cString: template)
  }

  private func removeFolder(_ folder: String) {
    for (name, type) in DirectoryEntries.read(folder) ?? [] {
      if type == UInt8(DT_DIR) { rmdir(folder + "/" + name) } else { unlink(folder + "/" + name) }
    }
    rmdir(folder)
  }
}
