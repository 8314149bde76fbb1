import Foundation
import NNFuzz
import NNShell
import Testing

/// The libFuzzer dictionary is generated from the statement table (`FuzzDictionary`):
/// the checked-in `Tests/FuzzCorpus/nnsh.dict`, which `scripts/fuzz` passes to libFuzzer,
/// must be exactly what it generates (`NNSH_UPDATE_GOLDEN=1` rewrites it), so a new
/// statement, word or option reaches the fuzzer without a hand-kept list.
@Suite struct FuzzDictionaryTests {
  static var file: URL { FuzzCorpusTests.corpusFolder.appendingPathComponent("nnsh.dict") }

  @Test func theCheckedInDictionaryIsTheGeneratedOne() throws {
    if ProcessInfo.processInfo.environment["NNSH_UPDATE_GOLDEN"] == "1" {
      try FuzzDictionary.text.write(to: Self.file, atomically: true, encoding: .utf8)
    }
    let text = try String(contentsOf: Self.file, encoding: .utf8)
    #expect(text == FuzzDictionary.text, "Tests/FuzzCorpus/nnsh.dict is stale: regenerate it with NNSH_UPDATE_GOLDEN=1")
  }

  @Test func everyStatementWordAndOptionKeyIsInIt() {
    let words = Set(FuzzDictionary.words)
    #expect(FuzzDictionary.words.count == words.count, "each word once")
    for kind in StatementKind.allCases where kind != .expression {
      #expect(words.contains(kind.rawValue), "\(kind.rawValue)")
      for key in kind.spec.options { #expect(words.contains(key + "="), "\(kind.rawValue) \(key)=") }
    }
    for w in ["weights", "mnist", "grads", "session", "torch", "loss", "boundary", "explain", "relu", "->", "to", "as", "wrt"] {
      #expect(words.contains(w), "\(w)")
    }
  }

  @Test func entriesAreQuotedAsLibFuzzerReadsThem() {
    #expect(FuzzDictionary.entry("seed") == "\"seed\"")
    #expect(FuzzDictionary.entry("\n") == "\"\\x0A\"")
    #expect(FuzzDictionary.entry("\"") == "\"\\\"\"")
    #expect(FuzzDictionary.entry("∂") == "\"\\xE2\\x88\\x82\"")
  }
}
