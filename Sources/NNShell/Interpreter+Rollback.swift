import NNEngine

/// A failed statement leaves the random generator where it was.
///
/// Statements check what they can before they change anything, but some draw random
/// numbers before they meet their error: `let a = rand(2,2) + [1 2 3]` draws four numbers
/// and then fails on the shapes. Since a failed statement leaves the session as it was,
/// the generator is put back to its state before the statement began, so
///
///     seed 1; let a = rand(2,2) + [1 2 3]     (fails)
///     rand(1,2)                               the same numbers as right after `seed 1`
///
/// Statements that keep the work they completed when they fail keep the generator where
/// that work left it: `repeat`, `time` and `source` (the statements already run stay run,
/// and each inner statement that fails restores its own draws first), and `train` (the
/// epochs and batches done stay done, with the shuffles they drew). An interruption
/// (Ctrl-C) is not a failure: what ran stays, generator included.
extension Interpreter {
  func execute(_ s: Statement) throws {
    if s.kind.keepsCompletedWork { return try dispatch(s) }
    let generatorBefore = generator
    do {
      try dispatch(s)
    } catch let signal as ControlSignal {
      throw signal
    } catch {
      generator = generatorBefore
      throw error
    }
  }
}

extension StatementKind {
  /// Statements that, when they fail part-way, keep what they completed.
  var keepsCompletedWork: Bool {
    switch self {
    case .repeat, .time, .source, .train: return true
    default: return false
    }
  }
}
