#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import CLibEdit

/// How a `readLine` ended.
public enum ReadResult: Equatable, Sendable {
  /// A line (without its newline). A recalled multi-line history entry comes back whole.
  case line(String)
  /// Ctrl-C: the line was abandoned.
  case interrupted
  /// Ctrl-D on an empty line, or the terminal went away.
  case endOfFile
  /// SIGTERM or SIGHUP arrived: save what needs saving and end.
  case terminated(signal: Int32)
}

/// Line editing on a terminal through libedit: Emacs keys (and whatever `~/.editrc`
/// sets), word deletion, history with up/down and Ctrl-R incremental search, and tab
/// completion through `completer`. The only type in the program that touches libedit.
///
/// Text is Unicode throughout: keys are decoded from UTF-8 here (`UTF8InputDecoder`),
/// lines, the cursor and completion go through libedit's wide-character interface
/// (`el_wgets`, `el_wline`, `el_winsertstr`: one `wchar_t` per scalar), and the
/// character type is set to UTF-8 (`TerminalLocale`) so libedit can draw and measure
/// `∂J/∂W ⊙ é` on the line.
///
/// Signals are the program's (see `Interrupt`): libedit's own handlers stay off, and
/// the editor polls the flags while it waits for a key, so Ctrl-C abandons the line and
/// SIGTERM ends the read without any work inside a signal handler.
///
///     guard let editor = LineEditor(programName: "nnsh", historyFile: HistoryFile.path(programName: "nnsh")) else { … }
///     editor.completer = { before, after in Completion(word: "", candidates: []) }
///     while case .line(let text) = editor.readLine(prompt: "nnsh> ") {
///       editor.addHistory(text)
///     }
public final class LineEditor {
  /// Finds candidates for the text before the cursor (`before`) given the text after it.
  public typealias Completer = (_ before: String, _ after: String) -> Completion

  /// Called on Tab; nil rings the bell.
  public var completer: Completer?
  public let history: History

  private let editLine: OpaquePointer
  private var promptText: UnsafeMutablePointer<CChar>?
  private let input: Int32
  private let output: UnsafeMutablePointer<FILE>
  /// Keeps the byte that broke a UTF-8 sequence for the next character.
  private var decoder = UTF8InputDecoder()

  /// Sets up editing on standard input and output, loads the history file (warning on
  /// standard error if it cannot be read) and installs the signal flags. Nil when
  /// libedit cannot start; callers should check `isatty` first, since without a
  /// terminal there is nothing to edit.
  ///
  /// - Parameters:
  ///   - programName: libedit's program name: `nnsh:` lines in `~/.editrc` apply.
  ///   - historyFile: where history persists (nil: this session only).
  public init?(
    programName: String, historyFile: String?, historySize: Int = 1000,
    warn: ((String) -> Void)? = nil
  ) {
    // Before el_init, which looks at the character set once.
    TerminalLocale.useUTF8()
    guard let e = el_init(programName, stdin, stdout, stderr) else { return nil }
    editLine = e
    input = STDIN_FILENO
    output = stdout
    history = History(file: historyFile, capacity: historySize, programName: programName, warn: warn)
    history.load()
    Interrupt.install()
    configure()
  }

  deinit {
    el_end(editLine)
    free(promptText)
  }

