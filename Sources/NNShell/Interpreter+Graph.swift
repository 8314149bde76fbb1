import NNEngine

/// `draw graph F [to "g.svg" | to "g.dot"] [ascii=yes]`: the computational graph behind
/// any value — the autodiff history that `grad` and `jacobian` follow (`Variable`), drawn
/// as `ComputationGraph` lays it out.
///
///     let x1 = 2; let x2 = 3; let f = 3 * x1^2 * x2
///     draw graph f                  values only
///     grad f wrt x1 x2; draw graph f     and each node's ∂f/∂node (x1: 36, x2: 12)
///     forward x=[1; 2] y=[2]; backward; draw graph J     the network's graph, with ∂J/∂node
///
/// Nodes are named by what the session calls them: the network's values in the notes'
/// notation (`W[1]`, `z[1]`, `a[1]`, `h`, `J`), then variables (`x1`, `f`). Gradients are
/// shown after `grad F wrt …` of the same value F (every node's, from the one reverse
/// sweep `grad` ran), or, for J and the values J is computed from, after `backward` of
/// the current forward pass. Drawing changes nothing (random draws are given back).
extension Interpreter {
  /// What the last `grad F wrt …` computed: ∂F/∂node for every node of F's history.
  /// F is held weakly: the record never keeps an old history alive, and once F is gone
  /// (re-bound, or a new forward pass) it matches nothing, so the identities that key
  /// the gradients are never read after their nodes could be reused.
  struct GradientRecord {
    weak var root: Variable?
    /// F as written (`f`).
    var title: String
    var gradients: [ObjectIdentifier: Matrix]
  }

  func drawGraphStatement(_ s: Statement) throws -> Output? {
    guard let fe = s.parsed.expression("f") else {
      throw error("draw graph needs a value: draw graph J, or draw graph f for any expression", at: s.span)
    }
    let request = try pictureRequest(s, dot: true)
    let generatorBefore = generator
    defer { generator = generatorBefore }
    let root = try evaluate(fe)
    if root.isLeaf, case .name(let n) = fe.kind, variables[n] == nil, let name = NetworkName(n), name.isForwardValue,
      let record = forwardRecord, record.parameterVersion != parameterVersion
    {
      throw error("the parameters changed since the last forward pass, so the graph of \(n) is gone; run forward again", at: fe.span)
    }
    let subject = describe(fe)
    let shown = title(for: fe) == "ans" ? subject : title(for: fe)
    let (gradients, note) = try graphGradients(root, at: s.span)
    let graph = ComputationGraph(
      root: root, title: shown, names: graphNames(root, fe), gradients: gradients, gradientNote: note,
      layers: layerGroups(within: root), digits: formatter.digits)
    let isDOT = request.file?.path.lowercased().hasSuffix(".dot") == true
    return .picture(
      Picture(
        statement: "draw graph", subject: subject, height: request.height, ascii: request.ascii, file: request.file, reportsFile: isChatty,
        lines: { graph.render($0) }, svg: { graph.svg() }, fileText: isDOT ? { graph.dot() } : nil,
        fileFormat: isDOT ? "DOT" : "SVG"))
  }

  /// Every node the session has a name for, by identity: the last forward pass's values
  /// and the parameters in the notes' notation, then the variables; `h` over `a[r]`.
  func graphNames(_ root: Variable, _ e: Expression) -> [ObjectIdentifier: String] {
    var names: [ObjectIdentifier: String] = [:]
    for (l, p) in (parameterLeaves ?? []).enumerated() {
      names[ObjectIdentifier(p.W)] = "W[\(l + 1)]"
      names[ObjectIdentifier(p.b)] = "b[\(l + 1)]"
    }
    if let graph = forwardRecord?.graph {
      for key in graph.nodes.keys.sorted() where key != "h" {
        if let v = graph.nodes[key] { names[ObjectIdentifier(v)] = NetworkName(key)?.notation ?? key }
      }
      if let h = graph.nodes["h"] { names[ObjectIdentifier(h)] = "h" }
    }
    for key in variables.keys.sorted() {
      if let v = variables[key], names[ObjectIdentifier(v)] == nil { names[ObjectIdentifier(v)] = key }
    }
    if case .name = e.kind { names[ObjectIdentifier(root)] = title(for: e) }
    return names
  }

  /// ∂F/∂node for the drawing, and what it means: from the last `grad` of this very
  /// value, or the network's ∂J/∂node after `backward` when J is computed from it.
  func graphGradients(_ root: Variable, at span: SourceSpan) throws -> ([ObjectIdentifier: Matrix]?, String?) {
    if let record = lastGradient, let kept = record.root, kept === root {
      return (record.gradients, "∂\(record.title)/∂node")
    }
    guard network.hasGradients, let record = forwardRecord, record.parameterVersion == parameterVersion,
      let J = record.graph?["J"], J.depends(on: root)
    else { return (nil, nil) }
    let all = try engine(span) { try J.gradientsOfEveryNode(seed: Matrix(scalar: 1)) }
    return (all, "∂J/∂node (backward)")
  }

  /// The network's layers that `root`'s history holds whole, for collapsing repeats.
  func layerGroups(within root: Variable) -> [ComputationGraph.LayerGroup] {
    guard let graph = forwardRecord?.graph else { return [] }
    let history = Set(root.topologicalOrder().map { ObjectIdentifier($0) })
    var groups: [ComputationGraph.LayerGroup] = []
    for (index, layer) in network.layers.enumerated() {
      let l = index + 1
      guard let W = graph["W\(l)"], let b = graph["b\(l)"], let z = graph["z\(l)"], let a = graph["a\(l)"] else { break }
      var members = [W, b, z, a].map { ObjectIdentifier($0) }
      if z.operation == "add", let product = z.inputs.first { members.append(ObjectIdentifier(product)) }
      guard members.allSatisfy({ history.contains($0) }) else { break }
      let description = "dense \(layer.activation.name) \(layer.W.cols)→\(layer.W.rows)"
      groups.append(.init(number: l, members: Set(members), output: a, description: description))
    }
    return groups
  }

  /// Keeps what `grad F wrt …` computed for a later `draw graph F`, when it is no
  /// larger than one value's history may be (`HistoryBound`).
  func keepGradients(of f: Variable, _ fe: Expression, _ all: [ObjectIdentifier: Matrix]) {
    let elements = all.values.reduce(0) { Variable.saturatingAdd($0, $1.count) }
    guard elements <= HistoryBound(budget: memory).elements else {
      lastGradient = nil
      return
    }
    lastGradient = GradientRecord(root: f, title: title(for: fe) == "ans" ? describe(fe) : title(for: fe), gradients: all)
  }
}

extension NetworkName {
  /// z, a, h or J: a value of the forward pass.
  var isForwardValue: Bool {
    switch self {
    case .z, .a, .h, .J: return true
    default: return false
    }
  }
}

extension Variable {
  static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
  }
}
