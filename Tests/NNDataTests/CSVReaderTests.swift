import Foundation
import NNEngine
import Testing

@testable import NNData

@Suite struct CSVReaderTests {
  static let small = """
    sepal_length,sepal_width,species
    5.1,3.5,setosa
    7.0,3.2,versicolor
    6.3,3.3,virginica
    4.9,3.0,setosa

    """

  @Test func readsFeaturesAndClassTargetColumnsAsSamples() throws {
    let d = try csv(Self.small, target: .name("species"))
    #expect(d.X.shape == Shape(2, 4))
    #expect(d.X.column(0) == [5.1, 3.5])
    #expect(d.X.column(1) == [7.0, 3.2])
    #expect(d.featureNames == ["sepal_length", "sepal_width"])
    #expect(d.classNames == ["setosa", "versicolor", "virginica"])
    #expect(d.labels == [0, 1, 2, 0])
    #expect(d.Y.shape == Shape(3, 4))
    #expect(d.Y.column(1) == [0, 1, 0])
    #expect(d.name == "t.csv")
    #expect(d.trainIndices == [0, 1, 2, 3])
    #expect(d.testIndices.isEmpty)
  }

  @Test func targetByNumberByDefaultAndCaseInsensitively() throws {
    let byName = try csv(Self.small, target: .name("species"))
    #expect(try csv(Self.small, target: .number(3)) == byName)
    #expect(try csv(Self.small) == byName)  // nil: the last column
    #expect(try csv(Self.small, target: .name("SPECIES")) == byName)
    #expect(TargetColumn(parsing: "3") == .number(3))
    #expect(TargetColumn(parsing: "species") == .name("species"))
    let first = try csv(Self.small, target: .number(1), drop: ["species"])
    #expect(first.classNames == nil)  // 5.1, 7.0, … are not integers: regression
    #expect(first.Y.storage == [5.1, 7.0, 6.3, 4.9])
    #expect(first.featureNames == ["sepal_width"])
  }

  @Test func quotedFieldsWithSeparatorsQuotesAndNewlines() throws {
    let text = "name,x,label\n"
      + "\"Smith, J.\",1,\"say \"\"hi\"\"\"\n"
      + "\"two\nlines\",2,\"a\nb\"\n"
      + "plain,\"3.5\",\"say \"\"hi\"\"\"\n"
    let d = try csv(text, drop: ["name"])
    #expect(d.X.storage == [1, 2, 3.5])
    #expect(d.classNames == ["a\nb", "say \"hi\""])
    #expect(d.labels == [1, 0, 1])
  }

  @Test func lineNumbersCountLinesInsideQuotes() throws {
    // Record 2 spans lines 3–4, so the bad cell of the next record is on line 5.
    let text = "a,b\n1,2\n\"x\ny\",3\n4,oops\n"
    let error = dataError { try csv(text, target: .number(1), classes: .labels) }
    #expect(error == .notANumber(file: "t.csv", line: 5, column: 2, name: "b", text: "oops", firstRow: false))
  }

  @Test func crlfCrBomBlankLinesAndBlanksAroundFields() throws {
    let expected = try csv("a,b,c\n1,2,0\n3,4,1\n")
    #expect(try csv("a,b,c\r\n1,2,0\r\n3,4,1\r\n") == expected)
    #expect(try csv("a,b,c\r1,2,0\r3,4,1") == expected)
    #expect(try csv("\u{FEFF}a,b,c\n1,2,0\n3,4,1") == expected)
    #expect(try csv("\n\na,b,c\n\n1,2,0\n   \n3,4,1\n\n\n") == expected)
    #expect(try csv(" a , b ,c\n 1, 2 ,0\n3\t,4, 1 \n") == expected)
    #expect(expected.featureNames == ["a", "b"])
    #expect(expected.classNames == ["0", "1"])
  }

