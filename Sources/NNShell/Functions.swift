#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNEngine

/// The functions of the language: `relu leaky_relu sigmoid tanh softmax exp log abs sqrt
/// sin cos sum mean max min argmax diag eye zeros ones rand randn`, the derivatives of the
/// activations (`relu_prime` …), and `size`, `norm`, `transpose`.
enum Functions {
  static let names = [
    "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "linear", "exp", "log", "abs", "sqrt",
    "sin", "cos",
    "sum", "mean", "max", "min", "argmax", "diag", "eye", "zeros", "ones", "rand", "randn",
    "relu_prime", "leaky_relu_prime", "sigmoid_prime", "tanh_prime", "size", "norm", "transpose",
    "onehot",
  ]

  static let help: [(String, String)] = [
    ("relu(z) leaky_relu(z, α) sigmoid(z) tanh(z) softmax(z)", "activations (softmax per column)"),
    ("relu_prime(z) leaky_relu_prime(z, α) sigmoid_prime(z) tanh_prime(z)", "their derivatives g′(z), elementwise"),
    ("exp log abs sqrt sin cos tanh sigmoid", "elementwise, differentiable (sin and cos in radians)"),
    ("sum(A) mean(A) max(A) min(A)", "of all elements (sum(A, 1): each column, sum(A, 2): each row)"),
    ("argmax(A)", "1-based index of the largest entry of each column"),
    ("diag(v) diag(A)", "a diagonal matrix from a vector, the diagonal of a matrix"),
    ("eye(n) zeros(r, c) ones(r, c)", "identity, zeros, ones"),
    ("rand(r, c) randn(r, c)", "uniform [0, 1) and standard normal, from the seeded generator"),
    ("size(A) norm(A) transpose(A)", "[rows cols], the Euclidean (Frobenius) norm, Aᵀ"),
    ("onehot(labels, k)", "k × n one-hot columns from a row of n class numbers 1…k (as argmax gives them)"),
  ]
}

