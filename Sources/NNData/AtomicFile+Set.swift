#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

extension AtomicFile {
  /// Writes several files into `folder` as one change (`export torch`'s model.py,
  /// train.py, model.safetensors, …): all of them or none.
  ///
  /// Each file is first written in full (and synced) under a hidden staging name next to
  /// its target, `.NAME.PID-set.tmp`, through `write(_:to:)`; only when every one has been
  /// written are they renamed into place, one after the other. If a write fails, the
  /// staging files written so far are removed and, when `folder` did not exist before,
  /// the folder too: the folder is as it was. (A rename on a local file system fails only
  /// when the folder itself changes under it; a failure there leaves the files renamed
  /// before it in place, and is reported naming the file.) A process killed while
  /// staging leaves only hidden `.tmp` files, which the next write of the same names
  /// removes (`removeStaleTemporaries`).
  ///
  ///     try AtomicFile.writeSet([("model.py", a), ("train.py", b)], into: "export")
  public static func writeSet(_ files: [(name: String, bytes: [UInt8])], into folder: String) throws {
    try writeSet(files, into: folder, failing: nil)
  }

  /// `writeSet`, with `failing` making that step of the write of file number `file`
  /// (0-based) fail as `write(_:to:failing:)` does (tests check the clean-up with it).
  static func writeSet(
    _ files: [(name: String, bytes: [UInt8])], into folder: String, failing: (file: Int, step: Step, errno: Int32)?
  ) throws {
    var info = stat()
    let existed = stat(folder, &info) == 0
    try makeFolder(folder)
    let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
    var staged: [(from: String, to: String)] = []
    func undo() {
      for s in staged { unlink(s.from) }
      if !existed { rmdir(folder) }
    }
    // A folder (or a pipe) where a file should go is refused before anything is written.
    for f in files {
      let target = base + "/" + f.name
      if stat(target, &info) == 0, let kind = notRegular(info.st_mode) {
        undo()
        throw DataError.cannotWrite(file: target, reason: kind == "a folder" ? "it is a folder" : "it is \(kind), not a regular file")
      }
    }
    for (k, f) in files.enumerated() {
      let target = base + "/" + f.name
      let staging = base + "/." + f.name + ".\(getpid())-set.tmp"
      do {
        try write(f.bytes, to: staging, failing: failing.flatMap { $0.file == k ? ($0.step, $0.errno) : nil })
      } catch let DataError.cannotWrite(_, reason) {
        undo()
        throw DataError.cannotWrite(file: target, reason: reason)
      }
      staged.append((staging, target))
    }
    for (k, s) in staged.enumerated() where rename(s.from, s.to) != 0 {
      let reason = lastError()
      for rest in staged[k...] { unlink(rest.from) }
      throw DataError.cannotWrite(file: s.to, reason: reason)
    }
  }
}
