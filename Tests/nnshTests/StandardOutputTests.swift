import Foundation
import Testing

/// Standard output that cannot be written (a full disk, a closed descriptor, a pipe
/// whose reader has gone): the built binary, driven from a shell as a user would.
@Suite("Standard output write errors")
struct StandardOutputTests {
  /// Runs a bash script with `$NNSH` set to the built binary; returns bash's stdout and
  /// stderr (the script echoes the status it wants to check).
  private func bash(_ script: String) throws -> (stdout: String, stderr: String) {
    let r = try BinaryRunner.bash(script)
    return (r.stdout, r.stderr)
  }

  static let fullDisk = "nnsh: error: cannot write to standard output: No space left on device\n"
  static let closed = "nnsh: error: cannot write to standard output: Bad file descriptor\n"

  @Test func aFullDiskIsReportedOnceAndExitsOne() throws {
    let r = try bash(#""$NNSH" -c 'print "hi"' > /dev/full; echo "status $?""#)
    #expect(r.stdout == "status 1\n")
    #expect(r.stderr == Self.fullDisk)
    // Many writes, one report; the script stops at the first failure.
    let many = try bash(#""$NNSH" -c 'repeat 100000 { print "x" }' > /dev/full; echo "status $?""#)
    #expect(many.stdout == "status 1\n")
    #expect(many.stderr == Self.fullDisk)
  }

  @Test func aClosedStandardOutputIsReportedOnceAndExitsOne() throws {
    let r = try bash(#""$NNSH" -c 'print "hi"' >&-; echo "status $?""#)
    #expect(r.stdout == "status 1\n")
    #expect(r.stderr == Self.closed)
    // Nothing to write, nothing wrong.
    let quiet = try bash(#""$NNSH" -c 'let a = 1' >&-; echo "status $?""#)
    #expect(quiet.stdout == "status 0\n")
    #expect(quiet.stderr == "")
  }

  @Test func aFileSavedWithStandardOutputClosedGetsNoneOfTheOutput() throws {
    // The first file opened would take descriptor 1 if nothing held it.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-closed-stdout-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try bash(
      #"cd "\#(dir.path)" && "$NNSH" -c 'let a = [1 2]; save a "a.npy"; print "hello"' >&-; echo "status $?"; grep -c hello a.npy"#)
    #expect(r.stdout == "status 1\n0\n")
    #expect(r.stderr == Self.closed)
  }

  @Test func helpAndVersionCheckTheirWriteToo() throws {
    let r = try bash(#""$NNSH" --version > /dev/full; echo "status $?"; "$NNSH" --help > /dev/full; echo "status $?""#)
    #expect(r.stdout == "status 1\nstatus 1\n")
    #expect(r.stderr == Self.fullDisk + Self.fullDisk)
  }

  @Test func underHeadTheShellEndsAtOnce() throws {
    // As other tools: ended by SIGPIPE (status 141) when SIGPIPE has its default action,
    // or, when it is ignored, by the EPIPE error (status 1, reported once). Either way it
    // does not print the other 99 999 lines into the void.
    let r = try bash(#""$NNSH" -c 'repeat 100000 { print "x" }' | head -1; echo "status ${PIPESTATUS[0]}""#)
    #expect(r.stdout.hasPrefix("x\nstatus "))
    let status = r.stdout.split(separator: " ").last.map { String($0.dropLast()) }
    #expect(status == "141" || (status == "1" && r.stderr == "nnsh: error: cannot write to standard output: Broken pipe\n"))
    let ignored = try bash(#"trap '' PIPE; "$NNSH" -c 'repeat 100000 { print "x" }' | head -1; echo "status ${PIPESTATUS[0]}""#)
    #expect(ignored.stdout == "x\nstatus 1\n")
    #expect(ignored.stderr == "nnsh: error: cannot write to standard output: Broken pipe\n")
  }
}
