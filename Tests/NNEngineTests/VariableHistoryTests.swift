import Testing
@testable import NNEngine

/// Long histories are freed without deep recursion, and a dropped history remembers
/// what it reached.
@Suite struct VariableHistoryTests {
  /// A chain of a million operations (a value re-bound a million times) is freed one node
  /// at a time; released recursively it would overflow a thread's stack.
  @Test func aLongChainIsFreedWithoutRecursion() throws {
    let x = Variable(Matrix(scalar: 1))
    var s = x
    for _ in 0..<1_000_000 { s = try s + x }
    #expect(s.retainedNodes > 1_000_000)
    #expect(s.value.scalar == 1_000_001)
    s = x  // frees the chain
    #expect(s === x)
  }

  /// The gradient along a chain of 5000 operations is the exact one.
  @Test func theGradientFollowsALongChain() throws {
    let W = Variable(Matrix(scalar: 2))
    var s = W
    for _ in 0..<5000 { s = try s * Variable(Matrix(scalar: 1.0001)) }
    let g = try Variable.gradients(of: s, wrt: [W])[0]
    #expect(abs(g.scalar - _pow(1.0001, 5000)) < 1e-9 * _pow(1.0001, 5000))
  }

  /// A detached value knows which of the held nodes its history reached, and passes
  /// that on when a later history that holds it is dropped in turn (W, below, is reached
  /// only through the first dropped history).
  @Test func aDroppedHistoryRemembersWhatItReached() throws {
    let W = Variable(Matrix(scalar: 3)), V = Variable(Matrix(scalar: 4))
    let s = try W * W
    let cut = s.detached(because: "too long", stillHeld: [W, V])
    #expect(cut.isLeaf)
    #expect(cut.droppedHistory?.reason == "too long")
    #expect(cut.droppedHistory?.reached(W) == true)
    #expect(cut.droppedHistory?.reached(V) == false)
    let t = try cut + V
    #expect(t.droppedHistory(reaching: W) != nil)
    #expect(t.droppedHistory(reaching: V) == nil)
    let again = try t * t
    let cutAgain = again.detached(because: "again", stillHeld: [V, W])
    #expect(cutAgain.droppedHistory?.reached(W) == true)
    #expect(cutAgain.droppedHistory?.reached(V) == true)
  }
}
