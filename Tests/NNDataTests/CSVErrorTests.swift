import NNEngine
import Testing

@testable import NNData

/// Every CSV error names the file, the line and, for a cell, the column.
@Suite struct CSVErrorTests {
  @Test func messageReadsLikeAnError() {
    let error = DataError.notANumber(
      file: "iris.csv", line: 17, column: 3, name: "petal_length", text: "abc", firstRow: false)
    #expect(error.description == "iris.csv:17: column 3 ('petal_length'): 'abc' is not a number")
    let first = DataError.notANumber(file: "a.csv", line: 2, column: 1, name: "name", text: "Bob", firstRow: true)
    #expect(first.description.contains("drop=name"))
  }

  @Test func raggedRows() {
    #expect(
      dataError { try csv("a,b,c\n1,2,3\n4,5\n") }
        == .raggedRow(file: "t.csv", line: 3, expected: 3, found: 2))
    #expect(
      dataError { try csv("a,b,c\n1,2,3\n\n4,5,6,7\n") }
        == .raggedRow(file: "t.csv", line: 4, expected: 3, found: 4))
    #expect(
      dataError { try csv("a,b\n1,2,\n") } == .raggedRow(file: "t.csv", line: 2, expected: 2, found: 3))
    let message = DataError.raggedRow(file: "t.csv", line: 3, expected: 3, found: 2).description
    #expect(message == "t.csv:3: this row has 2 fields but the header has 3")
  }

  @Test func emptyCells() {
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n3,,1\n") }
        == .emptyCell(file: "t.csv", line: 3, column: 2, name: "b"))
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n3,4,\"\"\n") }
        == .emptyCell(file: "t.csv", line: 3, column: 3, name: "y"))
    #expect(
      dataError { try csv("a,b,y\n1,  ,0\n") } == .emptyCell(file: "t.csv", line: 2, column: 2, name: "b"))
  }

  @Test func notANumber() {
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n3,4x,1\n") }
        == .notANumber(file: "t.csv", line: 3, column: 2, name: "b", text: "4x", firstRow: false))
    // A text feature column: reported on the first row, with the hint to drop it.
    #expect(
      dataError { try csv("name,b,y\nBob,2,0\n") }
        == .notANumber(file: "t.csv", line: 2, column: 1, name: "name", text: "Bob", firstRow: true))
    // A text target when values are asked for.
    #expect(
      dataError { try csv("a,y\n1,2\n2,x\n", classes: .values) }
        == .notANumber(file: "t.csv", line: 3, column: 2, name: "y", text: "x", firstRow: false))
    #expect(
      dataError { try csv("a,y\n1,2\nnan,3\n") }
        == .notFinite(file: "t.csv", line: 3, column: 1, name: "a", text: "nan"))
    #expect(
      dataError { try csv("a,y\n1e999,3\n4,5\n") }
        == .notFinite(file: "t.csv", line: 2, column: 1, name: "a", text: "1e999"))
    // Hexadecimal is not a decimal number (strtod would read 0x10 as 16).
    #expect(
      dataError { try csv("a,y\n1,2\n0x10,3\n") }
        == .notANumber(file: "t.csv", line: 3, column: 1, name: "a", text: "0x10", firstRow: false))
    // Blanks around a number are allowed; exponents and signs are numbers.
    #expect((try? csv("a,y\n 1 ,2\n1e5,3\n+.5,2\n"))?.X.cols == 3)
  }

  @Test func noDataRows() {
    #expect(dataError { try csv("") } == .noDataRows(file: "t.csv"))
    #expect(dataError { try csv("a,b,y\n") } == .noDataRows(file: "t.csv"))
    #expect(dataError { try csv("a,b,y\n\n\r\n") } == .noDataRows(file: "t.csv"))
    #expect(dataError { try csv("\u{FEFF}") } == .noDataRows(file: "t.csv"))
  }

  @Test func unknownTargetAndColumns() {
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n", target: .name("z")) }
        == .unknownTarget(file: "t.csv", target: "z", columns: ["a", "b", "y"]))
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n", target: .number(4)) }
        == .unknownTarget(file: "t.csv", target: "4", columns: ["a", "b", "y"]))
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n", target: .number(0)) }
        == .unknownTarget(file: "t.csv", target: "0", columns: ["a", "b", "y"]))
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n", drop: ["q"]) }
        == .unknownColumn(file: "t.csv", name: "q", columns: ["a", "b", "y"]))
    #expect(
      dataError { try csv("a,b,y\n1,2,0\n", drop: ["y"]) } == .targetDropped(file: "t.csv", name: "y"))
    #expect(
      dataError { try csv("a,a,y\n1,2,0\n", target: .name("a")) }
        == .ambiguousColumn(file: "t.csv", name: "a", columns: [1, 2]))
    #expect(dataError { try csv("y\n1\n2\n") } == .noFeatures(file: "t.csv"))
    let message = DataError.unknownTarget(file: "t.csv", target: "z", columns: ["a", "b"]).description
    #expect(message == "t.csv: no column 'z' for the target; the columns are 'a', 'b'")
  }

  @Test func quoteErrors() {
    #expect(
      dataError { try csv("a,y\n1,2\n3,\"x\"y\n") } == .misplacedQuote(file: "t.csv", line: 3, column: 2))
    #expect(
      dataError { try csv("a,y\n1,2\n3,ab\"c\n") } == .misplacedQuote(file: "t.csv", line: 3, column: 2))
    #expect(
      dataError { try csv("a,y\n1,2\n3,\"open\n\n") } == .unterminatedQuote(file: "t.csv", line: 3))
  }

  @Test func classCountLimits() {
    #expect(dataError { try csv("a,y\n1,x\n2,x\n") }.map { "\($0)" }?.contains("only one class") == true)
    let many = "a,y\n" + (0...CSVReader.maxClasses).map { "1,\($0)\n" }.joined()
    #expect(
      dataError { try csv(many) }
        == .tooManyClasses(file: "t.csv", name: "y", count: CSVReader.maxClasses + 1, limit: CSVReader.maxClasses))
    #expect((try? csv(many, classes: .values))?.Y.cols == CSVReader.maxClasses + 1)
  }

  @Test func missingFileAndBadSeparator() {
    guard case .cannotRead(let file, let reason)? = dataError({ try CSVReader.read(path: "/nonexistent/x.csv") })
    else {
      Issue.record("expected cannotRead")
      return
    }
    #expect(file == "/nonexistent/x.csv")
    #expect(reason.contains("No such file"))
    #expect(dataError { try CSVReader.read(path: "/tmp") } == .cannotRead(file: "/tmp", reason: "it is a directory"))
    #expect(dataError { try csv("a\"b\n", separator: "\"") } != nil)
  }
}
