import NNEngine

/// The MNIST handwritten digits (Y. LeCun, C. Cortes, C. J. C. Burges), read from the four
/// IDX files of the original distribution when the user has them: `load mnist "DIR"`.
///
/// | file                      | header shape        | becomes                          |
/// |---------------------------|---------------------|----------------------------------|
/// | `train-images-idx3-ubyte` | (60000, 28, 28) u8  | samples 1…60000 of `X`, training |
/// | `train-labels-idx1-ubyte` | (60000,) u8         | their one-hot targets            |
/// | `t10k-images-idx3-ubyte`  | (10000, 28, 28) u8  | samples 60001…70000, the test part |
/// | `t10k-labels-idx1-ubyte`  | (10000,) u8         | their one-hot targets            |
///
/// Each image becomes one column of `X` (784 × 70000): the pixels row by row, as the file
/// stores them, scaled from 0…255 to [0, 1] (`x = byte / 255`), so the inputs are small
/// without `normalize`. `Y` is one-hot, 10 × 70000, with the classes named "0" … "9"
/// whatever labels occur. The training part is the train files' samples and the test
/// part the t10k files' ones — the split every MNIST result is reported on; a later
/// `split` replaces it. Features are named after their pixel, "r1c1" … "r28c28"
/// (1-based row and column).
///
/// The files must be uncompressed (they are downloaded as `.gz`; a `.gz` file or a
/// gzip-compressed file gets a message saying to unpack it). The names with a dot,
/// `train-images.idx3-ubyte`, as some mirrors spell them, are accepted too. Any IDX
/// files with the same layout work (Fashion-MNIST, other image sizes): images must be
/// unsigned bytes of at least 2 dimensions, labels unsigned bytes 0–9 of 1 dimension,
/// as many labels as images, and train and test images of the same size.
///
///     let d = try MNIST.load(directory: "mnist")
///     d.X.shape              // 784×70000
///     d.testIndices.count    // 10000
public enum MNIST {
  /// The four files, in the order they are read.
  public static let fileNames = [
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
  ]

  /// The number of classes, the digits 0 to 9.
  public static let classCount = 10

  /// Reads the four files of `directory` into one data set (see the type's description).
  public static func load(directory: String) throws -> Dataset {
    guard FileBytes.exists(path: directory) else {
      throw DataError.cannotRead(file: directory, reason: "there is no such folder")
    }
    guard FileBytes.isDirectory(path: directory) else {
      throw DataError.cannotRead(
        file: directory, reason: "it is a file, not a folder: load mnist takes the folder holding the four files")
    }
    let paths = try fileNames.map { try locate($0, in: directory) }

    // Check every header (and the labels, which are small) before allocating the
    // (large) data set; the images are then read straight into X, a chunk at a time.
    var trainImages = try ByteSource(path: paths[0])
    let trainImagesHeader = try imagesHeader(&trainImages)
    var trainLabels = try ByteSource(path: paths[1])
    let trainLabelsHeader = try labelsHeader(&trainLabels, images: trainImagesHeader, imagesFile: paths[0])
    var testImages = try ByteSource(path: paths[2])
    let testImagesHeader = try imagesHeader(&testImages)
    guard testImagesHeader.shape.dropFirst() == trainImagesHeader.shape.dropFirst() else {
      throw DataError.invalidDataset(
        "\(paths[2]): its images are \(sizeText(testImagesHeader.shape)) but those of \(paths[0]) are "
          + sizeText(trainImagesHeader.shape))
    }
    var testLabels = try ByteSource(path: paths[3])
    let testLabelsHeader = try labelsHeader(&testLabels, images: testImagesHeader, imagesFile: paths[2])

    let nTrain = trainLabelsHeader.header.count
    let nTest = testLabelsHeader.header.count
    let d = trainImagesHeader.count / nTrain
    let n = nTrain + nTest
    try Matrix.validate(rows: d, cols: n)

    // C order (image, row, column) is column-major (pixel, image): each image is one
    // column of X as it lies in the file, so the bytes go straight across.
    // Straight into the matrix's own storage (checked against the memory budget).
    let pixels = try MatrixStorage(checkedCount: d * n) { p in
      guard let base = p.baseAddress else { return }
      try IDXFile.readElements(&trainImages, trainImagesHeader, divisor: 255, into: base)
      try IDXFile.readElements(&testImages, testImagesHeader, divisor: 255, into: base + d * nTrain)
    }
    let labels = trainLabelsHeader.labels + testLabelsHeader.labels

    var data = try Dataset(
      name: "mnist", X: Matrix(rows: d, cols: n, columnMajor: pixels),
      Y: Dataset.oneHot(labels, classCount: classCount),
      featureNames: featureNames(imageShape: Array(trainImagesHeader.shape.dropFirst())),
      classNames: (0..<classCount).map(String.init))
    data.trainIndices = Array(0..<nTrain)
    data.testIndices = Array(nTrain..<n)
    data.testOrigin = .file("the t10k files of \(directory)")
    return data
  }

