import NNData

/// The teaching walkthroughs shipped with nnsh (`Walkthroughs/NN-name.nn`, also reachable
/// as `scripts/walkthroughs/`), one per part of the notes. The first comment line of
/// each file is its one-line description.
public enum Walkthroughs {
  public struct Entry: Sendable {
    public var number: Int
    public var file: String
    public var path: String
    public var summary: String
  }

  static let files = [
    "01-structure.nn", "02-one-neuron.nn", "03-vectorized.nn", "04-loss.nn", "05-chain-rule.nn",
    "06-backprop.nn", "07-sgd.nn", "08-gradcheck.nn", "09-iris.nn",
  ]

  /// Every walkthrough, in order, with its description; throws if they cannot be found.
  public static func all() throws -> [Entry] {
    try files.enumerated().map { i, file in
      let path = try BundledResources.path(of: file, bundle: "nnsh_NNShell.resources", folder: "Walkthroughs", sourceFile: #filePath)
      let text = (try? FileText.read(path)) ?? ""
      let first = text.split(separator: "\n").first { $0.hasPrefix("#") } ?? ""
      let summary = first.drop { $0 == "#" || $0 == " " }
      return Entry(number: i + 1, file: file, path: path, summary: String(summary))
    }
  }

  /// The listing `nnsh learn` prints.
  public static func listing() throws -> String {
    var text = "Walkthroughs (nnsh learn N runs one; nnsh learn FILE.nn runs your own):\n"
    for e in try all() { text += "  \(String(e.number).leftPadding(2))  \(e.summary)\n" }
    return text
  }
}