  @Test func noHeaderNamesColumnsByNumber() throws {
    let d = try csv("1,2,0\n3,4,1\n5,6,1\n", target: .number(3), header: false)
    #expect(d.sampleCount == 3)
    #expect(d.featureNames == ["1", "2"])
    #expect(d.X.storage == [1, 2, 3, 4, 5, 6])
    #expect(d.labels == [0, 1, 1])
    let dropped = try csv("1,2,0\n3,4,1\n", target: .number(3), header: false, drop: ["1"])
    #expect(dropped.featureNames == ["2"])
  }

  @Test func otherSeparators() throws {
    let d = try csv("a;b;y\n1.5;2;0\n3;4;1\n", separator: ";")
    #expect(d.X.storage == [1.5, 2, 3, 4])
    // "1,5" is not a number with ';' as separator.
    let error = dataError { try csv("a;b;y\n1,5;2;0\n3;4;1\n", separator: ";") }
    #expect(error == .notANumber(file: "t.csv", line: 2, column: 1, name: "a", text: "1,5", firstRow: true))
    let tabs = try csv("a\tb\ty\n1\t2\t0\n3\t4\t1\n", separator: "\t")
    #expect(tabs.X.storage == [1, 2, 3, 4])
  }

  @Test func droppedColumnsAreNotRead() throws {
    let d = try csv("id,x,comment,y\nA7,1,\"anything, really\",no\nB8,2,,yes\n", target: .name("y"), drop: ["id", "comment"])
    #expect(d.featureNames == ["x"])
    #expect(d.X.storage == [1, 2])
    #expect(d.classNames == ["no", "yes"])
  }

  @Test func integerClassesSortNumericallyTextByCodePoint() throws {
    let ints = try csv("x,y\n1,10\n2,2\n3,-1\n4,2.0\n5,10\n")
    #expect(ints.classNames == ["-1", "2", "10"])
    #expect(ints.labels == [2, 1, 0, 1, 2])  // "2" and "2.0" are the same class
    let text = try csv("x,y\n1,b\n2,B\n3,a\n4,é\n5,b\n")
    #expect(text.classNames == ["B", "a", "b", "é"])
    #expect(text.labels == [2, 0, 1, 3, 2])
    // Shuffled rows give the same classes (sorted, not order of appearance).
    let shuffled = try csv("x,y\n4,é\n3,a\n1,b\n2,B\n")
    #expect(shuffled.classNames == text.classNames)
  }

  @Test func classModes() throws {
    let text = "x,y\n1,0.5\n2,1.5\n3,0.5\n"
    let auto = try csv(text)
    #expect(auto.classNames == nil)
    #expect(auto.Y.shape == Shape(1, 3))
    let labels = try csv(text, classes: .labels)
    #expect(labels.classNames == ["0.5", "1.5"])
    #expect(labels.labels == [0, 1, 0])
    let values = try csv("x,y\n1,0\n2,1\n3,7\n", classes: .values)
    #expect(values.classNames == nil)
    #expect(values.Y.storage == [0, 1, 7])
    // Mixed numbers and text under .auto: every value is a text label.
    let mixed = try csv("x,y\n1,1\n2,one\n3,1\n")
    #expect(mixed.classNames == ["1", "one"])
  }

  @Test func numberFormats() throws {
    let d = try csv("a,y\n1e3,0\n-.5,1\n+2.,0\n0.30000000000000004,1\n-0,0\n1E-2,1\n")
    #expect(d.X.storage == [1000, -0.5, 2, 0.30000000000000004, 0, 0.01])
    #expect(d.X.storage[4].sign == .minus)
  }

  @Test func readsAFile() throws {
    let path = temporaryPath(".csv")
    try FileBytes.write(Array("a,b\n1,2\n3,4\n".utf8), path: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let d = try CSVReader.read(path: path, target: .name("b"), classes: .values)
    #expect(d.X.storage == [1, 3])
    #expect(d.Y.storage == [2, 4])
    #expect(d.name.hasSuffix(".csv"))
  }
}
