#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Standard output, written the way Unix tools write it: every write and every flush is
/// checked, and the first one that fails (a full disk, a closed descriptor, a pipe whose
/// reader left while SIGPIPE is ignored) is reported once on standard error and ends
/// the process with status 1 —
///
///     $ nnsh -c 'print "hi"' > /dev/full
///     nnsh: error: cannot write to standard output: No space left on device
///
/// — rather than letting a script run on with its results going nowhere. Output is
/// buffered, so a failure may only show at a flush: the interpreter flushes after each
/// statement, and the program flushes (checked) once more before it exits.
///
/// Under `| head` with SIGPIPE at its default (as a shell leaves it), the process simply
/// ends by SIGPIPE, as `cat` or `seq` would.
public enum StandardOutput {
  /// Appends to standard output's buffer; a failed write ends the process.
  public static func write(_ text: String) {
    var t = text
    let failed = t.withUTF8 { buffer -> Bool in
      buffer.isEmpty ? false : fwrite(buffer.baseAddress, 1, buffer.count, stdout) != buffer.count
    }
    if failed { fail(errno) }
  }

  /// Writes out what is buffered; a failed write ends the process.
  public static func flush() {
    if fflush(stdout) != 0 { fail(errno) }
    // A write by someone else (Swift's `print`) that failed and was not retried.
    if ferror(stdout) != 0 { fail(EIO) }
  }

  /// Gives each of standard input, output and error that the process was started
  /// without (`nnsh >&-`) a descriptor on `/dev/null` opened for reading only, before
  /// anything else is opened. Otherwise the first file opened (a `save`) would get
  /// descriptor 1 and receive the program's output. Read-only, a write to it still fails
  /// as a write to a closed descriptor does (EBADF), so the failure is reported.
  public static func reserveStandardDescriptors() {
    for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
      let opened = open("/dev/null", O_RDONLY)
      if opened >= 0, opened != fd {
        // Not the lowest free number after all: put it where it belongs.
        _ = dup2(opened, fd)
        close(opened)
      }
    }
  }

  /// The message for a failed write, e.g. "nnsh: error: cannot write to standard
  /// output: No space left on device".
  static func message(errorNumber: Int32) -> String {
    "nnsh: error: cannot write to standard output: \(String(cString: strerror(errorNumber)))\n"
  }

  /// Reports the failure (once: the process ends here) and exits with status 1. The
  /// buffered output is dropped first, so exiting does not try to write it again.
  private static func fail(_ errorNumber: Int32) -> Never {
    let text = message(errorNumber: errorNumber == 0 ? EIO : errorNumber)
    fputs(text, stderr)
    fflush(stderr)
    // Everything in stdout's buffer is lost already; _exit skips the flush that
    // exit() would attempt on it, and nothing else in the process is left half-done
    // by a write to standard output (files are written through temporary files).
    _exit(1)
  }
}
