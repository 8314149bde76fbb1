import NNEngine

/// Name resolution: user variables first (`x`, `y` and everything bound with `let`),
/// then the network's names (`W1 … dh`), whose nodes are shared with the forward pass's
/// autodiff graph so that `jacobian a2 wrt z2` and `grad J wrt W1` connect.
extension Interpreter {
  func lookup(_ name: String, at span: SourceSpan) throws -> Variable {
    if let v = variables[name] { return v }
    if let n = NetworkName(name) { return try networkValue(n, at: span) }
    throw unknownName(name, at: span)
  }

  /// "unknown name 'relu1'; did you mean 'relu'?"
  func unknownName(_ name: String, at span: SourceSpan) -> Diagnostic {
    var candidates = Array(variables.keys)
    candidates += NetworkName.all(layers: network.layers.count).map(\.name)
    candidates += Functions.names
    candidates += StatementKind.keywords
    // A function or statement named where a value belongs is known, just misused.
    if Functions.names.contains(name) {
      return error("'\(name)' is a function, not a value: call it on an argument, as in \(name)(z)", at: span)
    }
    if StatementKind.keywords.contains(name) {
      return error("'\(name)' is a statement, not a value: it starts a line (help \(name))", at: span)
    }
    var message = "unknown name '\(name)'"
    if let s = Suggestion.nearest(to: name, in: candidates) {
      message += "; did you mean '\(s)'?"
    } else if NetworkName(name) == nil, name == "x" || name == "y" {
      message += " (x and y are set by sample, forward x=… y=…, or let)"
    }
    return error(message, at: span)
  }

  /// The current parameters as autodiff leaves, stable until a parameter changes (so two
  /// mentions of `W1` in one expression are one node, and `grad … wrt W1` finds it).
  func currentParameterLeaves() -> [(W: Variable, b: Variable)] {
    if let leaves = parameterLeaves, parameterLeavesVersion == parameterVersion { return leaves }
    let leaves = network.layers.map { (W: Variable($0.W), b: Variable($0.b)) }
    parameterLeaves = leaves
    parameterLeavesVersion = parameterVersion
    return leaves
  }

  /// The autodiff graph of the last forward pass, built on first use; nil when the
  /// parameters changed since (the pass's values are then plain, unconnected leaves).
  func forwardGraph(at span: SourceSpan, for name: NetworkName) throws -> NetworkGraph? {
    guard var record = forwardRecord else {
      throw error("\(name.name) has no value yet: run forward first", at: span)
    }
    guard record.parameterVersion == parameterVersion else { return nil }
    if let g = record.graph { return g }
    let leaves = currentParameterLeaves()
    let g = try engine(span) { try network.graph(input: record.x, target: record.y, parameters: leaves) }
    record.graph = g
    forwardRecord = record
    return g
  }

  /// The value of the last forward pass from the network's own buffers.
  func storedForwardValue(_ n: NetworkName, at span: SourceSpan) throws -> Variable {
    switch n {
    case .z(let l): return Variable(network.z[l - 1])
    case .a(let l): return Variable(network.a[l - 1])
    case .h: return Variable(network.a[network.a.count - 1])
    default:
      guard let J = network.J else {
        throw error("J has no value: the last forward pass had no targets y (use forward x=… y=…, or sample)", at: span)
      }
      return Variable(Matrix(scalar: J))
    }
  }

  func networkValue(_ n: NetworkName, at span: SourceSpan) throws -> Variable {
    let layers = network.layers.count
    if let l = n.layer, l > layers {
      let has = layers == 0 ? "has no layers yet" : "has \(layers) layer\(layers == 1 ? "" : "s")"
      throw error("\(n.name) does not exist: the network \(has)", at: span)
    }
    if layers == 0 {
      throw error("\(n.name) does not exist: the network has no layers yet", at: span)
    }
    switch n {
    case .W(let l): return currentParameterLeaves()[l - 1].W
    case .b(let l): return currentParameterLeaves()[l - 1].b
    case .z, .a, .h, .J:
      guard let g = try forwardGraph(at: span, for: n) else { return try storedForwardValue(n, at: span) }
      guard let v = g[n.name] else {
        throw error("J has no value: the last forward pass had no targets y (use forward x=… y=…, or sample)", at: span)
      }
      return v
    case .dW(let l), .db(let l), .dz(let l), .da(let l):
      guard network.hasGradients else {
        throw error("\(n.name) has no value yet: run backward first", at: span)
      }
      switch n {
      case .dW: return Variable(network.dW[l - 1])
      case .db: return Variable(network.db[l - 1])
      case .dz: return Variable(network.dz[l - 1])
      default: return Variable(network.da[l - 1])
      }
    case .dh:
      guard network.hasGradients else { throw error("dh has no value yet: run backward first", at: span) }
      return Variable(network.da[layers - 1])
    }
  }

  /// How a value is titled when printed: the notes' form for network names.
  func title(for e: Expression) -> String {
    if case .name(let n) = e.kind {
      if variables[n] == nil, let nn = NetworkName(n) { return nn.notation }
      return n
    }
    return "ans"
  }

  /// Binds a user variable as a given value (its definition, if any, is forgotten: see
  /// `bind(_:_:definedBy:)`), keeping its history within `HistoryBound`.
  func bind(_ name: String, _ v: Variable) {
    definitions[name] = nil
    variables[name] = HistoryBound(budget: memory).kept(v, name: name) { self.heldNodes(except: name) }
  }

  /// Every autodiff node the session holds apart from variable `name`'s: the other
  /// variables, the parameters' leaves, the last forward pass's nodes. Only these can be
  /// named in a derivative later (see `Variable.detached(because:stillHeld:)`).
  func heldNodes(except name: String) -> [Variable] {
    var nodes = variables.filter { $0.key != name }.map(\.value)
    if let leaves = parameterLeaves { nodes += leaves.flatMap { [$0.W, $0.b] } }
    if let record = forwardRecord {
      nodes.append(record.x)
      if let y = record.y { nodes.append(y) }
      if let graph = record.graph { nodes += graph.nodes.values }
    }
    return nodes
  }
}

extension Interpreter {
  /// Every name a user can type in an expression now: variables, the network's names
  /// that have values, and the functions (for completion).
  public var namesInScope: [String] {
    var names = Array(variables.keys)
    if !network.isEmpty {
      for n in NetworkName.all(layers: network.layers.count) {
        switch n {
        case .W, .b: names.append(n.name)
        case .z, .a, .h, .J: if forwardRecord != nil { names.append(n.name) }
        default: if network.hasGradients { names.append(n.name) }
        }
      }
    }
    return names.sorted()
  }

  /// Function names, for completion inside expressions.
  public static var functionNames: [String] { Functions.names }

  /// Topics `help` knows besides statement names.
  public static var helpTopicNames: [String] { helpTopics }
}

extension Interpreter {
  /// The network's sizes, `2-3-4-1`, or nil while it has no layers (for the prompt).
  public var networkShape: String? {
    guard let first = network.inputSize else { return nil }
    return ([first] + network.layers.map(\.outputSize)).map(String.init).joined(separator: "-")
  }
}
