import Foundation

/// Finds the data files shipped with nnsh (`Resources/iris.csv`, `Resources/digits.csv`).
///
/// SwiftPM copies them into a bundle `nnsh_NNData.resources` next to the built binary
/// (the package declares `resources: [.copy("Resources")]`); `Bundle.module` would find
/// it, but its generated accessor calls `fatalError` when the bundle is missing — for
/// instance when the binary was copied somewhere else. So the lookup is done here,
/// without trapping, in this order:
/// 1. `$NNSH_RESOURCES/NAME` when that variable is set (a directory holding the CSVs);
/// 2. the bundle next to the running executable (`Bundle.main`), exactly where
///    `Bundle.module` looks first, and next to the executable's resolved path;
/// 3. the `Resources` folder of these sources (`#filePath`), which covers running from
///    the build tree whose bundle `Bundle.module` would find second.
/// When none has the file, `DataError.missingResource` lists the places searched.
///
///     let path = try BundledResources.path(of: "iris.csv")
public enum BundledResources {
  static let bundleName = "nnsh_NNData.resources"

  /// The full path of the shipped file `name` (e.g. "iris.csv").
  static func path(of name: String, sourceFile: String = #filePath) throws -> String {
    try path(of: name, bundle: bundleName, folder: "Resources", sourceFile: sourceFile)
  }

  /// The same search for another module's resources: `folder` inside the bundle `bundle`
  /// (SwiftPM names it `PACKAGE_MODULE.resources`), or next to `sourceFile`.
  public static func path(of name: String, bundle: String, folder: String, sourceFile: String) throws -> String {
    let candidates = searchDirectories(bundle: bundle, folder: folder, sourceFile: sourceFile)
    let files = FileManager.default
    for directory in candidates {
      let path = (directory as NSString).appendingPathComponent(name)
      if files.isReadableFile(atPath: path) { return path }
    }
    throw DataError.missingResource(name: name, searched: candidates)
  }

  /// The directories that may hold the files, most specific first.
  static func searchDirectories(sourceFile: String) -> [String] {
    searchDirectories(bundle: bundleName, folder: "Resources", sourceFile: sourceFile)
  }

  static func searchDirectories(bundle bundleName: String, folder: String, sourceFile: String) -> [String] {
    var result: [String] = []
    if let dir = ProcessInfo.processInfo.environment["NNSH_RESOURCES"], !dir.isEmpty {
      result.append(dir)
    }
    var executableDirs = [Bundle.main.bundleURL.path]
    if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path {
      executableDirs.append(exe)
    }
    for dir in executableDirs {
      let bundle = (dir as NSString).appendingPathComponent(bundleName)
      let path = (bundle as NSString).appendingPathComponent(folder)
      if !result.contains(path) { result.append(path) }
    }
    let sources = ((sourceFile as NSString).deletingLastPathComponent as NSString)
      .appendingPathComponent(folder)
    if !result.contains(sources) { result.append(sources) }
    return result
  }
}
