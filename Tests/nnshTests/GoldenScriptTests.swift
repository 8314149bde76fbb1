import Foundation
import Testing

/// Every golden script `Tests/Scripts/TOPIC/NAME.nn` runs through the real binary
/// (`nnsh run NAME.nn` in its own folder, so diagnostics name it `NAME.nn` and the files
/// it loads or sources are found in `fixtures/` beside it) and must print exactly
/// `NAME.out` on stdout, `NAME.err` on stderr and exit with the code in `NAME.code`. An
/// absent file means nothing printed on that stream, or exit status 0; every script has at
/// least one of them (a script that prints nothing and succeeds keeps an empty `.out`).
/// `Tests/Scripts/README.md` says which topic goes in which folder.
///
/// Times vary from run to run, so `1.234 s` becomes `<time> s` and `1234 samples/s`
/// becomes `<n> samples/s` before comparing. To regenerate the expected files on
/// purpose, run `NNSH_UPDATE_GOLDEN=1 swift test --filter GoldenScriptTests` and review
/// the diff.
@Suite struct GoldenScriptTests {
  static var scriptsFolder: URL { BinaryRunner.packageRoot.appendingPathComponent("Tests/Scripts") }

  /// The scripts this suite runs, as paths under `Tests/Scripts` ("errors/file/err_cat_file_csv_hex.nn").
  static var scripts: [String] {
    // Scripts that need a FIFO beside them run in SpecialFileTests, which makes it.
    allScripts.filter { !SpecialFileTests.needsFIFOs(fileName($0)) }
  }

  /// Every `.nn` file under `Tests/Scripts` but those in `fixtures` folders (files that
  /// scripts load or source), as paths relative to it, sorted.
  static var allScripts: [String] { scripts(under: "") }

  static func scripts(under folder: String) -> [String] {
    let url = folder.isEmpty ? scriptsFolder : scriptsFolder.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.sorted().flatMap { name -> [String] in
      let path = folder.isEmpty ? name : folder + "/" + name
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
      if isFolder.boolValue { return name == "fixtures" ? [] : scripts(under: path) }
      return name.hasSuffix(".nn") ? [path] : []
    }
  }

  /// "errors/file/err_cat_file_csv_hex.nn" → "err_cat_file_csv_hex.nn".
  static func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }

  /// The script at `path` run as `nnsh run NAME.nn` in its folder.
  static func run(_ path: String) throws -> BinaryRunner.Result {
    let url = scriptsFolder.appendingPathComponent(path)
    return try BinaryRunner.run(["run", url.lastPathComponent], directory: url.deletingLastPathComponent())
  }

  static func masked(_ text: String) -> String {
    var t = text
    for (pattern, replacement) in [
      (#"[0-9]+\.[0-9]+ s\b"#, "<time> s"), (#"[0-9]+ samples/s"#, "<n> samples/s"),
    ] {
      t = t.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return t
  }

  /// What a script must print and return, read from its expected files (absent: empty, 0).
  struct Expected {
    var out = "", err = "", status: Int32 = 0

    /// The files beside `script` (a `.nn` URL) that hold it.
    static func files(of script: URL) -> (out: URL, err: URL, code: URL) {
      let base = script.deletingPathExtension()
      return (base.appendingPathExtension("out"), base.appendingPathExtension("err"), base.appendingPathExtension("code"))
    }

    static func read(for script: URL) -> Expected {
      let (out, err, code) = files(of: script)
      let text = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
      return Expected(
        out: text(out), err: text(err), status: Int32(text(code).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
    }

    /// Writes only the files that say something: `.out` and `.err` when not empty, `.code`
    /// when not 0 — except that a script that prints nothing and succeeds gets an empty
    /// `.out`, so every script has an expected file. Removes the others.
    func write(for script: URL) throws {
      let (outURL, errURL, codeURL) = Self.files(of: script)
      let silentSuccess = out.isEmpty && err.isEmpty && status == 0
      for (url, text) in [(outURL, out), (errURL, err), (codeURL, status == 0 ? "" : "\(status)\n")] {
        if !text.isEmpty || (url == outURL && silentSuccess) {
          try text.write(to: url, atomically: true, encoding: .utf8)
        } else {
          try? FileManager.default.removeItem(at: url)
        }
      }
    }
  }

  /// `NNSH_UPDATE_GOLDEN=1`: write the expected files instead of comparing.
  static var updating: Bool { ProcessInfo.processInfo.environment["NNSH_UPDATE_GOLDEN"] == "1" }

  @Test func thereAreGoldenScripts() {
    #expect(Self.scripts.count >= 10)
  }

  @Test(arguments: scripts)
  func goldenScript(_ path: String) throws {
    let script = Self.scriptsFolder.appendingPathComponent(path)
    let result = try Self.run(path)
    let actual = Expected(out: Self.masked(result.stdout), err: Self.masked(result.stderr), status: result.status)
    if Self.updating {
      try actual.write(for: script)
      return
    }
    let expected = Expected.read(for: script)
    let (out, err, code) = Expected.files(of: script)
    let present = [out, err, code].filter { FileManager.default.fileExists(atPath: $0.path) }
    #expect(!present.isEmpty, "\(path): no expected file (make them with NNSH_UPDATE_GOLDEN=1 and review them)")
    #expect(actual.out == expected.out, "\(path): stdout differs")
    #expect(actual.err == expected.err, "\(path): stderr differs")
    #expect(actual.status == expected.status, "\(path): exit code")
  }

  /// The expected files follow the rule above: none is empty or 0 but a silent script's
  /// `.out`, none is left without its script, and no script lies outside a topic folder.
  @Test(.disabled(if: updating, "the expected files are being rewritten"))
  func expectedFilesSayWhatTheyAssert() {
    let manager = FileManager.default
    let has = { (url: URL) in manager.fileExists(atPath: url.path) }
    for path in Self.allScripts {
      let script = Self.scriptsFolder.appendingPathComponent(path)
      let (out, err, code) = Expected.files(of: script)
      let expected = Expected.read(for: script)
      #expect(!has(out) || !expected.out.isEmpty || (!has(err) && !has(code)), "\(path): an empty .out beside .err or .code")
      #expect(!has(err) || !expected.err.isEmpty, "\(path): an empty .err")
      #expect(!has(code) || expected.status != 0, "\(path): a .code of 0")
      #expect(path.contains("/"), "\(path): move it into its topic folder (Tests/Scripts/README.md)")
    }
    let scripts = Set(Self.allScripts.map { String($0.dropLast(3)) })
    let files = manager.enumerator(atPath: Self.scriptsFolder.path)?.allObjects.compactMap { $0 as? String } ?? []
    for file in files {
      guard let dot = file.lastIndex(of: "."), [".out", ".err", ".code"].contains(file[dot...]) else { continue }
      let hasScript = scripts.contains(String(file[..<dot]))
      #expect(hasScript, "\(file) has no script")
    }
  }
}