  private func configure() {
    let e = editLine
    _ = nnsh_el_set_clientdata(e, Unmanaged.passUnretained(self).toOpaque())
    _ = nnsh_el_set_editor(e, "emacs")
    // Our handlers stay: libedit's would re-send each signal to the whole process group.
    _ = nnsh_el_set_signal(e, 0)
    _ = nnsh_el_set_prompt(e, lineEditorPrompt, 1)
    _ = nnsh_el_set_getcfn(e, lineEditorReadCharacter)
    if let h = history.handle { _ = nnsh_el_set_hist(e, h) }
    _ = nnsh_el_addfn(e, "nnsh-complete", "complete the word before the cursor", lineEditorComplete)
    let bindings = [
      ("^I", "nnsh-complete"),
      ("^R", "em-inc-search-prev"),
      ("^W", "ed-delete-prev-word"),  // as in readline and the terminal's own line editing
      ("\\e[1;5C", "em-next-word"),  // Ctrl-→
      ("\\e[1;5D", "ed-prev-word"),  // Ctrl-←
      ("\\e[3~", "ed-delete-next-char"),  // Delete
      ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),  // Home, End
      ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
    ]
    for (key, command) in bindings { _ = nnsh_el_bind(e, key, command) }
    // Last, so the user's ~/.editrc (or $EDITRC) can change any of the above.
    _ = el_source(e, nil)
  }

  /// Reads one line with editing. A Ctrl-C pressed before this call (while a statement
  /// was finishing) is forgotten: it belonged to that statement.
  ///
  ///     switch editor.readLine(prompt: "nnsh> ") {
  ///     case .line(let text): run(text)
  ///     case .interrupted: break           // a fresh prompt
  ///     case .endOfFile, .terminated: return
  ///     }
  public func readLine(prompt: String) -> ReadResult {
    Interrupt.clear()
    setPrompt(prompt)
    var count: Int32 = 0
    // The wide interface: the line comes back as the scalars the reader decoded, with
    // no conversion through the locale's multibyte functions (which drop what they
    // cannot encode).
    let line = el_wgets(editLine, &count)
    if let signal = Interrupt.terminationSignal {
      write("\n")
      return .terminated(signal: signal)
    }
    guard let line, count > 0 else {
      // el_gets gives up on a line only for end of input, or when our reader stopped
      // because Ctrl-C set the flag.
      guard Interrupt.requested else { return .endOfFile }
      Interrupt.clear()
      write("^C\n")
      return .interrupted
    }
    var text = LineEditor.text(from: line, to: line + Int(count))
    while text.last == "\n" || text.last == "\r" || text.last == "\r\n" { text.removeLast() }
    return .line(text)
  }

  /// Adds an entry (a line or a whole multi-line block) and saves the history file, so
  /// it survives even a session that is killed.
  public func addHistory(_ entry: String) {
    history.add(entry)
    history.save()
  }

  /// Writes the history file.
  public func saveHistory() {
    history.save()
  }

  // MARK: - libedit callbacks

  fileprivate var promptPointer: UnsafeMutablePointer<CChar>? { promptText }

  private func setPrompt(_ prompt: String) {
    free(promptText)
    promptText = strdup(prompt)
  }

  private func write(_ text: String) {
    fputs(text, output)
    fflush(output)
  }

  fileprivate static func from(_ e: OpaquePointer?) -> LineEditor? {
    guard let e, let data = nnsh_el_get_clientdata(e) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
  }

  /// One character for libedit, decoded from UTF-8 (see `UTF8InputDecoder`: bad bytes
  /// become U+FFFD, and never swallow the byte after them): 1 with a character, 0 at end
  /// of input, -1 when a signal flag says to stop reading.
  fileprivate func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    character.pointee = 0
    let next = decoder.next {
      var byte: UInt8 = 0
      switch readByte(&byte) {
      case .byte: return .byte(byte)
      case .endOfFile: return .endOfInput
      case .stop: return .stop
      }
    }
    switch next {
    case .scalar(let s):
      character.pointee = wchar_t(bitPattern: s.value)
      return 1
    case .endOfInput: return 0
    case .stop: return -1
    }
  }

  private enum ByteRead { case byte, endOfFile, stop }

  /// Waits for a byte, looking at the signal flags four times a second (a flag set just
  /// before a blocking read would otherwise wait for the next key).
  private func readByte(_ byte: inout UInt8) -> ByteRead {
    while true {
      if Interrupt.terminationSignal != nil || Interrupt.requested { return .stop }
      if Interrupt.takeWindowChange() { el_resize(editLine) }
      if Interrupt.takeContinue() {
        // Back from Ctrl-Z: the terminal may have been reset; set it up again and redraw.
        _ = nnsh_el_prep_term(editLine, 0)
        _ = nnsh_el_prep_term(editLine, 1)
        _ = nnsh_el_refresh(editLine)
      }
      var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, 250)
      if ready < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return .stop
      }
      if ready == 0 { continue }
      let n = read(input, &byte, 1)
      if n == 1 { return .byte }
      if n == 0 { return .endOfFile }
      if errno == EINTR || errno == EAGAIN { continue }
      return .endOfFile  // EIO: the terminal hung up
    }
  }

  /// Tab: asks `completer`, then inserts, lists or beeps.
  fileprivate func complete() -> UInt8 {
    // The wide line: its cursor counts characters, as `el_deletestr` does.
    guard let completer, let info = el_wline(editLine) else { return UInt8(CC_REFRESH_BEEP) }
    let before = LineEditor.text(from: info.pointee.buffer, to: info.pointee.cursor)
    let after = LineEditor.text(from: info.pointee.cursor, to: info.pointee.lastchar)
    switch completer(before, after).edit {
    case .beep:
      return UInt8(CC_REFRESH_BEEP)
    case .insert(let deleting, let text):
      if deleting > 0 { el_deletestr(editLine, Int32(clamping: deleting)) }
      guard text.isEmpty || LineEditor.insert(text, into: editLine) else { return UInt8(CC_REFRESH_BEEP) }
      return UInt8(CC_REFRESH)
    case .list(let labels):
      // As libedit's own file completion does: print below the line, then redraw it.
      let lines = CompletionListing.lines(labels, width: terminalWidth())
      write("\n" + lines.map { $0 + "\n" }.joined())
      return UInt8(CC_REDISPLAY)
    }
  }

  /// The text of a span of libedit's wide buffer (a wchar_t is one Unicode scalar; one
  /// that is not a scalar value becomes U+FFFD).
  static func text(from start: UnsafePointer<wchar_t>?, to end: UnsafePointer<wchar_t>?) -> String {
    guard let start, let end, end > start else { return "" }
    var scalars = String.UnicodeScalarView()
    for c in UnsafeBufferPointer(start: start, count: end - start) {
      scalars.append(Unicode.Scalar(UInt32(bitPattern: c)) ?? UTF8InputDecoder.replacement)
    }
    return String(scalars)
  }

  /// Inserts text at the cursor through the wide interface (no locale conversion).
  private static func insert(_ text: String, into e: OpaquePointer) -> Bool {
    let wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    return wide.withUnsafeBufferPointer { el_winsertstr(e, $0.baseAddress) } == 0
  }

  private func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(fileno(output), UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }
}

// C callbacks: no captures, so they find their editor through libedit's client data.

private let emptyPrompt: UnsafeMutablePointer<CChar>? = strdup("")

private let lineEditorPrompt: nnsh_prompt_fn = { e in
  LineEditor.from(e)?.promptPointer ?? emptyPrompt
}

private let lineEditorReadCharacter: el_rfunc_t = { e, character in
  guard let character, let editor = LineEditor.from(e) else { return -1 }
  return editor.readCharacter(into: character)
}

private let lineEditorComplete: nnsh_key_fn = { e, _ in
  LineEditor.from(e)?.complete() ?? UInt8(CC_ERROR)
}
