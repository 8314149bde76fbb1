import Foundation
import Testing

/// The error catalogue: `Tests/Scripts/err_cat_CLASS_CASE.nn`, one small script per
/// failure class — syntax errors of each kind, unknown names, bad options and values,
/// shape mismatches of each operation, bad files of each format (the files are in
/// `Tests/Scripts/catalogue/`), limits, NaN and infinite numbers, statements out of order.
///
/// `GoldenScriptTests` checks each one's exact output, diagnostic and exit status like
/// every golden script; this suite checks what holds for all of them: no case ends in a
/// signal, each prints at least one diagnostic, every diagnostic starts with
/// `FILE:LINE:COL: error:` (or `warning:`), and the exit status is 1 exactly when there was
/// an error.
@Suite struct ErrorCatalogueTests {
  static var cases: [String] { GoldenScriptTests.scripts.filter { $0.hasPrefix("err_cat_") } }

  @Test func thereAreAtLeastSixtyCases() {
    #expect(Self.cases.count >= 60)
  }

  @Test func everyClassIsCovered() {
    for kind in ["syntax", "name", "value", "shape", "file", "limit", "nan", "run"] {
      #expect(Self.cases.contains { $0.hasPrefix("err_cat_\(kind)_") }, "no case of class \(kind)")
    }
  }

  @Test(arguments: cases)
  func diagnosticNamesItsPlace(_ name: String) throws {
    let result = try BinaryRunner.run(["run", name], directory: GoldenScriptTests.scriptsFolder)
    #expect(!result.endedBySignal, "\(name) ended by signal \(result.status)")
    let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // FILE:LINE:COL: error: … (FILE is the script or a file it sources).
    let position = #"^[A-Za-z0-9_./-]+\.nn:[0-9]+:[0-9]+: (error|warning): .+"#
    let headers = lines.filter { $0.contains(": error: ") || $0.contains(": warning: ") }
    #expect(!headers.isEmpty, "\(name) printed no diagnostic:\n\(result.stderr)")
    for header in headers {
      #expect(header.range(of: position, options: .regularExpression) != nil, "\(name): no FILE:LINE:COL in: \(header)")
    }
    let failed = headers.contains { $0.contains(": error: ") }
    #expect(result.status == (failed ? 1 : 0), "\(name): exit status \(result.status)")
  }
}
