import Testing

@testable import NNEngine
@testable import NNShell

/// Heatmaps of values at the ends of the Double range (issue 13): the shades span the
/// finite values without overflow, infinities and NaN have their own marks named in the
/// legend, and the lowest shade is never blank.
@Suite("Heatmap extremes")
struct HeatmapExtremesTests {
  func plot(_ text: String, color: Bool = false) -> (lines: [String], console: CapturingConsole) {
    let console = CapturingConsole()
    console.useColor = color
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    #expect(outcome == .completed, "\(console.errors)")
    return (console.output.split(separator: "\n").map(String.init), console)
  }

  @Test func rangeWiderThanTheLargestDoubleIsShaded() {
    // high − low = 2e308 overflows: every cell was blank and the legend "blank ≥ NaN".
    let (lines, _) = plot("plot [1 1e308; -1e308 1]")
    #expect(lines == [
      "[1 1e308; -1e308 1] (2×2): min -1e+308, max 1e+308",
      "    1 2",
      "  1 ▒▒██",
      "  2 ··▒▒",
      "legend: · ≥ -1e+308  ░ ≥ -6e+307  ▒ ≥ -2e+307  ▓ ≥ 2e+307  █ ≥ 6e+307",
    ])
    let ascii = plot("plot [1 1e308; -1e308 1] ascii=yes").lines
    #expect(ascii[2] == "  1 ++@@" && ascii[3] == "  2 ''++")
    #expect(!ascii.joined().contains("NaN") && !ascii.joined().contains("Inf"))
  }

  @Test func infinitiesAndNaNHaveTheirOwnMarks() {
    // Was "min 1, max 1" with Inf, -Inf and NaN drawn like the smallest value.
    let (lines, _) = plot("plot [1 2 1/0; -1/0 0/0 3]")
    #expect(lines[0] == "[1 2 1/0; -1/0 0/0 3] (2×3): min 1, max 3 of the finite elements; 1 Inf, 1 -Inf,")
    #expect(lines[1] == "  1 NaN")
    #expect(lines[3] == "  1 ··▒▒▲▲")
    #expect(lines[4] == "  2 ▼▼??██")
    #expect(lines[5] == "legend: · ≥ 1  ░ ≥ 1.4  ▒ ≥ 1.8  ▓ ≥ 2.2  █ ≥ 2.6  ▲ = Inf  ▼ = -Inf  ? = NaN")
    let ascii = plot("plot [1 2 1/0; -1/0 0/0 3] ascii=yes").lines
    #expect(ascii[3] == "  1 ''++^^" && ascii[4] == "  2 vv??@@")
    #expect(ascii.last == "        # >= 2.4  % >= 2.6  @ >= 2.8  ^ = Inf  v = -Inf  ? = NaN")
  }

  @Test func oneFiniteValueAmongNonFiniteOnes() {
    let (lines, _) = plot("plot [1 1/0; -1/0 0/0]")
    #expect(lines[0].hasPrefix("[1 1/0; -1/0 0/0] (2×2): min 1, max 1 of the finite elements; 1 Inf, 1 -Inf, 1"))
    #expect(lines[3] == "  1 ▒▒▲▲" && lines[4] == "  2 ▼▼??")
    #expect(lines[5] == "legend: ▒ = 1 (every finite element shown has this value)  ▲ = Inf  ▼ = -Inf")
    #expect(lines[6] == "        ? = NaN")
  }

  @Test func nothingFinite() {
    let (lines, _) = plot("plot zeros(2, 2) / 0")
    #expect(lines == ["zeros(2, 2) / 0 (2×2): no finite elements; 4 NaN", "    1 2", "  1 ????", "  2 ????", "legend: ? = NaN"])
  }

  @Test func averagedBlocksKeepNonFiniteElementsAndDoNotOverflow() throws {
    // One Inf among 200 ones, averaged in 1×3 blocks: its block shows ▲.
    let (lines, _) = plot("plot [ones(1, 100) 1/0 ones(1, 99)]")
    #expect(lines[0].hasSuffix("min 1, max 1 of the finite elements; 1 Inf"))
    #expect(lines[3].filter { $0 == "▲" }.count == 1)
    #expect(lines.last == "legend: ▒ = 1 (every finite element shown has this value)  ▲ = Inf")
    // Means of blocks whose sum overflows stay finite; NaN wins over infinities, and
    // opposite infinities make NaN (as IEEE means have it).
    let m = try Matrix(rowsOf: [[1e308, 1e308, .infinity, .nan, .infinity, -.infinity, -.infinity, 1]])
    let blocks = try Heatmap.blockAverages(m, rowBlock: 1, columnBlock: 2)
    #expect(blocks[0][0] == 1e308)
    #expect(blocks[0][1].isNaN && blocks[0][2].isNaN)
    #expect(blocks[0][3] == -.infinity)
  }

  @Test func colourShowsTheMarksToo() {
    let (lines, _) = plot("plot [1 1/0; -1/0 0/0]", color: true)
    #expect(lines[3].contains(ANSI.style(foreground: 201, background: nil) + "▲▲"))
    #expect(lines[4].contains("??"))
    let wide = plot("plot [1 -1e308; 1e308 3]", color: true).lines
    // The colour bar runs from min to max: no Inf in the middle of it.
    #expect(!wide.joined().contains(ANSI.style(foreground: nil, background: 201)))
  }
}
