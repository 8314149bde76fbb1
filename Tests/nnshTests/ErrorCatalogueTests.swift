import Foundation
import Testing

/// The error catalogue: `Tests/Scripts/errors/CLASS/err_cat_CLASS_CASE.nn`, one small
/// script per failure class — syntax errors of each kind, unknown names, bad options and
/// values, shape mismatches of each operation, bad files of each format (the files are in
/// `errors/file/fixtures/`), limits, NaN and infinite numbers, statements out of order.
///
/// `GoldenScriptTests` checks each one's exact output, diagnostic and exit status like
/// every golden script; this suite checks what holds for all of them: no case ends in a
/// signal, each prints at least one diagnostic, every diagnostic starts with
/// `FILE:LINE:COL: error:` (or `warning:`), and the exit status is 1 exactly when there was
/// an error.
@Suite struct ErrorCatalogueTests {
  static let classes = ["syntax", "name", "value", "shape", "file", "limit", "nan", "run"]

  /// The cases' paths under `Tests/Scripts` ("errors/shape/err_cat_shape_add.nn").
  static var cases: [String] { GoldenScriptTests.scripts.filter { GoldenScriptTests.fileName($0).hasPrefix("err_cat_") } }

  @Test func thereAreAtLeastSixtyCases() {
    #expect(Self.cases.count >= 60)
  }

  @Test func everyClassIsCovered() {
    for kind in Self.classes {
      #expect(Self.cases.contains { GoldenScriptTests.fileName($0).hasPrefix("err_cat_\(kind)_") }, "no case of class \(kind)")
    }
  }

  /// `errors/CLASS/` holds exactly the cases of CLASS, so a case is found by its name.
  @Test func everyCaseIsInTheFolderOfItsClass() {
    for path in GoldenScriptTests.allScripts where path.hasPrefix("errors/") || GoldenScriptTests.fileName(path).hasPrefix("err_cat_") {
      let parts = path.split(separator: "/").map(String.init)
      let named = parts.count == 3 && Self.classes.contains(parts[1]) && parts[2].hasPrefix("err_cat_\(parts[1])_")
      #expect(named, "\(path): an error case lives in errors/CLASS/err_cat_CLASS_CASE.nn")
    }
  }

  @Test(arguments: cases)
  func diagnosticNamesItsPlace(_ name: String) throws {
    let result = try GoldenScriptTests.run(name)
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
