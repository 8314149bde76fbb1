#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Synchronization

/// Ctrl-C, SIGTERM and SIGHUP as flags, the way Lua's interpreter handles them.
///
/// A signal handler may do almost nothing safely, so ours only store into lock-free
/// atomics; the rest of the program polls them at safe points: the line editor while it
/// waits for a key, the interpreter between training batches and loop iterations. The
/// process is never ended from a Ctrl-C handler, so a second Ctrl-C while a statement
/// is stopping still leaves a usable shell.
///
///     Interrupt.install()
///     interpreter.shouldStop = { Interrupt.requested }
///     interpreter.acknowledgeStop = { Interrupt.clear() }
public enum Interrupt {
  // Touched once by `install()` before any handler is installed, so the lazy
  // initialisation of these globals never runs inside a signal handler.
  private static let interruptFlag = Atomic<Bool>(false)
  private static let terminationFlag = Atomic<Int32>(0)
  private static let windowChangeFlag = Atomic<Bool>(false)
  private static let continueFlag = Atomic<Bool>(false)
  private static let installed = Atomic<Bool>(false)

  /// True once the user pressed Ctrl-C (or asked the process to end) and nobody has
  /// acknowledged it with `clear()` yet.
  public static var requested: Bool { interruptFlag.load(ordering: .acquiring) }

  /// Acknowledges an interrupt: the statement that noticed it has stopped.
  public static func clear() { interruptFlag.store(false, ordering: .releasing) }

  /// Raises the flag as Ctrl-C does (for tests and for callers that want to stop work).
  public static func request() { interruptFlag.store(true, ordering: .releasing) }

  /// SIGTERM or SIGHUP, once one has arrived: the shell saves its history and ends.
  public static var terminationSignal: Int32? {
    let s = terminationFlag.load(ordering: .acquiring)
    return s == 0 ? nil : s
  }

  /// Whether the terminal was resized since the last call (SIGWINCH), clearing it.
  static func takeWindowChange() -> Bool { windowChangeFlag.exchange(false, ordering: .acquiringAndReleasing) }

  /// Whether the process was continued after a stop (SIGCONT), clearing it.
  static func takeContinue() -> Bool { continueFlag.exchange(false, ordering: .acquiringAndReleasing) }

  /// Installs the handlers for SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGCONT. Calling
  /// it again does nothing.
  public static func install() {
    _ = interruptFlag.load(ordering: .relaxed)
    _ = terminationFlag.load(ordering: .relaxed)
    _ = windowChangeFlag.load(ordering: .relaxed)
    _ = continueFlag.load(ordering: .relaxed)
    guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
    for signo in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = handleSignal
      sigemptyset(&action.sa_mask)
      // SA_RESTART: output and `pause` keep working when Ctrl-C arrives mid-write; the
      // line editor does not need EINTR because it polls the flags while it waits.
      action.sa_flags = SA_RESTART
      sigaction(signo, &action, nil)
    }
  }

  /// Ends the process with `signal`'s default action (after the shell has cleaned up),
  /// so whoever sent SIGTERM or SIGHUP sees the process end by that signal.
  public static func endProcess(by signal: Int32) -> Never {
    fflush(stdout)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, signal)
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
    raise(signal)
    exit(128 + signal)
  }

  /// Only atomic stores (and `_exit`, which is async-signal-safe) happen here.
  private static let handleSignal: @convention(c) (Int32) -> Void = { signo in
    switch signo {
    case SIGINT:
      Interrupt.interruptFlag.store(true, ordering: .releasing)
    case SIGTERM, SIGHUP:
      // A second request while the first is still being honoured (a long computation
      // that does not poll) ends the process at once; the history was saved after
      // every entry, so nothing is lost.
      if Interrupt.terminationFlag.exchange(signo, ordering: .acquiringAndReleasing) != 0 {
        _exit(128 + signo)
      }
      Interrupt.interruptFlag.store(true, ordering: .releasing)
    case SIGWINCH:
      Interrupt.windowChangeFlag.store(true, ordering: .releasing)
    case SIGCONT:
      Interrupt.continueFlag.store(true, ordering: .releasing)
    default:
      break
    }
  }
}
