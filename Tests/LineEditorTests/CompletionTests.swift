import Testing

@testable import LineEditor

/// A vocabulary shaped like nnsh's (the executable builds the real one from its grammar).
private func vocabulary(names: [String] = ["W1", "W2", "W3", "b1", "alpha"]) -> CompletionVocabulary {
  let activations = CompletionElement(.words(["linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"]), optional: true)
  return CompletionVocabulary(
    statements: ["layer", "let", "loss", "train", "help", "load", "show", "init", "net", "repeat", "set", "source", "pause"],
    grammar: [
      "layer": StatementCompletion(
        forms: [
          [.init(.words(["dense"])), .init(.expression), .init(.arrow), .init(.expression), activations],
          [.init(.words(["dense"])), .init(.expression), activations],
        ], options: ["alpha"], optionValues: ["alpha": .expression]),
      "loss": StatementCompletion(forms: [[.init(.words(["mse", "bce", "ce"]))]]),
      "init": StatementCompletion(forms: [[.init(.words(["he", "xavier"]))]]),
      "help": StatementCompletion(forms: [[.init(.words(["layer", "let", "loss", "train", "functions", "names"]), optional: true)]]),
      "net": StatementCompletion(),
      "train": StatementCompletion(
        options: ["epochs", "batch", "lr", "quiet"],
        optionValues: ["epochs": .expression, "batch": .expression, "lr": .expression, "quiet": .words(["yes", "no"])]),
      "load": StatementCompletion(forms: [[.init(.path), .init(.words(["as"])), .init(.name)], [.init(.words(["weights"])), .init(.path)]]),
      "show": StatementCompletion(forms: [[.init(.expression, optional: true, repeats: true)]], options: ["digits"]),
      "repeat": StatementCompletion(forms: [[.init(.expression)]]),
      "source": StatementCompletion(forms: [[.init(.path)]]),
      "pause": StatementCompletion(forms: [[.init(.text, optional: true)]]),
    ],
    functions: ["sum", "sigmoid", "tanh", "transpose", "mean"],
    names: names)
}

private let files: [String: [DirectoryEntry]] = [
  ".": [DirectoryEntry("data", isDirectory: true), DirectoryEntry("demo.nn"), DirectoryEntry(".hidden"), DirectoryEntry("model.safetensors")],
  "data/": [DirectoryEntry("iris.csv"), DirectoryEntry("iris2.csv"), DirectoryEntry("digits.csv")],
  "/home/a/": [DirectoryEntry("notes.nn")],
]

private func complete(_ before: String, after: String = "", names: [String] = ["W1", "W2", "W3", "b1", "alpha"]) -> Completion {
  LanguageCompleter(vocabulary: vocabulary(names: names), listDirectory: { files[$0] }, homeDirectory: "/home/a")
    .complete(before: before, after: after)
}

private func texts(_ c: Completion) -> [String] { c.candidates.map(\.text) }

@Suite("Completion contexts")
struct CompletionContextTests {
  @Test func statementNamesAtTheStartOfALine() {
    #expect(complete("tra").edit == .insert(deleting: 0, text: "in "))
    #expect(complete("lay").edit == .insert(deleting: 0, text: "er "))
    #expect(texts(complete("l")) == ["layer", "let", "loss", "load"])
    #expect(complete("l").edit == .list(["layer", "let", "load", "loss"]))
    // Functions wait for an expression: `tra` is train, not transpose.
    #expect(!texts(complete("t")).contains("transpose"))
  }

  @Test func namesAtTheStartOfALineList() {
    #expect(complete("W").edit == .list(["W1", "W2", "W3"]))
  }

  @Test func statementStartsAfterBracesSemicolonsAndNewLines() {
    #expect(texts(complete("repeat 3 { tra")) == ["train"])
    #expect(texts(complete("show W1; tra")) == ["train"])
    #expect(texts(complete("repeat 3 {\n  tra")) == ["train"])
    // Inside a matrix, `;` separates rows: still an expression.
    #expect(texts(complete("let m = [1 2; W")) == ["W1", "W2", "W3"])
  }

