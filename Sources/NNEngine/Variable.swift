/// A node of the reverse-mode automatic differentiation graph: a matrix value that
/// remembers the operation that produced it, its inputs, and how to push a gradient
/// back to them (micrograd's `Value`, over matrices).
///
///     let x1 = Variable(Matrix(scalar: 2)), x2 = Variable(Matrix(scalar: 3))
///     let f = try 3 * x1 .^ 2 * x2              // f = 3 x₁² x₂
///     let g = try Variable.gradients(of: f, wrt: [x1, x2])   // [36, 12]
///
/// For `f = F(u₁, …, uₙ)` and upstream gradient `Ḡ = ∂J/∂f`, each operation's
/// `backward` returns `∂J/∂uᵢ` (the vector–Jacobian products of the chain rule).
/// Gradients with respect to a broadcast operand are summed back to its shape.
public final class Variable: @unchecked Sendable {
  public let value: Matrix
  /// The operation's name, for `explain` (`"matmul"`, `"relu"`, `"leaf"`, …).
  public let operation: String
  /// Emptied only while the node is freed (see `deinit`).
  public private(set) var inputs: [Variable]
  /// Given ∂J/∂(this), returns ∂J/∂(each input), in the order of `inputs`. It captures
  /// nothing but the inputs (and matrices), so that `deinit` can take a graph apart.
  private(set) var backward: ((Matrix) throws -> [Matrix])?
  /// An upper bound on the elements this node keeps alive, its own and its history's
  /// (an input reached along two paths is counted twice); saturates at `Int.max`.
  public let retainedElements: Int
  /// An upper bound, counted the same way, on the nodes (operations and leaves) this
  /// node keeps alive, itself included. Each costs a few hundred bytes besides its
  /// value, which matters for a long chain of small values (`let s = s + 1` in a loop).
  public let retainedNodes: Int
  /// For a leaf that stands for a value whose history was dropped
  /// (`detached(because:stillHeld:)`): why, and what the history reached.
  public let droppedHistory: DroppedHistory?

  /// A leaf: a value that is not computed from others (a parameter, an input).
  public init(_ value: Matrix, operation: String = "leaf") {
    self.value = value
    self.operation = operation
    self.inputs = []
    self.backward = nil
    self.retainedElements = value.count
    self.retainedNodes = 1
    self.droppedHistory = nil
  }

  /// A computed node: `backward` maps ∂J/∂(this) to ∂J/∂(each input).
  public init(_ value: Matrix, _ operation: String, _ inputs: [Variable], _ backward: @escaping (Matrix) throws -> [Matrix]) {
    self.value = value
    self.operation = operation
    self.inputs = inputs
    self.backward = backward
    self.retainedElements = inputs.reduce(value.count) { Variable.saturatingSum($0, $1.retainedElements) }
    self.retainedNodes = inputs.reduce(1) { Variable.saturatingSum($0, $1.retainedNodes) }
    self.droppedHistory = nil
  }

  private init(detaching value: Matrix, _ history: DroppedHistory) {
    self.value = value
    self.operation = "leaf"
    self.inputs = []
    self.backward = nil
    self.retainedElements = value.count
    self.retainedNodes = 1
    self.droppedHistory = history
  }

  /// Frees the history iteratively. Released the ordinary way, a node would release its
  /// inputs from inside its own `deinit`, one nested call per link of the chain, and a
  /// long chain (a value re-bound a hundred thousand times in a loop) would overflow
  /// the stack. Instead, every input that only this graph keeps alive is emptied (its
  /// inputs moved onto a list) before it is released, so each release frees one node.
  deinit {
    guard !inputs.isEmpty else { return }
    backward = nil  // the closure holds the inputs too
    var pending = inputs
    inputs = []
    while var node = pending.popLast() {
      guard isKnownUniquelyReferenced(&node) else { continue }
      node.backward = nil
      pending.append(contentsOf: node.inputs)
      node.inputs = []
    }
  }

