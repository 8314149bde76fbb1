import Foundation
import NNEngine
import Testing

@testable import NNData

/// A tiny MNIST written by the tests: 3 training and 2 test images of 2×3 pixels.
struct TinyMNIST {
  let directory: String
  static let trainPixels: [Double] = [0, 255, 51, 102, 0, 255, /**/ 1, 2, 3, 4, 5, 6, /**/ 255, 255, 255, 0, 0, 0]
  static let trainLabels: [Double] = [7, 0, 9]
  static let testPixels: [Double] = [10, 20, 30, 40, 50, 60, /**/ 0, 0, 0, 0, 0, 255]
  static let testLabels: [Double] = [3, 7]

  /// Writes the four files (with `names`, the standard ones by default) into a new folder.
  init(names: [String] = MNIST.fileNames) throws {
    directory = temporaryPath("-mnist")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try IDXFile.write(Self.trainPixels, shape: [3, 2, 3], path: path(names[0]))
    try IDXFile.write(Self.trainLabels, shape: [3], path: path(names[1]))
    try IDXFile.write(Self.testPixels, shape: [2, 2, 3], path: path(names[2]))
    try IDXFile.write(Self.testLabels, shape: [2], path: path(names[3]))
  }

  func path(_ name: String) -> String { directory + "/" + name }

  /// Replaces one file by raw bytes.
  func overwrite(_ name: String, _ bytes: [UInt8]) throws {
    try FileBytes.write(bytes, path: path(name))
  }

  func remove(_ name: String) {
    try? FileManager.default.removeItem(atPath: path(name))
  }
}

@Suite struct MNISTTests {
  let images = MNIST.fileNames[0], labels = MNIST.fileNames[1]
  let testImages = MNIST.fileNames[2], testLabels = MNIST.fileNames[3]

  @Test func loadsTrainThenTest() throws {
    let tiny = try TinyMNIST()
    let d = try MNIST.load(directory: tiny.directory)
    #expect(d.name == "mnist")
    #expect(d.X.shape == Shape(6, 5))
    #expect(d.Y.shape == Shape(10, 5))
    #expect(d.classNames == (0...9).map(String.init))
    #expect(d.labels == [7, 0, 9, 3, 7])
    #expect(d.trainIndices == [0, 1, 2])
    #expect(d.testIndices == [3, 4])
    #expect(d.testOrigin == .file("the t10k files of \(tiny.directory)"))
    // A split keeps the t10k test part and holds out validation from the training files.
    var split = d
    var g = RandomGenerator(seed: 1)
    try split.split(trainFraction: 0.67, generator: &g, stratified: false)
    #expect(split.testIndices == [3, 4] && split.trainIndices.count == 2 && split.validationIndices.count == 1)
    // Image j is column j, its pixels row by row, scaled to [0, 1].
    #expect(d.X.column(0) == [0, 1, 0.2, 0.4, 0, 1])
    #expect(d.X.column(3) == TinyMNIST.testPixels[0..<6].map { $0 / 255 })
    #expect(d.X.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(d.featureNames == ["r1c1", "r1c2", "r1c3", "r2c1", "r2c2", "r2c3"])
    #expect(try d.testX.shape == Shape(6, 2))
  }

  @Test func acceptsTheDottedNamesAndATrailingSlash() throws {
    let tiny = try TinyMNIST(names: MNIST.fileNames.map(MNIST.dottedName))
    #expect(MNIST.dottedName("t10k-labels-idx1-ubyte") == "t10k-labels.idx1-ubyte")
    let d = try MNIST.load(directory: tiny.directory + "/")
    #expect(d.sampleCount == 5)
  }

