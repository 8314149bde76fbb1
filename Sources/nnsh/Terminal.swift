#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

enum Terminal {
  static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  static func writeError(_ text: String) {
    var t = text
    t.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stderr) }
  }
}
