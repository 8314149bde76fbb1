#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Opening a file to read it whole, without ever blocking on something that is not a file.
///
/// Opening a named pipe (FIFO) for reading waits for a writer, and reading a device such
/// as `/dev/zero` never ends; neither can be interrupted from the shell. So the file is
/// opened with `O_NONBLOCK` (which makes the open itself return at once), its type is
/// checked with `fstat`, and anything that is not a regular file is refused with a reason;
/// only then is `O_NONBLOCK` cleared for the reads.
///
///     let fd = try ReadableFile.open("iris.csv")   // or DataError.cannotRead
///     defer { close(fd.descriptor) }
///
/// `allowingPipes` accepts a pipe as well (opened blocking, as `cat` does): `nnsh run
/// <(…)` and `nnsh run /dev/stdin` read a script from one. Statements never pass it.
public enum ReadableFile {
  /// An open file: its descriptor (the caller closes it) and its size from `fstat`.
  public struct Opened {
    public var descriptor: Int32
    public var size: Int
  }

  public static func open(_ path: String, allowingPipes: Bool = false) throws -> Opened {
    func failure(_ reason: String) -> DataError { .cannotRead(file: path, reason: reason) }
    let fd = systemOpen(path, O_RDONLY | O_CLOEXEC | (allowingPipes ? 0 : O_NONBLOCK))
    guard fd >= 0 else { throw failure(AtomicFile.lastError()) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let reason = AtomicFile.lastError()
      close(fd)
      throw failure(reason)
    }
    let type = info.st_mode & S_IFMT
    if let kind = AtomicFile.notRegular(info.st_mode), !(allowingPipes && type == S_IFIFO) {
      close(fd)
      switch type {
      case S_IFDIR: throw failure("it is a directory")
      case S_IFCHR, S_IFBLK: throw failure("it is a device, not a file")
      default: throw failure("it is \(kind), not a regular file")
      }
    }
    if !allowingPipes {
      let flags = fcntl(fd, F_GETFL)
      if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    }
    return Opened(descriptor: fd, size: Int(info.st_size))
  }
}

// `open` is shadowed by the static method above inside `ReadableFile`.
@inline(__always) private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
  open(path, flags)
}
