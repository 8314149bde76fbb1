import Testing

@testable import NNEngine
@testable import NNShell

/// The `exercise` statement and the lesson hooks, through the interpreter: how answers
/// are compared and worded, where errors inside a solution's string point, what an
/// assert proved in learn mode, and the pause handler.
@Suite struct ExerciseTests {
  static func matrix(_ rows: [[Double]]) throws -> Matrix {
    try Matrix(rows: rows.count, cols: rows[0].count, columnMajor: (0..<rows[0].count).flatMap { j in rows.map { $0[j] } })
  }

  @Test func aWrongShapeIsNamedBeforeAnyValue() throws {
    let expected = try Self.matrix([[1], [2], [3], [4]])
    let got = try Self.matrix([[1, 2, 3, 4]])
    #expect(
      ExerciseProgress.difference(got, expected, tolerance: 1e-9, answer: "dz2", yours: "you have")
        == "expected a 4×1 column (the shape of dz2), got a 1×4 row")
    #expect(
      ExerciseProgress.difference(try Self.matrix([[1]]), expected, tolerance: 1e-9, answer: "W1' * x", yours: "you have")
        == "expected a 4×1 column (the answer's shape), got a number (1×1)")
  }

  @Test func theEntriesThatDifferAreListedWithBothValues() throws {
    let expected = try Self.matrix([[0.1], [0.12], [0.3], [0.5]])
    let two = try Self.matrix([[0.1], [0.31], [0.3], [0]])
    #expect(
      ExerciseProgress.difference(two, expected, tolerance: 1e-9, answer: "dz2", yours: "you have")
        == "entries (2,1) and (4,1) differ: you have 0.31 and 0, expected 0.12 and 0.5")
    let one = try Self.matrix([[0.1], [0.12], [0.3], [0.5000001]])
    // As many digits as it takes to tell them apart.
    #expect(
      ExerciseProgress.difference(one, expected, tolerance: 1e-9, answer: "dz2", yours: "you have")
        == "entry (4,1) differs: you have 0.5000001, expected 0.5")
    #expect(ExerciseProgress.difference(expected, expected, tolerance: 0, answer: "dz2", yours: "you have") == nil)
    let nan = try Self.matrix([[0.1], [0.12], [0.3], [.nan]])
    #expect(ExerciseProgress.difference(nan, expected, tolerance: 1, answer: "dz2", yours: "you have") != nil)
  }

  @Test func theToleranceIsRelativeForLargeValues() throws {
    let expected = try Self.matrix([[1e6]])
    #expect(ExerciseProgress.difference(try Self.matrix([[1e6 + 1e-4]]), expected, tolerance: 1e-9, answer: "J", yours: "you have") == nil)
    #expect(
      ExerciseProgress.difference(try Self.matrix([[1e6 + 1]]), expected, tolerance: 1e-9, answer: "J", yours: "you have")
        == "you have 1000001, expected 1000000")
  }

  static func run(_ text: String, learn: Bool = false) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    shell.echoStatements = learn
    return (shell, console, shell.run(SourceText(name: "t.nn", text: text)))
  }

  @Test func unattendedTheSolutionIsChecked() {
    let (_, console, outcome) = Self.run("let x = [1; 2]\nexercise \"Double x\" answer=2 * x solution=\"x + x\"")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output == "exercise: Double x ✓ (solution checks)\n")
  }

  @Test func anErrorInsideTheSolutionPointsIntoTheString() {
    let (_, console, outcome) = Self.run("let x = [1; 2]\nexercise \"t\" answer=x solution=\"x * x\"")
    #expect(outcome == .failed)
    #expect(console.errors.hasPrefix("t.nn:2:33: error: cannot multiply x (2×1) by x (2×1)"), "\(console.errors)")
    // A string with an escape has no byte-for-byte map: the whole literal is underlined.
    let (_, escaped, _) = Self.run("let x = [1; 2]\nexercise \"t\" answer=x solution=\"x * \\\"a\\\"\"")
    #expect(escaped.errors.hasPrefix("t.nn:2:32: error:"), "\(escaped.errors)")
  }

  @Test func theSolutionIsParsedBeforeAnythingRuns() {
    let (shell, console, outcome) = Self.run("let x = 1\nexercise \"t\" answer=x solution=\"(x + \"")
    #expect(outcome == .failed)
    #expect(shell.variables["x"] == nil, "nothing ran")
    #expect(console.errors.hasPrefix("t.nn:2:"), "\(console.errors)")
  }

  @Test func aFailedExerciseChangesNothing() {
    let (shell, _, outcome) = Self.run("seed 1\nlet x = [1; 2]\nexercise \"t\" answer=x solution=\"x + rand(2, 1)\"")
    #expect(outcome == .failed)
    var fresh = RandomGenerator(seed: 1)
    var after = shell.generator
    #expect(after.next() == fresh.next(), "the generator is where it was before the exercise")
  }

  @Test func theLearnersAnswersAreCheckedAndWorded() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    var answers = ["x'", "x + [0; 1]", "show x", "2 * x"]
    var steps: [ExerciseStep] = []
    shell.exerciseHandler = { p in
      while !answers.isEmpty {
        let step = shell.respond(to: answers.removeFirst(), in: &p)
        steps.append(step)
        if step == .done { break }
      }
      return .resume
    }
    let outcome = shell.run(
      SourceText(name: "t.nn", text: "let x = [1; 2]\nexercise \"Double x\" answer=2 * x solution=\"x + x\" hint=\"twice\"\nprint \"on\""))
    #expect(outcome == .completed, "\(console.errors)")
    #expect(steps == [.again, .again, .statement, .done])
    #expect(
      console.output == """
        exercise: Double x
          (type an expression for the answer, or 'show solution')
        ✗ expected a 2×1 column (the answer's shape), got a 1×2 row
        hint: twice
        ✗ entries (1,1) and (2,1) differ: you have 1 and 3, expected 2 and 4
        ✓ right (2×1)
        on

        """)
  }

  @Test func inLearnModeAnAssertShowsWhatItProved() {
    let (_, console, outcome) = Self.run("let J0 = 0.5\nlet J = 0.25\nassert J < J0\nassert [1; 2] == [1; 2] tol=1e-9\nassert J", learn: true)
    #expect(outcome == .completed, "\(console.errors)")
    #expect(
      console.output == """
        nnsh> let J0 = 0.5
        nnsh> let J = 0.25
        nnsh> assert J < J0
        ✓ J < J0  (0.25 < 0.5)
        nnsh> assert [1; 2] == [1; 2] tol=1e-9
        ✓ [1; 2] == [1; 2] tol=1e-9  (2×1, every entry within 1e-9)
        nnsh> assert J
        ✓ J  (every entry non-zero)

        """)
    let (_, plain, _) = Self.run("assert 1 < 2")
    #expect(plain.output.isEmpty, "nnsh run shows nothing for an assert that holds")
  }

  @Test func thePauseHandlerIsCalledAtEachPauseAndCanEndTheRun() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    var reached: [Int] = []
    shell.pauseHandler = { k in
      reached.append(k)
      return k == 2 ? .leave : .resume
    }
    let outcome = shell.run(SourceText(name: "t.nn", text: "pause\nlet a = 1\npause \"look\"\nlet b = 2"))
    #expect(outcome == .quit)
    #expect(reached == [1, 2])
    #expect(shell.variables["a"] != nil && shell.variables["b"] == nil)
    #expect(console.output == "look\n")
  }
}
