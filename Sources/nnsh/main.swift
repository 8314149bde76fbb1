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

// A file-size limit (`ulimit -f`) must make a write fail with EFBIG, reported as an error
// where it happened, not end the process with SIGXFSZ (see AtomicFile).
signal(SIGXFSZ, SIG_IGN)

Interpreter.fileVersion = NnshVersion.number
Allocator.keepLargeBlocks()

// Usage errors exit with 2 (as the issue and most Unix tools do), not ArgumentParser's 64.
do {
  var command = try NnshCommand.parseAsRoot()
  try command.run()
} catch {
  let code = NnshCommand.exitCode(for: error)
  if code == .success {
    NnshCommand.exit(withError: error)
  }
  if let exit = error as? ExitCode {
    NnshCommand.exit(withError: exit)
  }
  Terminal.writeError(NnshCommand.fullMessage(for: error) + "\n")
  NnshCommand.exit(withError: ExitCode(2))
}
