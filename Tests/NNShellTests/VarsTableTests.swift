import Testing

@testable import NNShell

/// `vars` columns line up for any widths of names, shapes and values (issue 13), counted
/// in Characters; lists whose entries fit the old widths print as they did.
@Suite("vars table")
struct VarsTableTests {
  func vars(_ text: String) -> [String] {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: text + "\nvars")) == .completed, "\(console.errors)")
    return console.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("forward:") }
  }

  /// Where each line's n-th column starts (in Characters): after the n-th run of spaces.
  static func start(_ line: String, column n: Int) -> Int? {
    let characters = Array(line)
    var i = 0, seen = 0
    while i < characters.count {
      if characters[i] == " " {
        while i < characters.count && characters[i] == " " { i += 1 }
        seen += 1
        if seen == n { return i }
      } else {
        i += 1
      }
    }
    return nil
  }

  @Test func wideNamesShapesAndValuesLineUp() {
    let lines = vars("""
      let αβγδεζηθι = [1 2]
      let a_rather_long_name = -1234.5678
      let wide = zeros(1000, 10000)
      format digits=12
      net
      layer dense 1 -> 3 relu
      layer dense 1
      set b2 = [0.123456789012]
      forward x=[0.5] y=[1]
      """)
    #expect(lines.count == 15)
    // Every shape starts in one column, and so does every value.
    #expect(Set(lines.map { Self.start($0, column: 1) }).count == 1, "\(lines)")
    let values = lines.filter { $0.contains("1×1") }
    #expect(Set(values.map { Self.start($0, column: 2) }).count == 1, "\(values)")
    // Every notation W[1] … a[2] starts in one column, past the widest value beside one.
    let notes = lines.compactMap { line in line.firstRange(of: "[").map { line.distance(from: line.startIndex, to: $0.lowerBound) - 1 } }
    #expect(notes.count == 8 && Set(notes).count == 1, "\(lines)")
    #expect(lines.contains("b2                 1×1        0.123456789012  b[2]"))
  }

  @Test func narrowListsPrintAsBefore() {
    #expect(vars("let a = 1\nlet b = [1; 2]\nnet\nlayer dense 2 -> 2 relu") == [
      "a       1×1       1",
      "b       2×1",
      "W1      2×2         W[1]",
      "b1      2×1         b[1]",
    ])
  }
}
