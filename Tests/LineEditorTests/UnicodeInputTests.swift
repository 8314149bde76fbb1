#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Testing

@testable import LineEditor

/// Feeds `bytes` to a decoder one `next` call at a time, as the editor's key reader does.
private func scalars(_ bytes: [UInt8]) -> [Unicode.Scalar] {
  UTF8InputDecoder.decode(bytes)
}

@Suite("UTF-8 input")
struct UTF8InputDecoderTests {
  @Test func wellFormedTextComesBackAsTyped() {
    let text = "print \"héllo ∂J/∂W[1] ⊙\" 😀"
    #expect(String(String.UnicodeScalarView(scalars(Array(text.utf8)))) == text)
  }

  @Test func aStrayLeadByteDoesNotSwallowTheNewline() {
    // C3 starts a two-byte sequence; the newline cannot continue it, so it stays a newline.
    #expect(scalars([0xC3, 0x0A, 0x61]) == ["\u{FFFD}", "\n", "a"])
    #expect(scalars([0xE2, 0x88, 0x0A]) == ["\u{FFFD}", "\n"])
    #expect(scalars([0xF0, 0x9F, 0x98, 0x0D]) == ["\u{FFFD}", "\r"])
  }

  @Test func theByteThatBrokeASequenceStartsTheNextOne() {
    // C3 then C3 A9: one replacement, then é.
    #expect(scalars([0xC3, 0xC3, 0xA9]) == ["\u{FFFD}", "é"])
  }

  @Test func illFormedSequencesAgreeWithTheStandardLibrary() {
    let cases: [[UInt8]] = [
      [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80],
      [0xFF], [0x80, 0xBF], [0xE2, 0x88], [0xF0, 0x9F, 0x98], [0xC2], [0xE1, 0x80, 0x41],
      [0xF0, 0x80, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0x00, 0x7F],
    ]
    for bytes in cases {
      #expect(scalars(bytes) == Array(String(decoding: bytes, as: UTF8.self).unicodeScalars), "\(bytes)")
    }
  }

  @Test func aStopDropsThePartialSequence() {
    var decoder = UTF8InputDecoder()
    var inputs: [UTF8InputDecoder.Input] = [.byte(0xC3), .stop, .byte(0x41)]
    let read = { inputs.removeFirst() }
    #expect(decoder.next(read) == .stop)
    #expect(decoder.next(read) == .scalar("A"))
  }

  @Test func theEditorsWideBufferBecomesText() {
    let wide: [wchar_t] = [0x68, 0xE9, 0x2202, 0xD800, 0x110000, -1, 0x1F600]
    let text = wide.withUnsafeBufferPointer { LineEditor.text(from: $0.baseAddress, to: $0.baseAddress! + $0.count) }
    #expect(text == "hé∂\u{FFFD}\u{FFFD}\u{FFFD}😀")
  }

  @Test func theLocaleForTheEditorIsUTF8() {
    #expect(TerminalLocale.useUTF8())
    #expect(TerminalLocale.isUTF8)
  }
}

@Suite("Non-ASCII history and completion")
struct NonASCIIEditingTests {
  @Test func historyRoundTripsNonASCIILines() {
    var template = Array("/tmp/nnsh-history-utf8-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { return }
    let dir = String(cString: p)
    defer { _ = system("rm -rf '\(dir)'") }
    let file = dir + "/history"
    let lines = ["print \"héllo ∂J/∂W[1] ⊙\"", "save \"modèle.safetensors\"", "repeat 2 {\n  print \"δ = ∂J/∂z\"\n}"]
    let h = History(file: file, programName: "nnsh")
    for line in lines { h.add(line) }
    h.save()
    let again = History(file: file, programName: "nnsh")
    again.load()
    #expect(again.entries == lines)
  }

  @Test func aHistoryLineWithABadEscapeIsRefusedNotReadPastItsEnd() {
    var template = Array("/tmp/nnsh-history-bad-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { return }
    let dir = String(cString: p)
    defer { _ = system("rm -rf '\(dir)'") }
    let file = dir + "/history"
    // `\\` then `\ `: strunvis refuses the second escape (found by scripts/fuzz interactive).
    let text = "_HiStOrY_V2_\nshow\\0401\nprint\\040\\\\\\ 1]\n"
    guard let f = fopen(file, "w") else { return }
    fputs(text, f)
    fclose(f)
    var warnings: [String] = []
    let h = History(file: file, programName: "nnsh", warn: { warnings.append($0) })
    h.load()
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains("line 3 is not a libedit history entry") == true)
    #expect(h.entries.isEmpty)
    // The file is left as it was.
    h.add("show 2")
    h.save()
    let again = History(file: file, programName: "nnsh", warn: { _ in })
    #expect(HistoryFileCheck.firstMalformedLine(in: file) == 3)
    _ = again
  }

  private func completer(_ entries: [DirectoryEntry], names: [String] = []) -> LanguageCompleter {
    LanguageCompleter(
      vocabulary: CompletionVocabulary(statements: ["load", "print", "show"], names: names),
      listDirectory: { _ in entries }, homeDirectory: "/home/a")
  }

  @Test func completionAfterNonASCIICharacters() {
    let files = completer([DirectoryEntry("modèle.safetensors"), DirectoryEntry("été.csv"), DirectoryEntry("∂J.npy")])
    #expect(files.complete(before: "load \"mod", after: "").edit == .insert(deleting: 0, text: "èle.safetensors\""))
    #expect(files.complete(before: "print \"é", after: "").edit == .insert(deleting: 0, text: "té.csv\""))
    #expect(files.complete(before: "load \"∂", after: "\"").edit == .insert(deleting: 0, text: "J.npy"))
    // Text before the word with characters of several bytes does not move the word.
    #expect(files.complete(before: "print \"∂J\"; load \"mo", after: "").edit == .insert(deleting: 0, text: "dèle.safetensors\""))
    let names = completer([], names: ["été", "δz"])
    #expect(names.complete(before: "show é", after: "").edit == .insert(deleting: 0, text: "té "))
    #expect(names.complete(before: "print \"∂\"; show δ", after: "").edit == .insert(deleting: 0, text: "z "))
  }

  @Test func aReplacedWordIsDeletedInScalarsAsTheEditorCountsThem() {
    // "é" typed as e + combining accent is two of the editor's characters.
    let c = Completion(word: "e\u{301}x", candidates: [CompletionCandidate("Ex")])
    #expect(c.edit == .insert(deleting: 3, text: "Ex "))
  }
}
