import NNEngine

/// What a network is made of, as nnsh writes it into a safetensors file's metadata so
/// that `load model` can rebuild it: the layers with their sizes and activations, and
/// the loss.
///
/// The layers are written as the `layer` statements that would build them, joined by
/// `; ` — readable in Python's `safe_open(...).metadata()` and easy to parse back:
///
///     layers = "dense 2 -> 3 relu; dense 3 -> 4 leaky_relu alpha=0.2; dense 4 -> 1 linear"
///     loss   = "mse"
///
/// A dropout after a layer is its own part, `dense 2 -> 16 relu; dropout 0.5; dense 16 -> 1
/// linear` (files without one read as before).
public struct ModelDescription: Equatable, Sendable {
  public struct Layer: Equatable, Sendable {
    public var inputs: Int
    public var outputs: Int
    public var activation: Activation
    /// p of the dropout after the layer (0 for none).
    public var dropout: Double

    public init(inputs: Int, outputs: Int, activation: Activation, dropout: Double = 0) {
      self.inputs = inputs
      self.outputs = outputs
      self.activation = activation
      self.dropout = dropout
    }

    /// `dense 2 -> 3 relu`, `dense 3 -> 4 leaky_relu alpha=0.2`, `dense 2 -> 16 relu; dropout 0.5`.
    public var text: String {
      var t = "dense \(inputs) -> \(outputs) \(activation.name)"
      if case .leakyReLU(let alpha) = activation { t += " alpha=\(alpha)" }
      if dropout > 0 { t += "; dropout \(dropout)" }
      return t
    }
  }

  public var layers: [Layer]
  public var loss: Loss

  public init(layers: [Layer], loss: Loss) {
    self.layers = layers
    self.loss = loss
  }

  /// The description of `network`.
  public init(_ network: Network) {
    layers = zip(network.layers, network.dropout).map {
      Layer(inputs: $0.inputSize, outputs: $0.outputSize, activation: $0.activation, dropout: $1)
    }
    loss = network.loss
  }

  /// The `layers` metadata value.
  public var layersText: String { layers.map(\.text).joined(separator: "; ") }

  /// Parses the `layers` and `loss` metadata values (`file` names the file in messages).
  public init(layers text: String, loss lossName: String, file: String) throws {
    func bad(_ reason: String) -> SafeTensorsError {
      .invalid(file: file, reason: "the model description in the metadata is damaged: \(reason)")
    }
    guard let loss = Loss(rawValue: lossName) else { throw bad("unknown loss '\(QuotedText.quoted(lossName))'") }
    var layers: [Layer] = []
    for part in text.split(separator: ";") {
      let words = part.split(separator: " ").map(String.init)
      if words.first == "dropout" {
        guard words.count == 2, let p = Double(words[1]), p >= 0, p < 1, let last = layers.indices.last, layers[last].dropout == 0
        else { throw bad("'\(QuotedText.quoted(part.trimmingSpaces))' is not 'dropout P' (0 ≤ P < 1) after a dense layer") }
        layers[last].dropout = p
        continue
      }
      guard words.count == 5 || words.count == 6, words[0] == "dense", words[2] == "->",
        let inputs = Int(words[1]), let outputs = Int(words[3]),
        (1...Int(Int32.max)).contains(inputs), (1...Int(Int32.max)).contains(outputs)
      else { throw bad("'\(QuotedText.quoted(part.trimmingSpaces))' is not 'dense IN -> OUT ACTIVATION'") }
      var alpha = 0.01
      if words.count == 6 {
        guard words[4] == "leaky_relu", words[5].hasPrefix("alpha="), let a = Double(words[5].dropFirst(6)), a.isFinite else {
          throw bad("'\(QuotedText.quoted(part.trimmingSpaces))' has an unexpected '\(QuotedText.quoted(words[5]))'")
        }
        alpha = a
      }
      guard let activation = Activation(name: words[4], alpha: alpha) else {
        throw bad("unknown activation '\(QuotedText.quoted(words[4]))'")
      }
      if let previous = layers.last, previous.outputs != inputs {
        throw bad("layer \(layers.count + 1) takes \(inputs) inputs but layer \(layers.count) gives \(previous.outputs)")
      }
      layers.append(Layer(inputs: inputs, outputs: outputs, activation: activation))
    }
    guard !layers.isEmpty else { throw bad("it lists no layers") }
    self.init(layers: layers, loss: loss)
  }
}

/// The parameters of one layer as found in a file, with the names they had there.
public struct LayerParameters: Equatable, Sendable {
  public var W: Matrix
  public var b: Matrix
  /// `W2`, or `2.weight` in a PyTorch state dict.
  public var weightName: String
  public var biasName: String
}

