#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import ArgumentParser
import NNEngine
import NNShell

// Before anything is opened: a file must never take standard output's number.
StandardOutput.reserveStandardDescriptors()
// A file-size limit (`ulimit -f`) must make a write fail with EFBIG, reported as an error
// where it happened, not end the process with SIGXFSZ (see AtomicFile).
signal(SIGXFSZ, SIG_IGN)

Allocator.keepLargeBlocks()

// Usage errors exit with 2 (as the issue and most Unix tools do), not ArgumentParser's 64.
// Every way out flushes standard output first, checked: a failed write is reported and
// the status is 1 (`StandardOutput`), even for --help and --version.
do {
  var command = try NnshCommand.parseAsRoot()
  try command.run()
  StandardOutput.flush()
} catch {
  let code = NnshCommand.exitCode(for: error)
  if code == .success {
    // --help, --version: their text goes to standard output, written and flushed here
    // (ArgumentParser's own exit would not check the write).
    let text = NnshCommand.fullMessage(for: error)
    if !text.isEmpty { StandardOutput.write(text + "\n") }
    StandardOutput.flush()
    NnshCommand.exit(withError: ExitCode.success)
  }
  StandardOutput.flush()
  if let exit = error as? ExitCode {
    NnshCommand.exit(withError: exit)
  }
  Terminal.writeError(NnshCommand.fullMessage(for: error) + "\n")
  NnshCommand.exit(withError: ExitCode(2))
}