  @Test func layerKindsThenActivations() {
    #expect(complete("layer d").edit == .insert(deleting: 0, text: "ense "))
    #expect(texts(complete("layer dense 2 -> 3 ")) == ["linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "alpha="])
    #expect(texts(complete("layer dense 2 -> 3 s")) == ["sigmoid", "softmax"])
    #expect(complete("layer dense 4 re").edit == .insert(deleting: 0, text: "lu "))
    // No user names after `layer`: `alpha` the variable would be noise.
    #expect(texts(complete("layer dense 3 al")) == ["alpha="])
  }

  @Test func lossNames() {
    #expect(texts(complete("loss ")) == ["mse", "bce", "ce"])
    #expect(complete("loss m").edit == .insert(deleting: 0, text: "se "))
    #expect(texts(complete("loss mse ")) == [])
  }

  @Test func optionKeysForTheStatementBeingTyped() {
    #expect(complete("train ep").edit == .insert(deleting: 0, text: "ochs="))
    #expect(texts(complete("train epochs=10 ")).prefix(3) == ["batch=", "lr=", "quiet="])
    // An option already given is not offered again.
    #expect(!texts(complete("train epochs=10 ")).contains("epochs="))
    #expect(texts(complete("show di")) == ["digits="])
  }

  @Test func namesAndFunctionsInsideExpressions() {
    #expect(texts(complete("let z = su")) == ["sum"])
    #expect(complete("let z = su").edit == .insert(deleting: 0, text: "m("))
    #expect(texts(complete("show sum(W")) == ["W1", "W2", "W3"])
    #expect(complete("show sum(b").edit == .insert(deleting: 0, text: "1"))  // no space inside brackets
    #expect(texts(complete("train lr=al")) == ["alpha"])
    #expect(texts(complete("W1 * tra")) == ["transpose"])
    #expect(texts(complete("show a")) == ["alpha"])
  }

  @Test func helpTopics() {
    #expect(texts(complete("help ")) == ["layer", "let", "loss", "train", "functions", "names"])
    #expect(complete("help fu").edit == .insert(deleting: 0, text: "nctions "))
    #expect(texts(complete("help W")) == [])
  }

  @Test func filePathsInsideAStringLiteral() {
    #expect(complete("load \"da").edit == .insert(deleting: 0, text: "ta/"))
    #expect(complete("load \"data/").edit == .list(["digits.csv", "iris.csv", "iris2.csv"]))
    #expect(complete("load \"data/i").edit == .insert(deleting: 0, text: "ris"))
    #expect(complete("load \"data/d").edit == .insert(deleting: 0, text: "igits.csv\""))
    // The closing quote is not doubled when it is already there.
    #expect(complete("load \"data/d", after: "\"").edit == .insert(deleting: 0, text: "igits.csv"))
    // Hidden files only when asked for; `~/` is the home directory.
    #expect(!texts(complete("load \"")).contains(".hidden"))
    #expect(texts(complete("load \".h")) == [".hidden"])
    #expect(texts(complete("source \"~/n")) == ["~/notes.nn"])
    // A directory that cannot be read: nothing.
    #expect(complete("load \"nowhere/x").edit == .beep)
  }

  @Test func pathsOnlyWhereAFileNameStands() {
    #expect(texts(complete("pause \"")).isEmpty)  // a message, not a file
    #expect(texts(complete("loss \"")).isEmpty)
    #expect(texts(complete("load \"data/iris.csv\" as \"")).isEmpty)
    #expect(complete("source \"de").edit == .insert(deleting: 0, text: "mo.nn\""))
  }

