import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Files that are not regular files, and writes that cannot finish, through the real
/// binary: a named pipe (FIFO) is refused at once by every reader and writer (never a
/// hang), a file-size limit (`ulimit -f`) is a located error with the old file kept, and
/// SIGTERM in the middle of a save leaves the old file and no temporary file.
///
/// Every run has a watchdog (`timeout`), so a regression that blocks on a FIFO fails
/// instead of hanging the suite.
@Suite(.serialized) struct SpecialFileTests {
  /// The catalogue scripts that need a FIFO beside them; git cannot store one, so this
  /// suite runs them (in a folder where it makes the FIFOs) instead of `GoldenScriptTests`.
  static func needsFIFOs(_ script: String) -> Bool { script.hasPrefix("err_cat_file_fifo_") }

  static var fifoScripts: [String] { GoldenScriptTests.allScripts.filter { needsFIFOs(GoldenScriptTests.fileName($0)) } }

  /// The FIFOs the scripts name.
  static let fifos = ["fifo.csv", "fifo.npy", "fifo.nn", "fifo.safetensors"]

  /// A fresh folder under /tmp (the one of KillDuringSaveTests), removed at the end.
  typealias Folder = KillDuringSaveTests.Folder

  /// `nnsh arguments…` under `timeout 60` (through bash, so `prefix` can set a ulimit).
  static func run(_ arguments: [String], in folder: Folder, prefix: String = "") throws -> BinaryRunner.Result {
    let quoted = ([BinaryRunner.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    return try runBash(prefix + "exec timeout -s KILL 60 " + quoted.joined(separator: " "), in: folder)
  }

  /// `bash -c command` in `folder`, started with every signal unblocked and at its
  /// default action, as from a user's shell. (Foundation's `Process` passes on the test
  /// runner's signal mask, which blocks SIGTERM and SIGXFSZ: with them blocked, neither
  /// the old bugs nor the fixes would show.) Standard output and error go to files.
  static func runBash(_ command: String, in folder: Folder) throws -> BinaryRunner.Result {
    let pid = try spawnBash(command, in: folder)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let out = folder.bytes(".stdout").map { String(decoding: $0, as: UTF8.self) } ?? ""
    let err = folder.bytes(".stderr").map { String(decoding: $0, as: UTF8.self) } ?? ""
    unlink(folder.path + "/.stdout")
    unlink(folder.path + "/.stderr")
    let signalled = status & 0x7F != 0 && status & 0x7F != 0x7F
    return BinaryRunner.Result(
      stdout: out, stderr: err, status: signalled ? status & 0x7F : (status >> 8) & 0xFF, endedBySignal: signalled)
  }

  /// Starts `bash -c "cd FOLDER && command"` with a clean signal state; returns its pid.
  static func spawnBash(_ command: String, in folder: Folder) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, folder.path + "/.stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, folder.path + "/.stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let quotedFolder = "'" + folder.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    let environment = ProcessInfo.processInfo.environment.merging(
      ["OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1", "COLUMNS": "80"]) { $1 }
    let words: [String] = ["/bin/bash", "-c", "cd \(quotedFolder) && " + command]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
    guard status == 0 else { throw CocoaError(.executableLoad) }
    return pid
  }

  @Test func thereAreFIFOScripts() {
    #expect(Self.fifoScripts.count >= 3)
  }

  /// The golden FIFO scripts, each with its exact output, run where the FIFOs exist.
  @Test(arguments: fifoScripts)
  func fifoScript(_ path: String) throws {
    let folder = try Folder()
    for fifo in Self.fifos { #expect(mkfifo(folder.path + "/" + fifo, 0o644) == 0) }
    let source = GoldenScriptTests.scriptsFolder.appendingPathComponent(path)
    let name = source.lastPathComponent
    try FileManager.default.copyItem(at: source, to: folder.url.appendingPathComponent(name))
    let result = try Self.run(["run", name], in: folder)
    #expect(result.status != 137, "\(path) hung on a FIFO (killed by the watchdog)")
    let actual = GoldenScriptTests.Expected(
      out: GoldenScriptTests.masked(result.stdout), err: GoldenScriptTests.masked(result.stderr), status: result.status)
    if GoldenScriptTests.updating {
      try actual.write(for: source)
      return
    }
    let expected = GoldenScriptTests.Expected.read(for: source)
    #expect(actual.out == expected.out, "\(path): stdout differs")
    #expect(actual.err == expected.err, "\(path): stderr differs")
    #expect(actual.status == expected.status, "\(path): exit code")
    #expect(actual.err.hasPrefix("\(name):"), "\(path): the error is not located")
    // The FIFOs are still FIFOs (nothing replaced them), and nothing was left beside them.
    for fifo in Self.fifos {
      var info = stat()
      #expect(stat(folder.path + "/" + fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "\(fifo) was replaced")
    }
    #expect(folder.anyTemporaries.isEmpty)
  }

  /// Every reader and writer refuses a FIFO (loads of each format, weights, models,
  /// `source`, `save` of each kind, SVG, session, the PyTorch export's files).
  @Test func everyReaderAndWriterRefusesAFIFO() throws {
    let folder = try Folder()
    for fifo in Self.fifos + ["fifo.svg"] { #expect(mkfifo(folder.path + "/" + fifo, 0o644) == 0) }
    #expect(mkdir(folder.path + "/torch", 0o755) == 0)
    #expect(mkfifo(folder.path + "/torch/model.safetensors", 0o644) == 0)
    #expect(mkdir(folder.path + "/mnist", 0o755) == 0)
    for part in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
      #expect(mkfifo(folder.path + "/mnist/" + part, 0o644) == 0)
    }
    let net = "net; layer dense 2 -> 1"
    let statements = [
      "load \"fifo.csv\"", "load \"fifo.npy\" \"fifo.npy\"", "load weights \"fifo.safetensors\"",
      "load model \"fifo.safetensors\"", "source \"fifo.nn\"", "load mnist \"mnist\"",
      "save \"fifo.safetensors\"", "save W1 \"fifo.npy\"",
      "plot [1 2] to \"fifo.svg\"", "save session \"fifo.nn\"", "export torch \"torch\"",
    ]
    for statement in statements {
      let result = try Self.run(["-c", "\(net); \(statement)"], in: folder)
      #expect(result.status == 1, "\(statement): exit \(result.status)\n\(result.stderr)")
      #expect(result.stderr.contains("<command line>:1:"), "\(statement): \(result.stderr)")
      #expect(result.stderr.contains("it is a named pipe (FIFO)"), "\(statement): \(result.stderr)")
    }
    #expect(folder.anyTemporaries.isEmpty)
    // `nnsh run` accepts a pipe it is given (`nnsh run <(…)`), refuses a device.
    let piped = try Self.runBash("exec timeout -s KILL 60 '\(BinaryRunner.binary.path)' run <(echo 'print \"from a pipe\"')", in: folder)
    #expect(piped.status == 0 && piped.stdout == "from a pipe\n", "\(piped.stderr)")
    let device = try Self.run(["run", "/dev/zero"], in: folder)
    #expect(device.status == 2 && device.stderr.contains("it is a device"), "\(device.stderr)")
  }

  /// `ulimit -f 1` (512-byte blocks) makes every write past 512 bytes fail: a located
  /// error "File too large" (not a SIGXFSZ kill), the old file whole, no temporary left.
  @Test func aFileSizeLimitIsALocatedErrorAndKeepsTheOldFile() throws {
    let folder = try Folder()
    let cases = [
      ("m.npy", "let X = rand(100, 100); save X \"m.npy\""),
      ("m.safetensors", "net; layer dense 100 -> 100; save \"m.safetensors\""),
      ("p.svg", "plot rand(20, 20) to \"p.svg\""),
      ("s.nn", "let X = [\((1...300).map(String.init).joined(separator: " "))]; save session \"s.nn\""),
    ]
    for (file, script) in cases {
      let old = Data("the old file\n".utf8)
      try old.write(to: folder.url.appendingPathComponent(file))
      let result = try Self.run(["-c", script], in: folder, prefix: "ulimit -f 1; ")
      #expect(!result.endedBySignal && result.status == 1, "\(file): status \(result.status)\n\(result.stderr)")
      #expect(result.stderr.contains("<command line>:1:"), "\(file): \(result.stderr)")
      #expect(result.stderr.contains("cannot write '\(file)': File too large"), "\(file): \(result.stderr)")
      #expect(folder.bytes(file) == old, "\(file) changed")
      #expect(folder.anyTemporaries.isEmpty, "\(file): \(folder.anyTemporaries)")
    }
  }

  /// SIGTERM while a 32 MB save is being written: the process ends by SIGTERM, the old
  /// file is whole and the temporary file is gone.
  @Test func sigtermDuringASaveLeavesTheOldFileAndNoTemporary() throws {
    let folder = try Folder()
    let network = KillDuringSaveTests.network
    let first = try Self.run(["-c", "seed 1; \(network); save \"m.safetensors\""], in: folder)
    #expect(first.status == 0, "\(first.stderr)")
    guard let previous = folder.bytes("m.safetensors") else {
      Issue.record("the first save wrote nothing")
      return
    }
    var midWrite = 0
    for _ in 0..<3 {
      let script = "seed 2; \(network); save \"m.safetensors\""
      let pid = try Self.spawnBash("exec '\(BinaryRunner.binary.path)' -c '\(script)'", in: folder)
      // As soon as the temporary file appears (20 s at most), SIGTERM.
      var sawTemporary = false
      for _ in 0..<100_000 {
        if !folder.anyTemporaries.isEmpty {
          sawTemporary = true
          break
        }
        if waitpid(pid, nil, WNOHANG) == pid { break }
        usleep(200)
      }
      kill(pid, SIGTERM)
      var status: Int32 = 0
      _ = waitpid(pid, &status, 0)
      #expect(folder.anyTemporaries.isEmpty, "a temporary file survived SIGTERM: \(folder.anyTemporaries)")
      let target = folder.bytes("m.safetensors")
      if sawTemporary, status & 0x7F == SIGTERM {
        #expect(target == previous, "ended by SIGTERM mid-write, yet the file changed")
        midWrite += 1
      }
      if target != previous { try previous.write(to: folder.url.appendingPathComponent("m.safetensors")) }
      for t in folder.anyTemporaries { unlink(folder.path + "/" + t) }  // each attempt on its own
    }
    #expect(midWrite >= 1, "no SIGTERM landed in the middle of a save")
  }

  /// `save` through a symbolic link replaces the file it points to; the link stays.
  @Test func savingThroughASymbolicLinkKeepsTheLink() throws {
    let folder = try Folder()
    #expect(mkdir(folder.path + "/models", 0o755) == 0)
    #expect(symlink("models/v1.npy", folder.path + "/current.npy") == 0)
    let result = try Self.run(["-c", "let X = [1 2; 3 4]; save X \"current.npy\"; let Y = [0]; load \"current.npy\" \"current.npy\"; print \"ok\""], in: folder)
    #expect(result.stdout.contains("ok"), "\(result.stderr)")
    var info = stat()
    #expect(lstat(folder.path + "/current.npy", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    #expect(FileManager.default.contents(atPath: folder.path + "/models/v1.npy")?.count ?? 0 > 0)
    #expect(folder.anyTemporaries.isEmpty && ((try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/models")) ?? []) == ["v1.npy"])
  }

  /// A history file that is a FIFO, or a link to /dev/zero, or too large: one warning
  /// and the interactive shell starts (it used to block, or grow to gigabytes).
  @Test(arguments: ["fifo", "zero", "large"])
  func aHistoryFileThatIsNotARegularFileWarnsOnceAndTheShellStarts(_ kind: String) throws {
    let home = try ShellHome()
    #expect(mkdir(home.path + "/state", 0o700) == 0)
    #expect(mkdir(home.path + "/state/nnsh", 0o700) == 0)
    let file = home.path + "/state/nnsh/history"
    switch kind {
    case "fifo": #expect(mkfifo(file, 0o600) == 0)
    case "zero": #expect(symlink("/dev/zero", file) == 0)
    default:
      let fd = creat(file, 0o600)
      #expect(fd >= 0)
      close(fd)
      #expect(truncate(file, 64 << 20) == 0)  // sparse: 64 MiB, more than the 4 MiB read
    }
    let shell = try PseudoTerminalShell(home: home)
    try shell.expect("warning: cannot read the history file")
    try shell.expect("nnsh> ")
    shell.type("show 9\r")
    try shell.expect("ans = 9")
    try shell.expect("nnsh> ")
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
    #expect(shell.screen.ranges(of: "warning").count == 1)
    var info = stat()
    #expect(lstat(file, &info) == 0)
    #expect(info.st_mode & S_IFMT == (kind == "fifo" ? S_IFIFO : kind == "zero" ? S_IFLNK : S_IFREG), "the history file was replaced")
  }
}

extension KillDuringSaveTests.Folder {
  /// Every temporary file in the folder, whatever file it was for.
  var anyTemporaries: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".tmp") }.sorted()
  }
}