/// Networks in safetensors files: what `save`, `save grads`, `load weights` and
/// `load model` read and write.
///
/// nnsh writes, for layers l = 1…r, `W<l>` with shape `[n[l], n[l-1]]` (out × in, as
/// PyTorch's `Linear.weight`) and `b<l>` with shape `[n[l]]` (as `Linear.bias`), all
/// `F64` unless asked for `F32`; gradients are `dW<l>` and `db<l>`, shaped the same.
/// The metadata holds `nnsh` (the version), `content` (`parameters` or `gradients`),
/// `layers` and `loss` (see `ModelDescription`).
///
/// Reading accepts those names, and the names of a PyTorch `nn.Sequential` state dict —
/// `0.weight`, `0.bias`, `2.weight`, … (with any common prefix, such as `net.0.weight`)
/// — which are mapped to layers 1, 2, … in the order of their module numbers. A bias
/// may be `[n]` or `[n, 1]`. Everything is checked (names complete, shapes chained)
/// before anything is returned. NaN and infinite values are read as they are, as
/// PyTorch's safetensors stores and loads them (and as `save` writes them): the shell
/// warns about them, so the save/load pair agrees.
///
///     try SafeTensorsFile.parameters(of: net, version: "0.1.0").write(path: "m.safetensors")
///     var other = try SafeTensorsFile.read(path: "m.safetensors").model(file: "m.safetensors")
extension SafeTensorsFile {
  /// Metadata keys written by nnsh.
  public enum MetadataKey {
    public static let version = "nnsh"
    public static let content = "content"
    public static let layers = "layers"
    public static let loss = "loss"
  }

  /// The file `save` writes: every `W<l>` and `b<l>`, and the model description.
  public static func parameters(of network: Network, dtype: SafeTensorsDType = .f64, version: String) -> SafeTensorsFile {
    var tensors: [SafeTensor] = []
    for (k, layer) in network.layers.enumerated() {
      tensors.append(SafeTensor(name: "W\(k + 1)", matrix: layer.W, dtype: dtype))
      tensors.append(SafeTensor(name: "b\(k + 1)", matrix: layer.b, vector: true, dtype: dtype))
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata(network, content: "parameters", version: version))
  }

  /// The file `save grads` writes: every `dW<l>` and `db<l>` of the last backward pass.
  public static func gradients(of network: Network, dtype: SafeTensorsDType = .f64, version: String) -> SafeTensorsFile {
    var tensors: [SafeTensor] = []
    for k in network.layers.indices where k < network.dW.count && k < network.db.count {
      tensors.append(SafeTensor(name: "dW\(k + 1)", matrix: network.dW[k], dtype: dtype))
      tensors.append(SafeTensor(name: "db\(k + 1)", matrix: network.db[k], vector: true, dtype: dtype))
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata(network, content: "gradients", version: version))
  }

  /// The state dict of the PyTorch `nn.Sequential` that `TorchExport` writes: layer l's
  /// `Linear` is module `moduleIndices[l-1]` (each nonlinear activation is a module too).
  public static func torchStateDict(of network: Network, dtype: SafeTensorsDType = .f32, version: String) -> SafeTensorsFile {
    var tensors: [SafeTensor] = []
    for (layer, index) in zip(network.layers, torchModuleIndices(network)) {
      tensors.append(SafeTensor(name: "\(index).weight", matrix: layer.W, dtype: dtype))
      tensors.append(SafeTensor(name: "\(index).bias", matrix: layer.b, vector: true, dtype: dtype))
    }
    var meta = metadata(network, content: "parameters", version: version)
    meta["format"] = "pt"
    return SafeTensorsFile(tensors: tensors, metadata: meta)
  }

  /// The `nn.Sequential` index of each layer's `Linear`: a module per layer, and one more
  /// after it when its activation is not linear.
  public static func torchModuleIndices(_ network: Network) -> [Int] {
    var indices: [Int] = []
    var next = 0
    for layer in network.layers {
      indices.append(next)
      next += layer.activation == .linear ? 1 : 2
    }
    // A dropout is one more module after its layer's activation (`nn.Dropout(p)`).
    for l in indices.indices.reversed() where l < network.dropout.count && network.dropout[l] > 0 {
      for k in (l + 1)..<indices.count { indices[k] += 1 }
    }
    return indices
  }

  static func metadata(_ network: Network, content: String, version: String) -> [String: String] {
    let d = ModelDescription(network)
    return [
      MetadataKey.version: version, MetadataKey.content: content,
      MetadataKey.layers: d.layersText, MetadataKey.loss: d.loss.rawValue,
    ]
  }

  // MARK: Reading parameters

