import Foundation
import Testing

/// Every walkthrough runs unattended under `nnsh run` (its asserts prove that the hand
/// computation and the engine agree), and `nnsh learn` lists them all.
@Suite struct WalkthroughTests {
  static var folder: URL { BinaryRunner.packageRoot.appendingPathComponent("scripts/walkthroughs") }

  static var files: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".nn") }.sorted()
  }

  @Test func thereAreAtLeastEight() {
    #expect(Self.files.count >= 8)
  }

  @Test(arguments: files)
  func walkthroughPasses(_ file: String) throws {
    let r = try BinaryRunner.run(["run", Self.folder.appendingPathComponent(file).path])
    #expect(r.status == 0, "\(file): \(r.stderr)")
    #expect(r.stderr.isEmpty)
  }

  @Test func learnListsThemAndRunsOneFromAnyDirectory() throws {
    let list = try BinaryRunner.run(["learn"], directory: URL(fileURLWithPath: "/"))
    #expect(list.status == 0)
    #expect(list.stdout.split(separator: "\n").count == Self.files.count + 1)
    let one = try BinaryRunner.run(["learn", "2"], input: "\n\n\n", directory: URL(fileURLWithPath: "/"))
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("nnsh> let z = w' * x + b"))
    let missing = try BinaryRunner.run(["learn", "99"])
    #expect(missing.status == 2)
  }
}
