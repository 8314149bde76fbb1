#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The character set the line editor works in: always UTF-8, as every text nnsh reads
/// and writes is.
///
/// libedit edits wide characters and writes them to the terminal with `wctomb`, and
/// measures their width with `wcwidth`; both follow the `LC_CTYPE` locale. A process
/// starts in the "C" locale, where neither knows anything beyond ASCII, so `é` would be
/// shown as `\U+E9` or dropped. So the editor takes the character type from the
/// environment (`LC_ALL`, `LC_CTYPE`, `LANG`) when it is UTF-8, and otherwise — unset,
/// `C`, `POSIX`, a locale that is not installed, or a non-UTF-8 one — falls back to
/// `C.UTF-8`, which every glibc since 2.35 (Debian 12) has built in.
///
/// Only `LC_CTYPE` is set: `LC_NUMERIC` would change the decimal point of `strtod` and
/// `printf` (`1,5` in a German locale) under the number formatting and parsing, and
/// nnsh's messages are not translated.
///
///     TerminalLocale.useUTF8()   // true: wctomb(L'∂') now writes E2 88 82
public enum TerminalLocale {
  /// Sets `LC_CTYPE` as above; false when no UTF-8 locale could be set (the editor still
  /// reads UTF-8 correctly then, but non-ASCII text is not drawn on the line).
  @discardableResult
  public static func useUTF8() -> Bool {
    if setlocale(LC_CTYPE, "") != nil, isUTF8 { return true }
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
      if isUTF8 { return true }
    }
    return false
  }

  /// Whether the current `LC_CTYPE` is UTF-8.
  public static var isUTF8: Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).lowercased()
    return name == "utf-8" || name == "utf8"
  }
}
