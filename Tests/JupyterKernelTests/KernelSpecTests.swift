import Foundation
import Testing

@testable import JupyterKernel

/// `nnsh kernel install`: where the spec goes, what it says, and that a folder that cannot
/// be written leaves nothing behind.
@Suite("kernel spec")
struct KernelSpecTests {
  @Test("--user honours JUPYTER_DATA_DIR, then ~/.local/share/jupyter; --prefix uses share/jupyter")
  func folders() {
    #expect(KernelSpec.folder(for: .user, environment: ["JUPYTER_DATA_DIR": "/d", "HOME": "/h"]) == "/d/kernels/nnsh")
    #expect(KernelSpec.folder(for: .user, environment: ["HOME": "/h"]) == "/h/.local/share/jupyter/kernels/nnsh")
    #expect(KernelSpec.folder(for: .prefix("/p")) == "/p/share/jupyter/kernels/nnsh")
  }

  @Test("kernel.json starts this executable with the connection file and asks for SIGINT interrupts")
  func json() throws {
    let text = KernelSpec.json(executable: "/opt/bin/nnsh")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["argv"] as? [String] == ["/opt/bin/nnsh", "kernel", "run", "-f", "{connection_file}"])
    #expect(object["display_name"] as? String == "nnsh")
    #expect(object["language"] as? String == "nnsh")
    #expect(object["interrupt_mode"] as? String == "signal")
  }

  @Test("installing under a new prefix makes its folders and writes kernel.json")
  func install() throws {
    let prefix = NSTemporaryDirectory() + "nnsh-spec-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let folder = try KernelSpec.install(.prefix(prefix), executable: "/x/nnsh")
    #expect(folder == prefix + "/share/jupyter/kernels/nnsh")
    #expect(FileManager.default.contents(atPath: folder + "/kernel.json").map { String(decoding: $0, as: UTF8.self) } == KernelSpec.json(executable: "/x/nnsh"))
  }

  @Test("a prefix that cannot be written is a clear error, and the folders made on the way are removed")
  func unwritable() throws {
    let base = NSTemporaryDirectory() + "nnsh-ro-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: base) }
    // A file where a folder must go: the same refusal for root and everyone else.
    FileManager.default.createFile(atPath: base + "/share", contents: Data())
    #expect {
      try KernelSpec.install(.prefix(base), executable: "/x/nnsh")
    } throws: { error in
      (error as? KernelSpec.Problem)?.description.contains(base + "/share") == true
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: base) == ["share"])
    #expect(throws: KernelSpec.Problem.self) { try KernelSpec.install(.prefix("/proc/nnsh-test"), executable: "/x/nnsh") }
  }
}
