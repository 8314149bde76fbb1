#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Testing

@testable import LineEditor

/// A fresh directory under /tmp, removed by the caller.
private func temporaryDirectory() -> String {
  var template = Array("/tmp/nnsh-history-XXXXXX".utf8CString)
  guard let p = mkdtemp(&template) else { return "/tmp" }
  return String(cString: p)
}

private func removeTree(_ path: String) {
  _ = system("rm -rf '\(path)'")
}

private func write(_ text: String, to path: String) {
  guard let f = fopen(path, "w") else { return }
  fputs(text, f)
  fclose(f)
}

/// Collects warnings instead of printing them.
private final class Warnings {
  var lines: [String] = []
  var collect: (String) -> Void { { [unowned self] in self.lines.append($0) } }
}

@Suite("History file path")
struct HistoryFilePathTests {
  @Test func xdgStateHomeFirst() {
    #expect(
      HistoryFile.path(programName: "nnsh", environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
        == "/s/nnsh/history")
    #expect(HistoryFile.path(programName: "nnsh", environment: ["XDG_STATE_HOME": "/s/"]) == "/s/nnsh/history")
  }

  @Test func homeWhenThereIsNoStateDirectory() {
    #expect(HistoryFile.path(programName: "nnsh", environment: ["HOME": "/h"]) == "/h/.nnsh_history")
    // The XDG specification: a relative or empty path is ignored.
    #expect(HistoryFile.path(programName: "nnsh", environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.nnsh_history")
    #expect(HistoryFile.path(programName: "nnsh", environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.nnsh_history")
  }

  @Test func noHomeNoFile() {
    #expect(HistoryFile.path(programName: "nnsh", environment: [:]) == nil)
    #expect(HistoryFile.path(programName: "nnsh", environment: ["HOME": ""]) == nil)
  }
}

@Suite("History")
struct HistoryTests {
  @Test func boundedOldestGoesFirst() {
    let h = History(file: nil, capacity: 3, programName: "nnsh")
    for line in ["a", "b", "c", "d", "e"] { h.add(line) }
    #expect(h.entries == ["c", "d", "e"])
  }

  @Test func consecutiveDuplicatesAndBlankLinesAreSkipped() {
    let h = History(file: nil, programName: "nnsh")
    for line in ["show W1", "show W1", "train", "", "   ", "show W1", "show W1\n"] { h.add(line) }
    #expect(h.entries == ["show W1", "train", "show W1"])
  }

  @Test func aMultiLineBlockIsOneEntryAndSurvivesTheFile() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let file = dir + "/state/nnsh/history"  // the directories do not exist yet
    let warnings = Warnings()
    let h = History(file: file, programName: "nnsh", warn: warnings.collect)
    h.add("repeat 2 {\n  show 1\n}")
    h.add("let a = [1 2; 3 4]")
    h.save()
    #expect(warnings.lines.isEmpty)
    let again = History(file: file, programName: "nnsh", warn: warnings.collect)
    again.load()
    #expect(again.entries == ["repeat 2 {\n  show 1\n}", "let a = [1 2; 3 4]"])
    #expect(warnings.lines.isEmpty)
  }

  @Test func boundedWhenLoading() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let file = dir + "/history"
    let big = History(file: file, capacity: 10, programName: "nnsh")
    for i in 1...10 { big.add("show \(i)") }
    big.save()
    let small = History(file: file, capacity: 4, programName: "nnsh")
    small.load()
    #expect(small.entries == ["show 7", "show 8", "show 9", "show 10"])
  }

  @Test func aMissingFileIsAFirstSessionNotAWarning() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let warnings = Warnings()
    let h = History(file: dir + "/none", programName: "nnsh", warn: warnings.collect)
    h.load()
    #expect(warnings.lines.isEmpty)
    #expect(h.entries.isEmpty)
  }

  @Test func anUnreadableFileWarnsOnceAndIsLeftAlone() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let file = dir + "/history"
    // Not libedit's format (a readline history, say): readable, but not ours to overwrite.
    write("show 1\nshow 2\n", to: file)
    let warnings = Warnings()
    let h = History(file: file, programName: "nnsh", warn: warnings.collect)
    h.load()
    h.add("train")
    h.save()
    h.save()
    #expect(warnings.lines.count == 1)
    #expect(warnings.lines.first?.hasPrefix("nnsh: warning: cannot read the history file \(file)") == true)
    var contents = [CChar](repeating: 0, count: 64)
    if let f = fopen(file, "r") {
      _ = fread(&contents, 1, 63, f)
      fclose(f)
    }
    #expect(String(cString: contents) == "show 1\nshow 2\n")
  }

  @Test func aDirectoryInTheWayWarnsOnce() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let warnings = Warnings()
    let h = History(file: dir, programName: "nnsh", warn: warnings.collect)
    h.load()
    #expect(warnings.lines.count == 1)
    #expect(warnings.lines.first?.contains("directory") == true)
  }

  @Test func anUnwritableFileWarnsOncePerSession() {
    // Nobody, root included, can create a file in /proc.
    let file = "/proc/nnsh-history-test"
    let warnings = Warnings()
    let h = History(file: file, programName: "nnsh", warn: warnings.collect)
    h.load()
    #expect(warnings.lines.isEmpty)
    h.add("show 1")
    h.save()
    h.add("show 2")
    h.save()
    #expect(warnings.lines == ["nnsh: warning: cannot write the history file \(file): No such file or directory"])
    #expect(h.entries == ["show 1", "show 2"])
  }

  @Test func aFileWhereADirectoryShouldBeWarnsOnce() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    write("x", to: dir + "/blocker")
    let warnings = Warnings()
    let h = History(file: dir + "/blocker/nnsh/history", programName: "nnsh", warn: warnings.collect)
    h.load()
    h.add("show 1")
    h.save()
    #expect(warnings.lines.count == 1)
    #expect(h.entries == ["show 1"])
  }
}

