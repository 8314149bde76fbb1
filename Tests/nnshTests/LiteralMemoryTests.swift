import Foundation
import Testing

/// Issue 13, item 7: parsing is inside the memory budget. A script holding one large
/// matrix literal, or made of many small statements, peaks at a few times its text size
/// (before: ~100 bytes per entry, 1.07 GB for 10 MB of literal; 680 MB for 10 MB of
/// statements), measured as the peak resident set of the real binary.
@Suite struct LiteralMemoryTests {
  @Test func aLargeLiteralPeaksAtAFewTimesItsText() throws {
    // 2 M entries of two bytes each ("7 "), 4 MB of text: 1000 × 2000.
    var text = "let A = ["
    for i in 0..<1000 {
      text += (0..<2000).map { String(($0 + i) % 10) }.joined(separator: " ")
      text += i < 999 ? "\n" : "]\nprint size(A)\nrepeat 300 { let t = rand(20, 20) * rand(20, 20) }\n"
    }
    let run = try BinaryRunner.peakOfRun(text: text, named: "big.nn")
    #expect(run.status == 0)
    #expect(run.peakBytes > 0, "no VmHWM")
    // The entries alone are 16 MB as the literal's numbers plus 16 MB as the matrix;
    // ~25 MB is the process at rest. A token per entry would be over 200 MB.
    let limit = 60_000_000 + 12 * text.utf8.count
    #expect(run.peakBytes <= limit, "peak \(run.peakBytes / 1_000_000) MB for \(text.utf8.count / 1_000_000) MB of text")
  }

  /// 100,000 statements, 2.7 MB, checked before any runs: a syntax error on the last
  /// line means only parsing happens. Holding every token and statement tree took over
  /// 60 bytes per byte of text (170 MB here); a token stream holds a few tokens and one
  /// statement at a time.
  @Test func manySmallStatementsParseWithinAFewTimesTheirText() throws {
    var text = ""
    for i in 1...100_000 {
      text += i % 100 == 0 ? "let α\(i) = 2  # ∂J/∂W\r\n" : "let a\(i) = 0.1234 * 2 + 1\n"
    }
    text += "let = \n"
    let run = try BinaryRunner.peakOfRun(text: text, named: "many.nn")
    #expect(run.status == 1)
    #expect(run.peakBytes > 0, "no VmHWM")
    let limit = 40_000_000 + 4 * text.utf8.count
    #expect(run.peakBytes <= limit, "peak \(run.peakBytes / 1_000_000) MB for \(text.utf8.count / 1_000_000) MB of text")
  }
}
