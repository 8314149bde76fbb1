import Testing

@testable import NNShell

@Suite("Suggestion")
struct SuggestionTests {
  @Test func nearestKeyword() {
    #expect(Suggestion.nearest(to: "trian", in: StatementKind.keywords) == "train")
    #expect(Suggestion.nearest(to: "forwrd", in: StatementKind.keywords) == "forward")
    #expect(Suggestion.nearest(to: "bakward", in: StatementKind.keywords) == "backward")
    #expect(Suggestion.nearest(to: "gradchek", in: StatementKind.keywords) == "gradcheck")
  }

  @Test func theWordItselfIsNeverTheSuggestion() {
    #expect(Suggestion.nearest(to: "softmax", in: ["softmax"]) == nil)
    #expect(Suggestion.nearest(to: "softmax", in: ["softmax", "softmix"]) == "softmix")
    #expect(Suggestion.nearest(to: "Train", in: ["train"]) == "train")
  }

  @Test func nearestOption() {
    #expect(
      Suggestion.nearest(to: "epoch", in: ["epochs", "batch", "lr", "quiet", "report"]) == "epochs")
    #expect(Suggestion.nearest(to: "btach", in: ["epochs", "batch", "lr"]) == "batch")
  }

  @Test func nothingCloseMeansNoSuggestion() {
    #expect(Suggestion.nearest(to: "xyzzy", in: StatementKind.keywords) == nil)
    #expect(Suggestion.nearest(to: "anything", in: []) == nil)
    // One letter against another is a replacement of everything, not a typo.
    #expect(Suggestion.nearest(to: "x", in: ["y"]) == nil)
    #expect(Suggestion.nearest(to: "x", in: ["x1"]) == "x1")
  }

  @Test func caseIsIgnoredButPreferred() {
    #expect(Suggestion.nearest(to: "TRAIN", in: ["train", "grain"]) == "train")
    #expect(Suggestion.nearest(to: "w1", in: ["W1", "b1"]) == "W1")
    #expect(Suggestion.nearest(to: "Wl", in: ["w1", "W1"]) == "W1")
  }

  @Test func ordersOfCandidatesDoNotMatter() {
    let a = Suggestion.nearest(to: "dw", in: ["dW", "db", "dz"])
    let b = Suggestion.nearest(to: "dw", in: ["dz", "db", "dW"])
    #expect(a == "dW")
    #expect(a == b)
  }

  @Test func distanceCountsSwapsAsOneEdit() {
    #expect(Suggestion.distance(Array("ab"), Array("ba")) == 1)
    #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
    #expect(Suggestion.distance(Array(""), Array("abc")) == 3)
    #expect(Suggestion.distance(Array("same"), Array("same")) == 0)
  }
}
