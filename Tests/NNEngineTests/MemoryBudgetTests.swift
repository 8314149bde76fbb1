import Testing
@testable import NNEngine

/// The accounting of `MemoryBudget`: every matrix buffer is charged while it lives, and
/// the count goes back to where it was when the values are gone.
@Suite struct MemoryBudgetTests {
  /// Runs `body` with a fresh budget current on this thread, then restores the old one.
  func withBudget(limit: Int = 1 << 30, _ body: (MemoryBudget) throws -> Void) rethrows {
    let saved = MemoryBudget.current
    let budget = MemoryBudget(limit: limit)
    MemoryBudget.current = budget
    defer { MemoryBudget.current = saved }
    try body(budget)
  }

  @Test func liveBytesReturnToTheBaselineAfterValuesAreReleased() throws {
    try withBudget { budget in
      #expect(budget.live == 0)
      do {
        let a = try Matrix(rows: 1000, cols: 10, repeating: 1)
        #expect(budget.live == 80_000)
        let b = try a + a                       // a temporary result: one more buffer
        #expect(budget.live == 160_000)
        let c = try Matrix.product(a, b, transposeB: true)   // 1000×1000
        #expect(budget.live == 160_000 + 8_000_000)
        _ = -c                                   // an unchecked result, freed at once
        #expect(budget.live == 160_000 + 8_000_000)
        _ = (a.transposed, b.map { $0 * 2 })
      }
      #expect(budget.live == 0)
    }
  }

  @Test func copyOnWriteCopiesAreCountedOnceEach() throws {
    try withBudget { budget in
      var a = try Matrix(rows: 100, cols: 1, repeating: 0)
      let b = a                                  // shares the buffer: nothing new
      #expect(budget.live == 800)
      a[0, 0] = 1                                // the write copies: a second buffer
      #expect(budget.live == 1600)
      #expect(b[0, 0] == 0 && a[0, 0] == 1)
      a.resize(rows: 50, cols: 1)                // shrinking keeps the block
      #expect(budget.live == 1600)
    }
  }

  @Test func aCheckedAllocationBeyondTheBudgetIsRefusedAndChargesNothing() throws {
    try withBudget(limit: 1 << 20) { budget in
      let a = try Matrix(rows: 100_000, cols: 1, repeating: 1)   // 800 000 of 1 048 576 bytes
      #expect(throws: EngineError.outOfMemory(requested: 800_000, inUse: 800_000, limit: 1 << 20, refusedBySystem: false)) {
        try a + a
      }
      #expect(budget.live == 800_000)
      #expect(budget.takeOverrun() == nil)
    }
  }

  @Test func anUncheckedAllocationBeyondTheBudgetLeavesAnOverrun() throws {
    try withBudget(limit: 1 << 20) { budget in
      let a = try Matrix(rows: 100_000, cols: 1, repeating: 1)
      let b = -a                                 // cannot throw: counted, and an overrun noted
      #expect(budget.live == 1_600_000)
      #expect(budget.takeOverrun() == .outOfMemory(requested: 800_000, inUse: 800_000, limit: 1 << 20, refusedBySystem: false))
      #expect(budget.takeOverrun() == nil)       // reported once
      _ = b
    }
  }

  @Test func mallocReturningNilIsAThrownError() throws {
    try withBudget(limit: Int.max) { budget in
      // 2⁶⁰ bytes: no system gives that; the allocation is refused, not an abort.
      #expect(throws: EngineError.self) { try MatrixStorage(checkedRepeating: 0, count: 1 << 57) }
      #expect(budget.live == 0)
    }
  }

  @Test func eachBufferIsCreditedToTheBudgetItWasChargedTo() throws {
    let first = MemoryBudget(limit: 1 << 30)
    var kept: Matrix? = nil
    withBudget { _ in
      MemoryBudget.current = first
      kept = Matrix(scalar: 1)
    }
    #expect(first.live == 8)
    withBudget { other in
      kept = nil                                 // freed while another budget is current
      #expect(other.live == 0)
    }
    #expect(first.live == 0)
  }
}
