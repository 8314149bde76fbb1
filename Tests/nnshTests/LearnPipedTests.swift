import Foundation
import Testing

/// `nnsh learn` from a pipe: each pause and exercise reads a line, so a lesson can be
/// scripted and tested without a terminal. The lesson here is small and exact.
@Suite struct LearnPipedTests {
  static let lesson = """
    print "A lesson about doubling."
    let x = [1; 2]
    pause
    let y = 2 * x
    assert y == [2; 4]
    pause
    exercise "Double x" answer=y solution="2 * x" hint="multiply x by a number"
    print "The end."
    """

  /// The lesson in a temporary folder, run as `nnsh learn lesson.nn` with `input`.
  static func learn(_ input: String) throws -> BinaryRunner.Result {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-learn-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try lesson.write(to: folder.appendingPathComponent("lesson.nn"), atomically: true, encoding: .utf8)
    return try BinaryRunner.run(["learn", "lesson.nn"], input: input, directory: folder, environment: ["NO_COLOR": "1"])
  }

  /// Each of `parts` appears in `text`, in order.
  static func inOrder(_ text: String, _ parts: [String]) -> Bool {
    var rest = text[...]
    for part in parts {
      guard let r = rest.range(of: part) else { return false }
      rest = rest[r.upperBound...]
    }
    return true
  }

  @Test func statementsRunAtAPauseAndErrorsLeaveTheSessionAsItWas() throws {
    let r = try Self.learn("show x\nshow nope\nlet x = [1; 2] * [3; 4]\nshow x\n\n\n2 * x\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      Self.inOrder(
        r.stdout,
        [
          "A lesson about doubling.", "nnsh> let x = [1; 2]", "learn lesson.nn · 1/2> show x", "x (2×1)",
          "learn lesson.nn · 1/2> show nope", "learn lesson.nn · 1/2> let x = [1; 2] * [3; 4]", "learn lesson.nn · 1/2> show x",
          "x (2×1)", "nnsh> let y = 2 * x", "nnsh> assert y == [2; 4]", "✓ y == [2; 4]  (2×1, every entry equal)",
          "learn lesson.nn · 2/2> ", "exercise: Double x", "learn lesson.nn · exercise> 2 * x", "✓ right: that is y (2×1)",
          "The end.",
        ]), "\(r.stdout)")
    #expect(r.stderr.contains("<stdin>:1:6: error: unknown name 'nope'"), "\(r.stderr)")
    #expect(r.stderr.contains("<stdin>:1:9: error: cannot multiply"), "\(r.stderr)")
  }

  @Test func backRebuildsTheSessionAtThePreviousPause() throws {
    let r = try Self.learn("\nlet x = [5; 5]\nback\nshow x\n\n\nshow solution\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      Self.inOrder(
        r.stdout,
        [
          "learn lesson.nn · 1/2> ", "learn lesson.nn · 2/2> let x = [5; 5]", "learn lesson.nn · 2/2> back",
          "(back at pause 1 of 2)", "learn lesson.nn · 1/2> show x", "x (2×1)\n  1\n  2", "learn lesson.nn · 2/2> ",
          "learn lesson.nn · exercise> show solution", "solution: y = 2 * x", "The end.",
        ]), "\(r.stdout)")
    // The replay up to pause 1 is silent: the narration before it is shown once.
    #expect(r.stdout.components(separatedBy: "A lesson about doubling.").count == 2, "\(r.stdout)")
  }

  @Test func wrongAnswersGetTheShapeThenTheEntriesThenTheHint() throws {
    let r = try Self.learn("\n\nx'\nx + [0; 1]\nshow x\nx + x\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      Self.inOrder(
        r.stdout,
        [
          "learn lesson.nn · exercise> x'", "✗ expected a 2×1 column (the shape of y), got a 1×2 row",
          "hint: multiply x by a number", "learn lesson.nn · exercise> x + [0; 1]",
          "✗ entries (1,1) and (2,1) differ: you have 1 and 3, expected 2 and 4", "learn lesson.nn · exercise> show x",
          "x (2×1)", "learn lesson.nn · exercise> x + x", "✓ right", "The end.",
        ]), "\(r.stdout)")
    // The hint comes once, after the first wrong answer.
    #expect(r.stdout.components(separatedBy: "hint:").count == 2)
  }

  @Test func threeWrongAnswersShowTheSolution() throws {
    let r = try Self.learn("\n\ny\nx\n3 * x\nx + 3\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      Self.inOrder(
        r.stdout,
        [
          "exercise> y", "✗ that is y itself", "exercise> x", "✗ entries", "exercise> 3 * x", "✗ entries",
          "exercise> x + 3", "✗ entries", "solution: y = 2 * x", "y (2×1)", "The end.",
        ]), "\(r.stdout)")
  }

  @Test func theEndOfInputRunsOnToTheEndAndQuitLeaves() throws {
    let ended = try Self.learn("")
    #expect(ended.status == 0, "\(ended.stderr)")
    #expect(Self.inOrder(ended.stdout, ["exercise: Double x", "solution: y = 2 * x", "The end."]), "\(ended.stdout)")
    #expect(!ended.stdout.contains("learn lesson.nn ·"), "no prompt is shown once the input has ended")
    let quit = try Self.learn("quit\n")
    #expect(quit.status == 0, "\(quit.stderr)")
    #expect(!quit.stdout.contains("let y"))
  }

  /// At a pause the learner may change a weight and run the forward pass again.
  @Test func aWeightChangedAtAPauseIsUsedByForward() throws {
    let lesson = "net\nlayer dense 2 -> 1\nset W1 = [1 1]\nset b1 = 0\nforward x=[1; 2]\npause\nprint \"on\"\n"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-learn-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try lesson.write(to: folder.appendingPathComponent("w.nn"), atomically: true, encoding: .utf8)
    let r = try BinaryRunner.run(
      ["learn", "w.nn"], input: "set W1[1, 2] = 0.5\nforward\n\n", directory: folder, environment: ["NO_COLOR": "1"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(Self.inOrder(r.stdout, ["forward: h = 3", "learn w.nn · 1/1> set W1[1, 2] = 0.5", "learn w.nn · 1/1> forward", "forward: h = 2", "on"]), "\(r.stdout)")
  }
}