@Suite("Interrupt")
struct InterruptTests {
  // One test: the flag is process-wide, and tests run in parallel.
  @Test func sigintOnlySetsAFlagUntilCleared() {
    Interrupt.install()
    Interrupt.clear()
    #expect(!Interrupt.requested)
    Interrupt.request()
    #expect(Interrupt.requested)
    Interrupt.clear()
    #expect(!Interrupt.requested)
    // The real signal path (SIGINT → flag → the statement stops) is driven through a
    // pseudo-terminal in nnshTests' InteractiveTests; raising SIGINT inside this parallel
    // test process proved unreliable.
    #expect(Interrupt.terminationSignal == nil)
  }

  /// Saving replaces the file atomically: a linked history (dotfile managers link it)
  /// stays a link, and no temporary file is left.
  @Test func savingThroughALinkKeepsTheLinkAndLeavesNoTemporary() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    #expect(mkdir(dir + "/dotfiles", 0o700) == 0)
    #expect(symlink("dotfiles/history", dir + "/history") == 0)
    let warnings = Warnings()
    let h = History(file: dir + "/history", programName: "nnsh", warn: warnings.collect)
    h.add("show 5")
    h.save()
    h.add("show 6")
    h.save()
    #expect(warnings.lines.isEmpty)
    var info = stat()
    #expect(lstat(dir + "/history", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    let again = History(file: dir + "/history", programName: "nnsh")
    again.load()
    #expect(again.entries == ["show 5", "show 6"])
    let listing = (try? directoryListing(dir + "/dotfiles")) ?? []
    #expect(listing == ["history"])
  }

  /// A write that fails (here, the writer says so; in life a full disk or `ulimit -f`)
  /// leaves the old file and no temporary file.
  @Test func aFailedReplaceKeepsTheOldFile() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    write("old\n", to: dir + "/history")
    let problem = HistoryFile.replace(dir + "/history") { stream in
      fputs("half of the new", stream)
      return "No space left on device"
    }
    #expect(problem == "No space left on device")
    #expect((try? directoryListing(dir)) == ["history"])
    let fifo = dir + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(HistoryFile.replace(fifo) { _ in nil } == "it is a named pipe (FIFO), not a regular file")
    #expect(HistoryFile.replace(dir + "/new") { stream in fputs("x", stream) < 0 ? "fputs" : nil } == nil)
    #expect((try? directoryListing(dir)) == ["fifo", "history", "new"])
  }

  /// A FIFO, a device or a huge file is not read (no blocking, no gigabytes): one
  /// warning, and this session does not write over it.
  @Test func aHistoryThatIsNotARegularFileIsNotReadNorWritten() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    #expect(mkfifo(dir + "/fifo", 0o600) == 0)
    #expect(symlink("/dev/zero", dir + "/zero") == 0)
    let fd = creat(dir + "/huge", 0o600)
    close(fd)
    #expect(truncate(dir + "/huge", off_t(HistoryFile.maxBytes + 1)) == 0)
    for (name, reason) in [("fifo", "it is a named pipe (FIFO)"), ("zero", "it is a device"), ("huge", "larger than 4 MiB")] {
      let warnings = Warnings()
      let h = History(file: dir + "/" + name, programName: "nnsh", warn: warnings.collect)
      h.load()
      h.add("show 1")
      h.save()
      #expect(warnings.lines.count == 1, "\(name): \(warnings.lines)")
      #expect(warnings.lines.first?.contains(reason) == true, "\(name): \(warnings.lines)")
      #expect(h.entries == ["show 1"])
    }
    var info = stat()
    #expect(stat(dir + "/huge", &info) == 0 && Int(info.st_size) == HistoryFile.maxBytes + 1)
  }
}

/// The names in a directory, sorted, without `.` and `..`.
private func directoryListing(_ path: String) throws -> [String] {
  (DirectoryEntry.list(path) ?? []).map(\.name).sorted()
}
