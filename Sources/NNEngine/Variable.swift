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
  public let inputs: [Variable]
  /// Given ∂J/∂(this), returns ∂J/∂(each input), in the order of `inputs`.
  let backward: ((Matrix) throws -> [Matrix])?
  /// A bound on how many elements this node keeps alive through its inputs; the shell
  /// cuts graphs that grow too large (e.g. a `let` re-bound in a long loop).
  public let retainedElements: Int
  /// The longest chain of operations from a leaf to this node (1 for a leaf). Freeing a
  /// graph recurses along its chains, so the shell cuts graphs that grow too deep.
  public let depth: Int

  /// A leaf: a value that is not computed from others (a parameter, an input).
  public init(_ value: Matrix, operation: String = "leaf") {
    self.value = value
    self.operation = operation
    self.inputs = []
    self.backward = nil
    self.retainedElements = value.count
    self.depth = 1
  }

  /// A computed node: `backward` maps ∂J/∂(this) to ∂J/∂(each input).
  public init(_ value: Matrix, _ operation: String, _ inputs: [Variable], _ backward: @escaping (Matrix) throws -> [Matrix]) {
    self.value = value
    self.operation = operation
    self.inputs = inputs
    self.backward = backward
    self.retainedElements = inputs.reduce(value.count) { $0 &+ $1.retainedElements }
    self.depth = 1 + inputs.reduce(0) { Swift.max($0, $1.depth) }
  }

  public var shape: Shape { value.shape }
  public var isLeaf: Bool { inputs.isEmpty }

  /// The same value as a new leaf, cut from its history.
  public func detached() -> Variable { Variable(value) }

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
    return targets.map { t in
      grads[ObjectIdentifier(t)] ?? Matrix(zerosUnchecked: t.value.rows, t.value.cols)
    }
  }

  /// `∇f` with respect to each of `targets`, for a scalar (1×1) `f`.
  public static func gradients(of f: Variable, wrt targets: [Variable]) throws -> [Matrix] {
    guard f.value.isScalar else {
      throw EngineError.invalidArgument(
        "a gradient needs a scalar (1×1) function, but this value is \(f.value.shape); use jacobian for vector values")
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