  /// The parameters of every layer, in order, from nnsh names (`W1 b1 …`) or a PyTorch
  /// `nn.Sequential` state dict (`0.weight 0.bias 2.weight …`), checked: every layer has
  /// a weight and a bias, the shapes chain (`W[l]` has as many columns as `W[l-1]` has
  /// rows, `b[l]` as many values as `W[l]` has rows). Non-finite values are kept.
  public func layerParameters(file: String) throws -> [LayerParameters] {
    func mismatch(_ reason: String) -> SafeTensorsError { .mismatch(file: file, reason: reason) }
    guard !tensors.isEmpty else { throw mismatch("the file holds no tensors") }
    if metadata[MetadataKey.content] == "gradients" || tensors.allSatisfy({ Self.gradientName($0.name) }) {
      throw mismatch(
        "the file holds gradients (\(Self.listNames(names))), not parameters; it was written by save grads")
    }

    if let stray = tensors.first(where: { Self.nnshParameter($0.name) == nil && Self.torchParameter($0.name) == nil }) {
      throw mismatch(
        "tensor '\(QuotedText.quoted(stray.name))' is neither an nnsh parameter (W1, b1, …) nor a weight or bias of a "
          + "PyTorch nn.Sequential (0.weight, 0.bias, 2.weight, …)")
    }
    let nnshCount = tensors.filter { Self.nnshParameter($0.name) != nil }.count
    if nnshCount > 0 && nnshCount < tensors.count {
      throw mismatch("the file mixes nnsh names (W1, b1, …) and PyTorch names (0.weight, …): \(Self.listNames(names))")
    }

    // Group the tensors by layer number (nnsh) or module number (PyTorch).
    var groups: [Int: (weight: SafeTensor?, bias: SafeTensor?)] = [:]
    if nnshCount == tensors.count {
      for t in tensors {
        guard let (isWeight, l) = Self.nnshParameter(t.name) else { continue }
        if isWeight { groups[l, default: (nil, nil)].weight = t } else { groups[l, default: (nil, nil)].bias = t }
      }
      let numbers = groups.keys.sorted()
      if let missing = (1...(numbers.last ?? 1)).first(where: { groups[$0] == nil }) {
        throw mismatch("the file has \(Self.listNames(names)) but no W\(missing) or b\(missing)")
      }
    } else {
      var prefix: String? = nil
      for t in tensors {
        guard let (p, index, isWeight) = Self.torchParameter(t.name) else { continue }
        if let prefix, prefix != p {
          throw mismatch("the tensors come from different modules ('\(QuotedText.quoted(prefix))…' and '\(QuotedText.quoted(p))…'); nnsh reads one nn.Sequential")
        }
        prefix = p
        if isWeight { groups[index, default: (nil, nil)].weight = t } else { groups[index, default: (nil, nil)].bias = t }
      }
    }

    var result: [LayerParameters] = []
    for key in groups.keys.sorted() {
      guard let group = groups[key] else { continue }
      let l = result.count + 1
      guard let wt = group.weight else {
        throw mismatch("'\(QuotedText.quoted(group.bias?.name ?? "?"))' has no weight to go with it (layer \(l))")
      }
      guard let bt = group.bias else {
        throw mismatch("'\(QuotedText.quoted(wt.name))' has no bias to go with it (layer \(l)); nnsh layers always have one")
      }
      guard wt.shape.count == 2 else {
        throw mismatch("'\(QuotedText.quoted(wt.name))' should be a matrix [out, in], but its shape is \(SafeTensorsHeader.describe(wt.shape))")
      }
      let W = try wt.matrix(file: file)
      guard bt.shape == [W.rows] || bt.shape == [W.rows, 1] else {
        throw mismatch(
          "'\(QuotedText.quoted(bt.name))' should have shape (\(W.rows),) to go with '\(QuotedText.quoted(wt.name))' (\(W.shape)), "
            + "but its shape is \(SafeTensorsHeader.describe(bt.shape))")
      }
      let b = try bt.matrix(file: file)
      if let previous = result.last, previous.W.rows != W.cols {
        throw mismatch(
          "'\(QuotedText.quoted(wt.name))' is \(W.shape), so layer \(l) takes \(W.cols) inputs, "
            + "but '\(QuotedText.quoted(previous.weightName))' (\(previous.W.shape)) gives \(previous.W.rows) outputs")
      }
      result.append(LayerParameters(W: W, b: b, weightName: wt.name, biasName: bt.name))
    }
    return result
  }

