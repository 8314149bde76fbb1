import Foundation
import Testing

/// `Package.swift` against the sources: every target declares each of the package's
/// modules it imports. SwiftPM builds an undeclared import as long as some other target
/// happens to pull the module in first, so the module order (engine ← data ← shell,
/// line editor ← executable) would otherwise be only what the build happens to allow.
@Suite struct PackageManifestTests {
  /// Each target with its declared dependencies and its folder, read from Package.swift.
  static func targets() throws -> [(name: String, dependencies: Set<String>, folder: String)] {
    let manifest = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let pattern = #/\.(target|executableTarget|testTarget)\(\s*name: "([^"]+)",\s*dependencies: \[([^\]]*)\](?:[^)]*path: "([^"]+)")?/#
    return manifest.matches(of: pattern).map { m in
      let quoted = m.output.3.matches(of: #/"([^"]+)"/#).map { String($0.output.1) }
      let folder = m.output.4.map(String.init) ?? (m.output.1 == "testTarget" ? "Tests/" : "Sources/") + m.output.2
      return (String(m.output.2), Set(quoted), folder)
    }
  }

  @Test func everyTargetDeclaresTheModulesItImports() throws {
    let targets = try Self.targets()
    #expect(targets.count >= 10, "Package.swift was not read: \(targets.map(\.name))")
    let modules = Set(targets.map(\.name)).union(["CBLAS", "CLibEdit"])
    for target in targets {
      let folder = BinaryRunner.packageRoot.appendingPathComponent(target.folder)
      let files = FileManager.default.enumerator(atPath: folder.path)?.allObjects.compactMap { $0 as? String } ?? []
      for file in files where file.hasSuffix(".swift") {
        let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
          let words = line.split(separator: " ")
          guard let i = words.firstIndex(of: "import"), i == 0 || words[..<i] == ["@testable"], i + 1 < words.count else { continue }
          let module = String(words[i + 1])
          guard modules.contains(module) else { continue }
          #expect(target.dependencies.contains(module), "\(target.name) imports \(module) in \(file) but does not declare it")
        }
      }
    }
  }
}
