#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The entries of a folder, as `readdir` gives them: name and type (`DT_DIR`, `DT_LNK`, …).
///
/// The name is read through a pointer into the entry, up to its terminating zero, never by
/// loading the entry's `d_name` field as a value: Swift imports it as a 256-byte tuple, and
/// loading it copies 256 bytes, while glibc packs its records by `d_reclen`, so the last
/// record of its buffer may end just before an unmapped page. Copying the whole field then
/// read past the end of the buffer — the SIGSEGV in `memcpy` that `AtomicFile.write` hit
/// once in a while when the folder it cleaned was large.
///
///     for (name, type) in DirectoryEntries.read("/tmp") ?? [] where type == DT_DIR { print(name) }
public enum DirectoryEntries {
  /// Every entry but `.` and `..` (nil if the folder cannot be opened).
  public static func read(_ folder: String) -> [(name: String, type: UInt8)]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(directory) {
      let raw = UnsafeRawPointer(entry) + nameOffset
      let name = String(cString: raw.assumingMemoryBound(to: CChar.self))
      if name == "." || name == ".." { continue }
      entries.append((name, entry.pointee.d_type))
    }
    return entries
  }
}