  /// Puts the file's parameters into `network`, whose layers must have the same shapes.
  /// All or nothing: on any error the network is unchanged.
  @discardableResult
  public func loadParameters(into network: inout Network, file: String) throws -> [LayerParameters] {
    func mismatch(_ reason: String) -> SafeTensorsError { .mismatch(file: file, reason: reason) }
    guard !network.isEmpty else {
      throw mismatch("the network has no layers to load into; build it first (net, layer dense …) or use load model")
    }
    let parameters = try layerParameters(file: file)
    guard parameters.count == network.layers.count else {
      let n = parameters.count, m = network.layers.count
      throw mismatch("the file has \(n) layer\(n == 1 ? "" : "s") but the network has \(m)")
    }
    var copy = network
    for (k, p) in parameters.enumerated() {
      let layer = network.layers[k]
      for (name, found, expected, own) in [
        (p.weightName, p.W.shape, layer.W.shape, "W\(k + 1)"), (p.biasName, p.b.shape, layer.b.shape, "b\(k + 1)"),
      ] where found != expected {
        let what = name == own ? name : "'\(QuotedText.quoted(name))' (\(own))"
        throw mismatch("\(what) is \(found) in the file but \(own) is \(expected) in the network")
      }
      do {
        try copy.setParameters(layer: k + 1, W: p.W, b: p.b)
      } catch let e as EngineError {
        throw SafeTensorsError.refused(file: file, context: "", e)
      }
    }
    copy.forgetPass()
    network = copy
    return parameters
  }

  /// The whole network, rebuilt from the model description in the metadata and the
  /// parameters (`load model`).
  public func model(file: String) throws -> Network {
    guard let layersText = metadata[MetadataKey.layers], let lossName = metadata[MetadataKey.loss] else {
      throw SafeTensorsError.mismatch(
        file: file,
        reason: "the metadata does not describe a network (the file was not written by nnsh's save); "
          + "build the network with net and layer, then use load weights")
    }
    let description = try ModelDescription(layers: layersText, loss: lossName, file: file)
    // Check the description against the tensors before allocating any layer, so that a
    // damaged description cannot ask for more memory than the file holds.
    let parameters = try layerParameters(file: file)
    guard parameters.count == description.layers.count else {
      throw SafeTensorsError.mismatch(
        file: file,
        reason: "the model description lists \(description.layers.count) layers but the file has parameters for \(parameters.count)")
    }
    for (k, (layer, p)) in zip(description.layers, parameters).enumerated() where p.W.shape != Shape(layer.outputs, layer.inputs) {
      throw SafeTensorsError.mismatch(
        file: file, reason: "the model description says layer \(k + 1) is '\(QuotedText.quoted(layer.text))', but \(p.weightName) is \(p.W.shape)")
    }
    var network = Network(loss: description.loss)
    do {
      for layer in description.layers {
        try network.append(Dense(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation))
        if layer.dropout > 0 { try network.setDropout(layer.dropout) }
      }
    } catch let e as EngineError {
      throw SafeTensorsError.refused(
        file: file, context: "not a valid safetensors file: the model description does not make a network: ", e)
    }
    try loadParameters(into: &network, file: file)
    return network
  }

  // MARK: Names

  /// `W3` → (true, 3), `b1` → (false, 1); nil for anything else.
  static func nnshParameter(_ name: String) -> (isWeight: Bool, layer: Int)? {
    guard let first = name.first, first == "W" || first == "b" else { return nil }
    let digits = name.dropFirst()
    guard let l = positiveNumber(digits) else { return nil }
    return (first == "W", l)
  }

  /// `dW3`, `db1`.
  static func gradientName(_ name: String) -> Bool {
    name.hasPrefix("d") && nnshParameter(String(name.dropFirst())) != nil
  }

  /// `net.2.weight` → ("net.", 2, true); nil unless the name ends in `N.weight` or `N.bias`.
  static func torchParameter(_ name: String) -> (prefix: String, index: Int, isWeight: Bool)? {
    let isWeight: Bool
    let stem: Substring
    if name.hasSuffix(".weight") {
      isWeight = true
      stem = name.dropLast(7)
    } else if name.hasSuffix(".bias") {
      isWeight = false
      stem = name.dropLast(5)
    } else {
      return nil
    }
    let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 9, let index = Int(String(digits.reversed())) else { return nil }
    let prefix = stem.dropLast(digits.count)
    guard prefix.isEmpty || prefix.hasSuffix(".") else { return nil }
    return (String(prefix), index, isWeight)
  }

  /// The number of `digits` when it is 1, 2, … written without leading zeros.
  private static func positiveNumber(_ digits: Substring) -> Int? {
    guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      digits.first != "0", let n = Int(digits)
    else { return nil }
    return n
  }

  /// "W1 b1 W2 b2", or "W1 b1 … W12 b12" when long.
  public static func listNames(_ names: [String]) -> String {
    names.count <= 8 ? names.joined(separator: " ")
      : (names.prefix(3) + ["…"] + names.suffix(3)).joined(separator: " ")
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces.
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
