import Foundation
import Testing

@testable import NNData

/// The fast path must give exactly the double `strtod` gives, and agree on what is a number.
@Suite struct DecimalParserTests {
  func parse(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { b in
      DecimalParser.parse(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count, strtodUsesDot: true)
    }
  }

  func reference(_ text: String) -> Double? {
    text.withCString { p -> Double? in
      var end: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(p, &end)
      guard let e = end, e == UnsafeMutablePointer(mutating: p) + strlen(p), strlen(p) > 0 else { return nil }
      return v
    }
  }

  @Test func edgeCasesMatchStrtod() {
    let cases = [
      "0", "-0", "+0", "0.000", "00012", "1", "255", "-17", "5.1", ".5", "5.", "+2.", "-.25", "1e3", "1E+03",
      "1e-3", "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993", "9007199254740993.0",
      "123456789012345678", "1234567890123456789", "12345678901234567890", "0.30000000000000004",
      "0.1000000000000000000000000000001", "100000000000000000000000", "1.50000000000000000000000",
      "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e308", "1e309", "-1e-400",
      "3.14159265358979323846", "0.000000000000000000000000000001", "6e-3",
    ]
    for c in cases {
      let mine = parse(c)
      let theirs = reference(c)
      #expect(mine?.bitPattern == theirs?.bitPattern, "\(c): \(String(describing: mine)) vs \(String(describing: theirs))")
    }
  }

  @Test func nonNumbersAreRefused() {
    for c in ["", ".", "e5", "1e", "1e+", "--1", "1.2.3", "abc", "1 2", " 1", "1,5", "0x", "+", "-"] {
      #expect(parse(c) == nil, "\(c)")
    }
  }

  /// strtod reads hexadecimal; a CSV number is decimal (as pandas reads it), so these are
  /// not numbers. `inf` and `nan` still parse (the reader then says "not a finite number").
  @Test func hexadecimalIsNotADecimalNumber() {
    for c in ["0x10", "0X10", "-0x1", "+0x1p3", "0x1.8p1", "0xff"] {
      #expect(reference(c) != nil, "strtod reads \(c)")
      #expect(parse(c) == nil, "\(c)")
    }
    #expect(parse("inf") == .infinity)
    #expect(parse("-Infinity") == -.infinity)
    #expect(parse("nan")?.isNaN == true)
    #expect(parse("1e5") == 100_000)
  }

  @Test func randomDecimalsMatchStrtod() {
    var g = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let v = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
      let digits = Int.random(in: 1...17)
      let magnitude = Double.random(in: -8...8)
      let x = (Double.random(in: 0..<1) * pow(10, magnitude)).rounded(.down) / pow(10, Double(Int.random(in: 0...9)))
      for text in [String(format: "%.\(digits)g", v), String(format: "%.\(digits)f", x), String(format: "%.\(digits)e", x), "\(x)"] {
        let mine = parse(text)
        #expect(mine?.bitPattern == reference(text)?.bitPattern, "\(text)")
      }
    }
  }
}
