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

  /// Each walkthrough asserts its claim, and no check it prints fails (a `gradcheck` on
  /// dead units once printed FAILED while the asserts passed on 0 = 0).
  @Test(arguments: files)
  func walkthroughAssertsAndNoCheckFails(_ file: String) throws {
    let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
    #expect(text.contains("\nassert "), "\(file) asserts nothing")
    #expect(text.contains("\nexercise "), "\(file) has no exercise")
    let r = try BinaryRunner.run(["run", Self.folder.appendingPathComponent(file).path])
    #expect(!r.stdout.contains("FAILED"), "\(file): \(r.stdout)")
  }

  /// Each walkthrough prints exactly its golden output, `Tests/Walkthroughs/NAME.out`
  /// (times masked as in `GoldenScriptTests`; `NNSH_UPDATE_GOLDEN=1` rewrites them), so a
  /// change to a lesson's numbers or narration shows in review.
  @Test(arguments: files)
  func walkthroughPrintsItsGolden(_ file: String) throws {
    let r = try BinaryRunner.run(["run", file], directory: Self.folder)
    #expect(r.status == 0, "\(file): \(r.stderr)")
    let actual = GoldenScriptTests.masked(r.stdout)
    let goldens = BinaryRunner.packageRoot.appendingPathComponent("Tests/Walkthroughs")
    let golden = goldens.appendingPathComponent(String(file.dropLast(3)) + ".out")
    if GoldenScriptTests.updating {
      try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
      try actual.write(to: golden, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(actual == expected, "\(file): stdout differs from Tests/Walkthroughs/\(golden.lastPathComponent)")
  }

  @Test func backpropagationRunsOnLiveUnits() throws {
    let r = try BinaryRunner.run(["run", Self.folder.appendingPathComponent("06-backprop.nn").path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("gradcheck passed"))
    #expect(!r.stdout.contains("h = 0.5,"))
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