  @Test func compressedFilesAreExplained() throws {
    let tiny = try TinyMNIST()
    tiny.remove(images)
    try tiny.overwrite(images + ".gz", [0x1F, 0x8B, 8, 0])
    let e = dataError { try MNIST.load(directory: tiny.directory) }
    #expect(e == .compressedFile(file: tiny.path(images + ".gz")))
    #expect(e?.description.contains("unpack it first (gunzip ") == true)
    // A compressed file under the plain name.
    try tiny.overwrite(images, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0])
    #expect(dataError { try MNIST.load(directory: tiny.directory) } == .compressedFile(file: tiny.path(images)))
  }

  @Test func missingFilesAndFolders() throws {
    let tiny = try TinyMNIST()
    tiny.remove(testLabels)
    let e = dataError { try MNIST.load(directory: tiny.directory) }
    #expect(e == .missingIDXFile(directory: tiny.directory, name: testLabels, expected: MNIST.fileNames))
    #expect(e?.description.contains("there is no file t10k-labels-idx1-ubyte") == true)
    #expect(dataError { try MNIST.load(directory: tiny.directory + "/nothing") }
      == .cannotRead(file: tiny.directory + "/nothing", reason: "there is no such folder"))
    let file = tiny.path(labels)
    #expect(dataError { try MNIST.load(directory: file) }?.description.contains("it is a file, not a folder") == true)
  }

  @Test func malformedFilesAreClearErrors() throws {
    let tiny = try TinyMNIST()
    func message() -> String { dataError { try MNIST.load(directory: tiny.directory) }?.description ?? "loaded" }

    // A label that is not a digit.
    try tiny.overwrite(labels, IDXFile.encode([7, 10, 9], shape: [3]))
    #expect(message() == "\(tiny.path(labels)): label 2 is 10; MNIST labels are the digits 0 to 9")
    // Fewer labels than images.
    try tiny.overwrite(labels, IDXFile.encode([7, 0], shape: [2]))
    #expect(message() == "\(tiny.path(images)) has 3 samples but \(tiny.path(labels)) has 2")
    // Labels of the wrong type or rank.
    try tiny.overwrite(labels, IDXFile.encode([7, 0, 9], shape: [3], type: .int))
    #expect(message().contains("labels must be unsigned bytes of shape (images,), but the file holds 32-bit integers of shape (3)"))
    try tiny.overwrite(labels, IDXFile.encode([7, 0, 9], shape: [3, 1]))
    #expect(message().contains("shape (3, 1)"))
    try tiny.overwrite(labels, IDXFile.encode(TinyMNIST.trainLabels, shape: [3]))
    #expect(message() == "loaded")

    // Images with one dimension, truncated, or of another size than the training ones.
    try tiny.overwrite(images, IDXFile.encode(TinyMNIST.trainPixels, shape: [18]))
    #expect(message().contains("images must be unsigned bytes of shape (images, rows, columns)"))
    try tiny.overwrite(images, Array(IDXFile.encode(TinyMNIST.trainPixels, shape: [3, 2, 3]).dropLast()))
    #expect(message().contains("not a valid IDX file: the header's shape (3, 2, 3) of unsigned bytes needs 18 bytes"))
    try tiny.overwrite(images, IDXFile.encode(TinyMNIST.trainPixels, shape: [3, 3, 2]))
    #expect(message() == "\(tiny.path(testImages)): its images are 2×3 pixels but those of \(tiny.path(images)) are 3×2 pixels")
    // A bad magic number.
    try tiny.overwrite(testImages, [1, 2, 3, 4] + Array(repeating: 0, count: 12))
    #expect(message().contains("the magic number 0x01020304 does not start with two zero bytes"))
    // Empty files.
    try tiny.overwrite(testImages, [])
    #expect(message().contains("the file has 0 bytes"))
  }

  @Test func otherImageShapesNameTheirPixels() {
    #expect(MNIST.featureNames(imageShape: [2, 2]) == ["r1c1", "r1c2", "r2c1", "r2c2"])
    #expect(MNIST.featureNames(imageShape: [3]) == ["p1", "p2", "p3"])
    #expect(MNIST.featureNames(imageShape: [1, 2, 2]).count == 4)
  }
}
