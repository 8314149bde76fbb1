/// The cells run in this kernel, for `history_request` (`jupyter console`'s up-arrow,
/// `%history`-like front ends): `tail` (the last n), `range` (cells start..<stop of a
/// session) and `search` (a glob pattern, `*` and `?`, optionally unique, the last n).
/// Entries are `[session, line, input]`, or `[session, line, [input, output]]` when
/// output is asked for. The session number is 1: one kernel, one session.
struct KernelHistory {
  struct Entry {
    var line: Int
    var input: String
    var output: String?
  }
  static let session = 1
  private(set) var entries: [Entry] = []

  mutating func append(line: Int, input: String, output: String?) {
    entries.append(Entry(line: line, input: input, output: output))
  }

  /// The `history` list of the reply to a request's content.
  func reply(to request: JSONObject) -> [Any] {
    let n = request["n"] as? Int
    let chosen: [Entry]
    switch request["hist_access_type"] as? String ?? "tail" {
    case "range":
      let session = request["session"] as? Int ?? KernelHistory.session
      // A negative session counts back from the current one; there is only this one.
      guard session == KernelHistory.session || session == 0 else { return [] }
      let start = request["start"] as? Int ?? 1
      let stop = request["stop"] as? Int
      chosen = entries.filter { e in e.line >= start && (stop.map { e.line < $0 } ?? true) }
    case "search":
      let pattern = request["pattern"] as? String ?? "*"
      var matches = entries.filter { KernelHistory.glob(pattern, matches: $0.input) }
      if request["unique"] as? Bool == true {
        // The latest of each input, in the order they were last run.
        var seen = Set<String>()
        matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
      }
      chosen = n.map { Array(matches.suffix(max(0, $0))) } ?? matches
    default:
      chosen = Array(entries.suffix(max(0, n ?? 10)))
    }
    let withOutput = request["output"] as? Bool == true
    return chosen.map { e -> [Any] in
      [KernelHistory.session, e.line, withOutput ? [e.input, e.output ?? ""] as [Any] : e.input]
    }
  }

  /// Shell-style glob matching of the whole text: `*` any run, `?` one character.
  static func glob(_ pattern: String, matches text: String) -> Bool {
    let p = Array(pattern), t = Array(text)
    var pi = 0, ti = 0
    var star = -1, mark = 0
    while ti < t.count {
      if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
        pi += 1
        ti += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
