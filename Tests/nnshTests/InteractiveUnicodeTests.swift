#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import Testing

/// Non-ASCII text at the interactive prompt (the notation of the notes: ∂, ⊙, δ, é in
/// file names), typed through a pseudo-terminal, with `LANG` unset (the "C" locale, where
/// the editor falls back to C.UTF-8) and with `LANG=C.UTF-8`.
@Suite("Interactive shell: non-ASCII input", .serialized)
struct InteractiveUnicodeTests {
  /// `""` stands for no `LANG` at all.
  static let languages = ["", "C.UTF-8"]

  /// A shell in a fresh home with `LANG=language` (`""`: unset), at its first prompt.
  static func start(language: String) throws -> (ShellHome, PseudoTerminalShell) {
    let home = try ShellHome()
    let shell = try PseudoTerminalShell(home: home, language: language.isEmpty ? nil : language)
    try shell.expect("nnsh> ")
    return (home, shell)
  }

  @Test(arguments: languages)
  func typedTextComesBackByteForByte(language: String) throws {
    let (home, shell) = try Self.start(language: language)
    defer { withExtendedLifetime(home) {} }  // the home lives as long as the shell
    shell.type("print \"héllo ∂J/∂W[1] ⊙\"\r")
    // The echo of the line, then the output on a line of its own, exactly.
    try shell.expect("print \"héllo ∂J/∂W[1] ⊙\"")
    try shell.expect("\nhéllo ∂J/∂W[1] ⊙\n")
    try shell.expect("nnsh> ")
    #expect(shell.output.ranges(of: Array("\nhéllo ∂J/∂W[1] ⊙\r\n".utf8)).count == 1)
    #expect(!shell.screen.contains("\u{FFFD}"))
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
  }

  @Test(arguments: languages)
  func saveWritesTheFileNameAsTyped(language: String) throws {
    let (home, shell) = try Self.start(language: language)
    shell.type("net; layer dense 2 -> 1\r")
    try shell.expect("nnsh> ")
    shell.type("save \"\(home.path)/modèle.safetensors\"\r")
    try shell.expect("nnsh> ")
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
    var info = stat()
    #expect(stat(home.path + "/modèle.safetensors", &info) == 0, "screen:\n\(shell.screen.suffix(400))")
    #expect(stat(home.path + "/modle.safetensors", &info) != 0)
  }

  @Test(arguments: languages)
  func aStrayLeadByteKeepsTheNewline(language: String) throws {
    let (home, shell) = try Self.start(language: language)
    defer { withExtendedLifetime(home) {} }  // the home lives as long as the shell
    // C3 starts a two-byte character that never comes: one U+FFFD, and the Enter after it
    // still ends the line, so the next line runs on its own.
    shell.type(bytes: [0xC3] + Array("\n".utf8))
    try shell.expect("error")
    try shell.expect("nnsh> ")
    shell.type("show 222\r")
    try shell.expect("ans = 222")
    try shell.expect("nnsh> ")
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
  }

  @Test func tabCompletesAFileNameAfterNonASCIIText() throws {
    let home = try ShellHome()
    let file = home.path + "/modèle.safetensors"
    #expect(creat(file, 0o644) >= 0)
    let shell = try PseudoTerminalShell(home: home, language: nil)
    try shell.expect("nnsh> ")
    // The cursor is counted in characters: ∂ and é before the word do not shift it.
    shell.type("print \"∂é\"; load weights \"\(home.path)/mod\t")
    try shell.expect("\(home.path)/modèle.safetensors\"")
    shell.type("\u{3}")
    try shell.expect("nnsh> ")
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
  }

  @Test func historyKeepsNonASCIILinesAcrossSessions() throws {
    let home = try ShellHome()
    do {
      let first = try PseudoTerminalShell(home: home, language: nil)
      try first.expect("nnsh> ")
      first.type("print \"δ = ∂J/∂z ⊙ σ'(z)\"\r")
      try first.expect("\nδ = ∂J/∂z ⊙ σ'(z)\n")
      try first.expect("nnsh> ")
      first.type("\u{4}")
      #expect(try first.waitForExit() == 0)
    }
    let second = try PseudoTerminalShell(home: home, language: "C.UTF-8")
    try second.expect("nnsh> ")
    second.type("\u{1B}[A")  // up-arrow
    try second.expect("print \"δ = ∂J/∂z ⊙ σ'(z)\"")
    second.type("\r")
    try second.expect("\nδ = ∂J/∂z ⊙ σ'(z)\n")
    try second.expect("nnsh> ")
    second.type("\u{4}")
    #expect(try second.waitForExit() == 0)
  }
}