extension Interpreter {
  func call(_ name: String, _ args: [Expression], span: SourceSpan) throws -> Variable {
    func arity(_ range: ClosedRange<Int>) throws {
      guard range.contains(args.count) else {
        let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        throw error("\(name) takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), not \(args.count)", at: span)
      }
    }
    func size(_ i: Int, _ what: String) throws -> Int {
      try evaluateInteger(args[i], what, in: 1...Limits.size)
    }
    func shapeArgs() throws -> (Int, Int) {
      try arity(1...2)
      let r = try size(0, "the number of rows")
      let c = args.count == 2 ? try size(1, "the number of columns") : r
      return (r, c)
    }
    func alpha() throws -> Double {
      args.count == 2 ? try evaluateScalar(args[1], "α") : 0.01
    }

    switch name {
    case "relu", "sigmoid", "tanh", "softmax", "linear":
      try arity(1...1)
      guard let act = Activation(name: name) else { break }
      return try evaluate(args[0]).activation(act)
    case "leaky_relu":
      try arity(1...2)
      return try evaluate(args[0]).activation(.leakyReLU(alpha: try alpha()))
    case "relu_prime", "sigmoid_prime", "tanh_prime", "leaky_relu_prime":
      try arity(name == "leaky_relu_prime" ? 1...2 : 1...1)
      let base = String(name.dropLast("_prime".count))
      guard let act = Activation(name: base, alpha: try alpha()) else { break }
      let z = try evaluate(args[0])
      // The derivative's own derivative is 0 almost everywhere for relu, and
      // needed by nobody for the others: treat g′(z) as a constant.
      return Variable(z.value.map { act.derivative($0) }, name, [z]) { g in [g.map { _ in 0 }] }
    case "exp":
      try arity(1...1)
      let z = try evaluate(args[0])
      return z.elementwise("exp", { exp($0) }, derivative: { exp($0) })
    case "log":
      try arity(1...1)
      return try evaluate(args[0]).elementwise("log", { log($0) }, derivative: { 1 / $0 })
    case "abs":
      try arity(1...1)
      return try evaluate(args[0]).elementwise("abs", { Swift.abs($0) }, derivative: { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    case "sqrt":
      try arity(1...1)
      return try evaluate(args[0]).elementwise("sqrt", { sqrt($0) }, derivative: { 0.5 / sqrt($0) })
    case "sin", "cos":
      try arity(1...1)
      let a = try evaluate(args[0])
      return name == "sin" ? a.sine : a.cosine
    case "sum", "mean":
      try arity(1...2)
      let a = try evaluate(args[0])
      if args.count == 2 {
        let d = try evaluateInteger(args[1], "the dimension", in: 1...2)
        let s = a.sum(dimension: d)
        if name == "sum" { return s }
        let n = Double(d == 1 ? a.shape.rows : a.shape.cols)
        return try Variable(Matrix(scalar: 1 / n)) * s
      }
      return name == "sum" ? a.sum : a.mean
    case "max", "min":
      try arity(1...1)
      return try evaluate(args[0]).extremum(largest: name == "max")
    case "argmax":
      try arity(1...1)
      let a = try evaluateMatrix(args[0])
      var out = try Matrix(rows: 1, cols: a.cols)
      for (j, i) in a.argmaxPerColumn.enumerated() { out[0, j] = Double(i + 1) }
      return Variable(out)
    case "diag":
      try arity(1...1)
      let a = try evaluate(args[0])
      let m = a.value
      if m.cols == 1 || m.rows == 1 {
        let n = m.count
        var d = try engine(span) { try Matrix(rows: n, cols: n) }
        for i in 0..<n { d[i, i] = m.storage[i] }
        return Variable(d, "diag", [a]) { g in
          var back = try Matrix(rows: m.rows, cols: m.cols)
          for i in 0..<n { back.storage[i] = g[i, i] }
          return [back]
        }
      }
      let n = min(m.rows, m.cols)
      var d = try Matrix(rows: n, cols: 1)
      for i in 0..<n { d.storage[i] = m[i, i] }
      return Variable(d, "diag", [a]) { g in
        var back = try Matrix(rows: m.rows, cols: m.cols)
        for i in 0..<n { back[i, i] = g.storage[i] }
        return [back]
      }
    case "eye":
      try arity(1...1)
      let n = try size(0, "the size")
      var m = try engine(span) { try Matrix(rows: n, cols: n) }
      for i in 0..<n { m[i, i] = 1 }
      return Variable(m)
    case "zeros", "ones":
      let (r, c) = try shapeArgs()
      return Variable(try engine(span) { try Matrix(rows: r, cols: c, repeating: name == "ones" ? 1 : 0) })
    case "rand", "randn":
      let (r, c) = try shapeArgs()
      let kind: Matrix.Draw = name == "rand" ? .uniform : .normal
      return Variable(try engine(span) { try Matrix(rows: r, cols: c, drawing: kind, from: &generator) })
    case "size":
      try arity(1...1)
      let a = try evaluateMatrix(args[0])
      return Variable(try Matrix(rowsOf: [[Double(a.rows), Double(a.cols)]]))
    case "norm":
      try arity(1...1)
      return try evaluate(args[0]).norm  // scaled as LAPACK's dnrm2: no overflow or underflow
    case "transpose":
      try arity(1...1)
      return try evaluate(args[0]).transposed
    case "onehot":
      try arity(2...2)
      let labels = try evaluateMatrix(args[0])
      let k = try size(1, "the number of classes")
      var m = try engine(span) { try Matrix(rows: k, cols: labels.count) }
      for (j, label) in labels.storage.enumerated() {
        guard label.isFinite, label == label.rounded(), label >= 1, label <= Double(k) else {
          throw error("onehot: label \(NumberFormat.format(label)) is not a class number from 1 to \(k)", at: args[0].span)
        }
        m[Int(label) - 1, j] = 1
      }
      return Variable(m)
    default:
      break
    }
    var message = "unknown function '\(name)'"
    if let s = Suggestion.nearest(to: name, in: Functions.names) { message += "; did you mean '\(s)'?" }
    throw error(message, at: span)
  }
}