  /// The path of `name` in `directory`, or of its spelling with a dot
  /// (`train-images.idx3-ubyte`). A missing file whose `.gz` is there is a message about
  /// unpacking it.
  static func locate(_ name: String, in directory: String) throws -> String {
    let folder = directory.hasSuffix("/") ? directory : directory + "/"
    let dotted = dottedName(name)
    for candidate in [name, dotted] where FileBytes.exists(path: folder + candidate) {
      return folder + candidate
    }
    for candidate in [name, dotted] where FileBytes.exists(path: folder + candidate + ".gz") {
      throw DataError.compressedFile(file: folder + candidate + ".gz")
    }
    throw DataError.missingIDXFile(directory: directory, name: name, expected: fileNames)
  }

  /// The header of an images file: unsigned bytes, (images, rows, columns) or at least
  /// (images, pixels).
  static func imagesHeader(_ source: inout ByteSource) throws -> IDXFile.Header {
    let h = try IDXFile.readHeader(&source)
    guard h.type == .unsignedByte, h.shape.count >= 2 else {
      throw DataError.invalidDataset(
        "\(source.file): images must be unsigned bytes of shape (images, rows, columns), "
          + "but the file holds \(h.type.name) of shape \(IDXFile.describe(h.shape))")
    }
    return h
  }

  /// The header and labels of a labels file, checked against its images: unsigned bytes
  /// 0–9, one per image.
  static func labelsHeader(
    _ source: inout ByteSource, images: IDXFile.Header, imagesFile: String
  ) throws -> (header: IDXFile.Header, labels: [Int]) {
    let file = source.file
    let h = try IDXFile.readHeader(&source)
    guard h.type == .unsignedByte, h.shape.count == 1 else {
      throw DataError.invalidDataset(
        "\(file): labels must be unsigned bytes of shape (images,), "
          + "but the file holds \(h.type.name) of shape \(IDXFile.describe(h.shape))")
    }
    guard h.count == images.shape[0] else {
      throw DataError.sampleCountMismatch(
        xName: imagesFile, xCount: images.shape[0], yName: file, yCount: h.count)
    }
    let bytes = try source.bytes(h.count)
    guard bytes.count == h.count else {
      throw DataError.invalidIDX(file: file, reason: "the file ends inside its \(h.count) labels (it changed while being read)")
    }
    for (k, b) in bytes.enumerated() where Int(b) >= classCount {
      throw DataError.invalidDataset(
        "\(file): label \(k + 1) is \(b); MNIST labels are the digits 0 to 9")
    }
    return (h, bytes.map(Int.init))
  }

  /// "r1c1" … for images of (rows, columns); "p1" … for any other shape.
  static func featureNames(imageShape: [Int]) -> [String] {
    if imageShape.count == 2 {
      return (1...imageShape[0]).flatMap { r in (1...imageShape[1]).map { c in "r\(r)c\(c)" } }
    }
    return (1...imageShape.reduce(1, *)).map { "p\($0)" }
  }

  /// "train-images.idx3-ubyte" for "train-images-idx3-ubyte": the hyphen before "idx"
  /// becomes a dot.
  static func dottedName(_ name: String) -> String {
    var chars = Array(name)
    for i in chars.indices.dropLast(3) where chars[i] == "-" && String(chars[(i + 1)...(i + 3)]) == "idx" {
      chars[i] = "."
      break
    }
    return String(chars)
  }

  /// "28×28 pixels".
  static func sizeText(_ shape: [Int]) -> String {
    shape.dropFirst().map(String.init).joined(separator: "×") + " pixels"
  }
}