  static func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
  }

  public var shape: Shape { value.shape }
  public var isLeaf: Bool { inputs.isEmpty }

  /// The same value as a new leaf, cut from its history.
  public func detached() -> Variable { Variable(value) }

  /// The same value as a new leaf, cut from its history, remembering why (`reason`, a
  /// sentence) and which of the nodes in `held` the history reached. `held` are the
  /// nodes something else still holds (the values of the other names): once the history
  /// is dropped, only those can ever be named in a derivative again, so they are all a
  /// later `grad` needs to know that it cannot follow this value back to one of them.
  public func detached(because reason: String, stillHeld held: [Variable]) -> Variable {
    // A search from this node that stops once every held node is found (at once when
    // there are none, as in `repeat N { let i = i + 1 }`). The identifiers are of nodes
    // alive throughout (held, or on the way), so none can be reused meanwhile.
    var wanted = Set(held.lazy.filter { $0 !== self }.map { ObjectIdentifier($0) })
    var reached: [Variable] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [Variable] = wanted.isEmpty ? [] : [self]
    while !wanted.isEmpty, let node = stack.popLast() {
      guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
      if node !== self, wanted.remove(ObjectIdentifier(node)) != nil { reached.append(node) }
      // What an earlier dropped history inside this one reached, this one reaches too.
      for r in node.droppedHistory?.reachedNodes ?? [] where wanted.remove(ObjectIdentifier(r)) != nil {
        reached.append(r)
      }
      stack.append(contentsOf: node.inputs)
    }
    return Variable(detaching: value, DroppedHistory(reason: reason, reached: reached))
  }

  /// The first dropped history in this node's history that reached `x`: then a
  /// derivative with respect to `x` would miss every path through it.
  public func droppedHistory(reaching x: Variable) -> DroppedHistory? {
    for node in topologicalOrder() {
      if let d = node.droppedHistory, d.reached(x) { return d }
    }
    return nil
  }

  /// Every node this one depends on (itself included), inputs before users.
  public func topologicalOrder() -> [Variable] {
    var order: [Variable] = []
    var seen = Set<ObjectIdentifier>()
    // Iterative depth-first search: deep graphs (long loops) must not overflow the stack.
    var stack: [(Variable, Bool)] = [(self, false)]
    while let (node, expanded) = stack.popLast() {
      if expanded {
        order.append(node)
        continue
      }
      if !seen.insert(ObjectIdentifier(node)).inserted { continue }
      stack.append((node, true))
      for input in node.inputs where !seen.contains(ObjectIdentifier(input)) {
        stack.append((input, false))
      }
    }
    return order
  }

  /// True when `other` is this node or one of its ancestors.
  public func depends(on other: Variable) -> Bool {
    topologicalOrder().contains { $0 === other }
  }

  /// Backpropagates `seed = ∂J/∂(self)` and returns ∂J/∂v for every `v` in `wrt`
  /// (zeros for those `self` does not depend on).
  public func backpropagate(seed: Matrix, wrt targets: [Variable]) throws -> [Matrix] {
    let grads = try gradientsOfEveryNode(seed: seed)
    return targets.map { t in
      grads[ObjectIdentifier(t)] ?? Matrix(zerosUnchecked: t.value.rows, t.value.cols)
    }
  }

  /// The reverse sweep itself: ∂J/∂v for every node v of this one's history (itself
  /// included), keyed by the node's identity, for `seed = ∂J/∂(self)` — what micrograd's
  /// `backward()` leaves in each `Value.grad`. `draw graph` shows these beside each node.
  /// The keys stay valid while this node is alive (it keeps its whole history alive).
  ///
  ///     f = 3 x₁² x₂ at (2, 3):  grads[x₁] = 36, grads[x₂] = 12, grads[f] = 1
  public func gradientsOfEveryNode(seed: Matrix) throws -> [ObjectIdentifier: Matrix] {
    let order = topologicalOrder()
    var grads: [ObjectIdentifier: Matrix] = [ObjectIdentifier(self): seed]
    for node in order.reversed() {
      guard let g = grads[ObjectIdentifier(node)], let backward = node.backward else { continue }
      let inputGrads = try backward(g)
      for (input, ig) in zip(node.inputs, inputGrads) {
        let key = ObjectIdentifier(input)
        if let existing = grads[key] {
          grads[key] = try existing + ig
        } else {
          grads[key] = ig
        }
      }
    }
    return grads
  }

  /// `∇f` with respect to each of `targets`, for a scalar (1×1) `f`.
  public static func gradients(of f: Variable, wrt targets: [Variable]) throws -> [Matrix] {
    guard f.value.isScalar else {
      throw EngineError.notScalar(f.value.shape)
    }
    return try f.backpropagate(seed: Matrix(scalar: 1), wrt: targets)
  }

  /// The Jacobian `∂y/∂x`: an `m × n` matrix for `y` with m elements and `x` with n,
  /// both flattened in column-major order (a column vector's natural order).
  /// Row i is the gradient of yᵢ, found by one backward pass seeded with eᵢ.
  public static func jacobian(of y: Variable, wrt x: Variable) throws -> Matrix {
    let m = y.value.count, n = x.value.count
    try Matrix.validate(rows: m, cols: n)
    var J = Matrix(zerosUnchecked: m, n)
    var seed = Matrix(zerosUnchecked: y.value.rows, y.value.cols)
    for i in 0..<m {
      seed.storage[i] = 1
      let g = try y.backpropagate(seed: seed, wrt: [x])[0]
      for k in 0..<n { J[i, k] = g.storage[k] }
      seed.storage[i] = 0
    }
    return J
  }
}
