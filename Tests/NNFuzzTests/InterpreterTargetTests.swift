import NNShell
import Testing

@testable import NNFuzz

/// The interpreter target runs no statement that writes a file: a picture's `to "f.svg"`
/// is refused written as a pair as well as as an option (the pair once slipped through).
@Suite struct InterpreterTargetTests {
  static func allowed(_ text: String) -> Bool {
    Parser.parse(SourceText(name: "f.nn", text: text)).statements.allSatisfy(FuzzTarget.isAllowed)
  }

  @Test func picturesThatWriteFilesAreRefused() {
    #expect(Self.allowed("plot W1"))
    #expect(!Self.allowed("plot W1 to=\"w.svg\""))
    #expect(!Self.allowed("plot W1 to \"w.svg\""))
    #expect(!Self.allowed("draw net to \"n.svg\""))
    #expect(!Self.allowed("repeat 2 { plot loss to \"l.svg\" }"))
    #expect(!Self.allowed("save W1 \"w.npy\""))
  }
}
