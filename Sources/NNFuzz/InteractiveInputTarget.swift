#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import LineEditor
import NNShell
import ShellCompletion

/// The `interactive` fuzz target: bytes as typed at the terminal, through every part of
/// the interactive shell that does not need a terminal.
///
/// 1. `UTF8InputDecoder` turns them into scalars, and must agree exactly with the
///    standard library's `String(decoding:as:)` (the same U+FFFD substitutions);
/// 2. the text is cut into lines at `\n` as the editor ends them, and lines are joined
///    into blocks while `Parser.needsMoreInput` says a bracket is open, as the shell's
///    `...>` prompt does;
/// 3. at up to 8 cursor positions of each line, 64 in all (counted in scalars, as
///    libedit's wide buffer counts them), `LanguageCompleter` completes the text before the cursor
///    (with the block's earlier lines in front), its edit is applied to the line, and
///    its listing laid out; the edit must never delete more than there is before the
///    cursor;
/// 4. the same bytes are read as a history file (`History.load`); what was loaded is
///    saved and loaded again, and must come back the same (when it is valid UTF-8).
///
///     FuzzTarget.interactive.run(Array("load \"mo\u{C3}\n[1 2;\n3 4]\n".utf8))
extension FuzzTarget {
  static func runInteractiveInput(_ bytes: [UInt8]) {
    // The character type the shell edits in (history files are written through it).
    _ = utf8Locale
    let scalars = UTF8InputDecoder.decode(bytes)
    let expected = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    precondition(scalars == expected, "UTF8InputDecoder disagrees with String(decoding:as:)")

    var pending: [String] = []
    var budget = 64
    for line in splitLines(scalars) {
      if budget > 0 { budget -= completeEverywhere(in: line, after: pending, atMost: min(8, budget)) }
      pending.append(line)
      if !Parser.needsMoreInput(pending.joined(separator: "\n")) { pending = [] }
    }
    readAsHistoryFile(bytes)
  }

  /// The lines the editor would return: each ends at `\n` (which is not part of it).
  static func splitLines(_ scalars: [Unicode.Scalar]) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    for s in scalars {
      if s == "\n" {
        lines.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(s)
      }
    }
    if !current.isEmpty { lines.append(String(current)) }
    return lines
  }

  /// Tab at up to `count` places in `line` (the start, the end and between), the
  /// block's earlier lines before it. Returns how many completions it ran.
  static func completeEverywhere(in line: String, after earlier: [String], atMost count: Int) -> Int {
    let scalars = Array(line.unicodeScalars)
    let positions =
      scalars.count < count ? Array(0...scalars.count) : (0..<count).map { $0 * scalars.count / max(1, count - 1) }
    let prefix = earlier.isEmpty ? "" : earlier.joined(separator: "\n") + "\n"
    for cursor in positions {
      let before = String(String.UnicodeScalarView(scalars[..<cursor]))
      let after = String(String.UnicodeScalarView(scalars[cursor...]))
      let completion = interactiveCompleter.complete(before: prefix + before, after: after)
      switch completion.edit {
      case .beep: break
      case .insert(let deleting, let text):
        // The editor deletes scalars before the cursor: never more than the line has.
        precondition(deleting >= 0 && deleting <= cursor, "completion deletes \(deleting) of \(cursor) scalars")
        let edited = String(String.UnicodeScalarView(scalars[..<(cursor - deleting)])) + text + after
        _ = edited.unicodeScalars.count
      case .list(let labels):
        let width = 20 + (scalars.count % 100)
        _ = CompletionListing.lines(labels, width: width)
      }
    }
    return positions.count
  }

  /// Set once, as `LineEditor` sets it before it starts.
  nonisolated(unsafe) static let utf8Locale: Bool = TerminalLocale.useUTF8()

  /// The shell's own vocabulary, generated from the statement grammar
  /// (`CompletionVocabulary.nnsh`, so every statement, word set and option key is fuzzed
  /// as the shell completes it), with a few names, some not ASCII, and a fixed directory
  /// for path completion.
  nonisolated(unsafe) static let interactiveCompleter: LanguageCompleter = {
    let vocabulary = CompletionVocabulary.nnsh(names: ["W1", "W2", "b1", "x", "y", "é", "été", "Δ"])
    let entries = [
      DirectoryEntry("data", isDirectory: true), DirectoryEntry("modèle.safetensors"),
      DirectoryEntry("modèle2.safetensors"), DirectoryEntry("a\"b\\c.csv"), DirectoryEntry(".hidden"),
      DirectoryEntry("∂J.npy"),
    ]
    return LanguageCompleter(vocabulary: vocabulary, listDirectory: { _ in entries }, homeDirectory: "/home/fuzz")
  }()

  /// The bytes as a history file: loaded, listed, then saved and loaded again, in a
  /// fresh folder under TMPDIR (or /tmp) that is removed afterwards.
  static func readAsHistoryFile(_ bytes: [UInt8]) {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/nnsh-fuzz-history-XXXXXX").utf8CString)
    guard let p = mkdtemp(&template) else { return }
    let folder = String(cString: p)
    let path = folder + "/history"
    defer {
      unlink(path)
      rmdir(folder)
    }
    guard let f = fopen(path, "w") else { return }
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    let history = History(file: path, capacity: 50, programName: "nnsh-fuzz", warn: { _ in })
    history.load()
    let entries = history.entries
    precondition(entries.count <= 50, "history kept \(entries.count) entries, capacity 50")
    history.save()
    let again = History(file: path, capacity: 50, programName: "nnsh-fuzz", warn: { _ in })
    again.load()
    // Entries the shell adds are always valid UTF-8 and must come back as they were; a
    // file from elsewhere may hold bytes that are not (shown as U+FFFD), which libedit
    // re-encodes through the locale when it saves them, so those are only repaired. So
    // are characters the locale calls unprintable beyond ASCII (C1 controls, unassigned
    // code points such as U+FFF5): libbsd's strvis encodes them wrongly.
    let unprintable: Set<Unicode.GeneralCategory> = [
      .control, .unassigned, .surrogate, .format, .privateUse, .lineSeparator, .paragraphSeparator,
    ]
    let checkable = entries.allSatisfy { entry in
      entry.unicodeScalars.allSatisfy {
        $0.isASCII || ($0 != UTF8InputDecoder.replacementCharacter && !unprintable.contains($0.properties.generalCategory))
      }
    }
    if checkable {
      precondition(again.entries == entries, "the history file did not round-trip: \(entries) → \(again.entries)")
    }
  }
}
