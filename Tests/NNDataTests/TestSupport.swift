import Foundation
import NNEngine

@testable import NNData

/// Paths of the fixture files next to these tests (found through `#filePath`, so the
/// tests work from any working directory).
enum Fixtures {
  static let directory: String = {
    let here = #filePath  // …/Tests/NNDataTests/TestSupport.swift
    return (here as NSString).deletingLastPathComponent + "/Fixtures"
  }()

  static func path(_ name: String) -> String { directory + "/" + name }

  static func bytes(_ name: String) throws -> [UInt8] {
    try FileBytes.read(path: path(name))
  }
}

/// A fresh path in the temporary directory (the file is not created).
func temporaryPath(_ suffix: String) -> String {
  NSTemporaryDirectory() + "/nndata-test-\(UUID().uuidString)\(suffix)"
}

/// Reads CSV text with the given options (file name "t.csv" in messages).
func csv(
  _ text: String, target: TargetColumn? = nil, separator: Character = ",", header: Bool = true,
  drop: [String] = [], classes: ClassMode = .auto
) throws -> Dataset {
  try CSVReader.read(
    text: text, name: "t.csv", target: target, separator: separator.asciiValue ?? 0x2C, header: header,
    drop: drop, classes: classes)
}

/// The error a throwing expression throws, as a DataError (nil if none or another type).
func dataError<T>(_ body: () throws -> T) -> DataError? {
  do {
    _ = try body()
    return nil
  } catch let error as DataError {
    return error
  } catch {
    return nil
  }
}
