import NNEngine

/// `exercise "task" answer=EXPR solution="EXPR" [hint="…"] [tol=ε]`: a lesson asks the
/// learner for a value.
///
///     exercise "Compute dz2 from dz3, W3 and z2" answer=dz2 solution="(W3' * dz3) .* relu_prime(z2)"
///
/// The answer is evaluated when the exercise is reached; that is the expected value. In
/// `nnsh learn` the learner types expressions at `learn 6 · exercise> ` until one gives
/// it (`respond(to:in:)`); unattended (`nnsh run`, tests) the solution is evaluated and
/// must give it, so every lesson's exercises are checked without a learner:
///
///     exercise: Compute dz2 from dz3, W3 and z2 ✓ (solution checks)
extension Interpreter {
  func exerciseStatement(_ s: Statement) throws -> Output? {
    var progress = try exercise(s)
    if let exerciseHandler {
      try renderer.render(.narration("exercise: \(progress.task)"))
      let what = ExerciseProgress.isName(progress.answer) ? progress.answer : "the answer"
      try renderer.render(.narration("  (type an expression for \(what), or 'show solution')"))
      console.flush()
      if exerciseHandler(&progress) == .leave { throw ControlSignal.quit }
      return nil
    }
    let got = try evaluateSolution(progress)
    if let wrong = progress.difference(got, yours: "the solution gives") {
      throw error("exercise: the solution does not give \(progress.answer): \(wrong)", at: progress.solution.literal)
    }
    return .message("exercise: \(progress.task) ✓ (solution checks)")
  }

  /// The exercise's parts, checked, with the expected value.
  func exercise(_ s: Statement) throws -> ExerciseProgress {
    guard let answer = option(s, "answer"), let solution = option(s, "solution") else { throw missingArgument(s) }
    let task = try evaluateString(try value(s, "task"), "the exercise's task")
    let hint = try option(s, "hint").map { try evaluateString($0.value, "hint=") }
    var tolerance = 1e-9
    if let o = option(s, "tol") {
      tolerance = try evaluateScalar(o.value, "tol")
      guard tolerance >= 0 else {
        throw error("tol must be a non-negative number (got \(NumberFormat.format(tolerance)))", at: o.value.span)
      }
    }
    let embedded = try EmbeddedExpression.parse(solution.value, what: "solution=")
    let expected = try evaluateMatrix(answer.value)
    return ExerciseProgress(
      task: task, hint: hint, answer: String(answer.value.span.text), answerExpression: answer.value,
      expected: expected, solution: embedded, tolerance: tolerance)
  }

  /// The solution's value; an error inside it points into the script's literal.
  func evaluateSolution(_ p: ExerciseProgress) throws -> Matrix {
    do {
      return try evaluateMatrix(p.solution.expression)
    } catch let d as Diagnostic {
      throw p.solution.moved(d)
    }
  }

  /// Takes one line typed at an exercise's prompt: `show solution`, an expression (the
  /// learner's answer, compared with the expected value), or a statement (for the caller
  /// to run as at a pause). Every verdict is shown here: `✓` for a right answer, `✗` with
  /// the shape or the entries that differ for a wrong one, the author's hint after the
  /// first wrong one, the solution after `ExerciseProgress.tries` of them.
  public func respond(to line: String, in p: inout ExerciseProgress) -> ExerciseStep {
    let previous = MemoryBudget.install(memory)
    defer { MemoryBudget.current = previous }
    let text = line[...].trimmingCharacters()
    if text.split(separator: " ", omittingEmptySubsequences: true) == ["show", "solution"] {
      showSolution(p)
      return .done
    }
    let parsed = Parser.parse(SourceText(name: "<stdin>", text: line))
    if parsed.hasErrors {
      for d in parsed.diagnostics { console.writeError(d.rendered() + "\n") }
      return .again
    }
    guard parsed.statements.count == 1, let s = parsed.statements.first, s.kind == .expression,
      let e = s.arguments.first?.expression
    else { return .statement }
    if ExerciseProgress.isName(p.answer) && text == p.answer {
      show(.mistake("that is \(p.answer) itself: compute it from the values the task names"))
      return .again
    }
    // A check, not a change: an answer that draws random numbers leaves the generator be.
    let generatorBefore = generator
    defer { generator = generatorBefore }
    let got: Matrix
    do {
      got = try evaluateMatrix(e)
    } catch {
      report(error, at: e.span)
      return .again
    }
    guard let wrong = p.difference(got) else {
      show(.assertion(ExerciseProgress.isName(p.answer) ? "right: that is \(p.answer) (\(got.shape))" : "right (\(got.shape))"))
      return .done
    }
    p.wrongTries += 1
    show(.mistake(wrong))
    if p.wrongTries == 1, let hint = p.hint { show(.narration("hint: \(hint)")) }
    guard p.wrongTries < ExerciseProgress.tries else {
      showSolution(p)
      return .done
    }
    return .again
  }

  /// Shows the solution and its value (the learner gave up, ran out of tries, or input ended).
  public func showSolution(_ p: ExerciseProgress) {
    let previous = MemoryBudget.install(memory)
    defer { MemoryBudget.current = previous }
    let named = ExerciseProgress.isName(p.answer) ? "\(p.answer) = " : ""
    show(.narration("solution: \(named)\(p.solution.inner.text)"))
    do {
      show(shown(try evaluateSolution(p), p.answerExpression))
    } catch {
      report(error, at: p.solution.literal)
    }
    console.flush()
  }

  /// A result shown outside a statement (an exercise's verdicts); only a picture can fail to render.
  func show(_ o: Output) {
    try? renderer.render(o)
  }

  /// An error shown as a statement's would be, located.
  func report(_ e: Error, at span: SourceSpan) {
    let d = (e as? Diagnostic) ?? Diagnostic.error(Interpreter.message(for: e), at: span)
    console.writeError(d.rendered() + "\n")
  }
}
