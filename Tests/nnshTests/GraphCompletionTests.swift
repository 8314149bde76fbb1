import Testing

/// `draw graph` and `backward explain` are completed from the statement table.
@Suite("Completion of draw graph and backward explain")
struct GraphCompletionTests {
  @Test("draw offers net and graph; backward offers explain; draw graph F offers to")
  func offered() {
    #expect(GrammarCompletionTests.offered("draw ").isSuperset(of: ["net", "graph"]))
    #expect(GrammarCompletionTests.offered("draw gr").contains("graph"))
    #expect(GrammarCompletionTests.offered("backward ").contains("explain"))
    #expect(GrammarCompletionTests.offered("draw graph zz ").contains("to"))
  }
}
