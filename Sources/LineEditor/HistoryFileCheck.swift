#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Checks a history file's lines before libedit loads it.
///
/// libedit stores each entry `strvis`-encoded (`print\040"h\303\251llo"`) and decodes it
/// on loading with `strunvis`, ignoring its result: a line with a bad escape (`\\\ `)
/// leaves the decoded buffer without its terminating NUL, and libedit then copies past
/// the end of it (a heap over-read found by `scripts/fuzz interactive`). So every line
/// after the `_HiStOrY_V2_` header is decoded here first with the same `strunvis`; a
/// file with a line it refuses is not loaded (the shell warns once and starts).
///
///     HistoryFileCheck.firstMalformedLine(in: "/home/a/.nnsh_history")  // nil: safe to load
enum HistoryFileCheck {
  /// The 1-based number of the first line `strunvis` refuses, or nil (also when the file
  /// is not a regular file, cannot be read, or `strunvis` is not available).
  static func firstMalformedLine(in path: String) -> Int? {
    guard let decode = strunvis else { return nil }
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= HistoryFile.maxBytes,
      let f = fopen(path, "r")
    else { return nil }
    defer { fclose(f) }
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    var number = 0
    while true {
      let n = getline(&line, &capacity, f)
      guard n >= 0, let text = line else { return nil }
      number += 1
      if number == 1 { continue }  // the header
      if n > 0, text[n - 1] == 10 { text[n - 1] = 0 }
      // strunvis never writes more than its input (plus the NUL).
      var decoded = [CChar](repeating: 0, count: n + 8)
      if decode(&decoded, text) < 0 { return number }
    }
  }

  private typealias Unvis = @convention(c) (UnsafeMutablePointer<CChar>?, UnsafePointer<CChar>?) -> Int32

  /// The `strunvis` libedit itself uses (libbsd's on Linux, libc's elsewhere).
  private static let strunvis: Unvis? = {
    guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "strunvis") else { return nil }
    return unsafeBitCast(symbol, to: Unvis.self)
  }()
}