  @Test func eachFormFollowedAsFarAsTheWordsAllow() {
    // After the file, `as` and then a name (names only: no functions).
    #expect(texts(complete("load \"data/iris.csv\" ")) == ["as"])
    #expect(texts(complete("load \"data/iris.csv\" as ")) == ["W1", "W2", "W3", "alpha", "b1"])
    #expect(texts(complete("load weights ")).isEmpty)  // a path: completed once the string begins
    // A statement without positional arguments offers only its options.
    #expect(texts(complete("train epochs=10 ")) == ["batch=", "lr=", "quiet="])
    #expect(texts(complete("net ")).isEmpty)
    // An expression runs over several words.
    #expect(texts(complete("show W1 * ")).contains("sum"))
    #expect(texts(complete("repeat 3 ")).isEmpty)  // the block is typed, not completed
  }

  @Test func whatAnOptionTakes() {
    #expect(texts(complete("train quiet=")) == ["yes", "no"])
    #expect(texts(complete("train epochs=a")) == ["alpha"])
  }

  @Test func wordsSplitOutsideStringsAndBrackets() {
    #expect(CompletionContext.words(ArraySlice(Array("load \"my file.csv\" as X"))) == ["load", "\"my file.csv\"", "as", "X"])
    #expect(CompletionContext.words(ArraySlice(Array("show [1 2; 3 4] W1"))) == ["show", "[1 2; 3 4]", "W1"])
    #expect(StatementCompletion.joinExpressions(["W1", "*", "x", "->", "3"]) == ["W1 * x", "->", "3"])
  }

  @Test func nothingInCommentsOrNumbers() {
    #expect(complete("show W1  # tra").edit == .beep)
    #expect(complete("let x = 3").edit == .beep)
  }

  @Test func contextScanner() {
    #expect(CompletionContext("train ep") == .code(words: ["train"], word: "ep", inBrackets: false, afterEquals: false))
    #expect(CompletionContext("load \"a\\\"b") == .string(partial: "a\\\"b", words: ["load"]))
    #expect(CompletionContext("print \"x\" W") == .code(words: ["print", "\"x\""], word: "W", inBrackets: false, afterEquals: false))
    #expect(CompletionContext("assert W1 == W") == .code(words: ["assert", "W1", "=="], word: "W", inBrackets: false, afterEquals: false))
    #expect(CompletionContext("train lr=") == .code(words: ["train", "lr="], word: "", inBrackets: false, afterEquals: true))
  }
}

@Suite("Completion edits")
struct CompletionEditTests {
  @Test func oneCandidateIsInsertedWithItsSuffix() {
    let c = Completion(word: "tra", candidates: [CompletionCandidate("train")])
    #expect(c.edit == .insert(deleting: 0, text: "in "))
  }

  @Test func commonPrefixFirstThenAList() {
    let several = Completion(word: "i", candidates: [CompletionCandidate("iris.csv"), CompletionCandidate("iris2.csv")])
    #expect(several.edit == .insert(deleting: 0, text: "ris"))
    let listed = Completion(word: "W", candidates: ["W3", "W1", "W2"].map { CompletionCandidate($0) })
    #expect(listed.edit == .list(["W1", "W2", "W3"]))
  }

  @Test func nothingRingsTheBell() {
    #expect(Completion.none.edit == .beep)
  }

  @Test func aCandidateThatIsNotAnExtensionReplacesTheWord() {
    let c = Completion(word: "tRa", candidates: [CompletionCandidate("train")])
    #expect(c.edit == .insert(deleting: 3, text: "train "))
  }

  @Test func duplicatesAreDropped() {
    let c = Completion(word: "", candidates: ["a", "a", "b"].map { CompletionCandidate($0) })
    #expect(c.candidates.map(\.text) == ["a", "b"])
  }

  @Test func listingInColumnsLikeLs() {
    #expect(CompletionListing.lines(["W1", "W2", "W3", "b1"], width: 10) == ["W1  W3", "W2  b1"])
    #expect(CompletionListing.lines(["a", "b", "c"], width: 80) == ["a  b  c"])
    #expect(CompletionListing.lines(["averyverylongname", "b"], width: 5) == ["averyverylongname", "b"])
    #expect(CompletionListing.lines([], width: 80) == [])
  }
}
