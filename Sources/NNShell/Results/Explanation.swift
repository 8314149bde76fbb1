import NNEngine

/// What `explain` shows: an equation in the notes' notation, the operands it was computed
/// from (each with its name and value, so its shape), and the result.
///
///     explain z2  →  Explanation(title: "z[2]", formula: "W[2] a[1] + b[2]",
///                      shapes: "(4×3)(3×1) + (4×1) → 4×1",
///                      operands: [W[2], a[1], b[2]], substituted: { "\($0[0]) \($0[1]) + \($0[2])" },
///                      result: z2)
///
/// The text renderer writes `z[2] = W[2] a[1] + b[2]`, the chain rule's steps, the shapes,
/// then the formula with the operands' numbers written in (or, when that does not fit the
/// terminal, each operand as a block), and the result.
struct Explanation {
  /// One operand: its name in the notes (`W[2]`, `∂J/∂z[2]`, `a[1]ᵀ`) and its value.
  struct Operand {
    var name: String
    var value: Matrix
  }

  /// The left side: `z[2]`, `∂J/∂W[1]`, `h = a[3]`.
  var title: String
  /// The right side in notation, with any remark on it (`W[2] a[1] + b[2]`).
  var formula: String
  /// The chain rule's steps that lead to the formula, one per line.
  var chain: [String] = []
  /// How the shapes combine: `(4×3)(3×1) + (4×1) → 4×1`.
  var shapes: String
  var operands: [Operand]
  /// The right side with each operand written as given (in `operands` order): a literal
  /// such as `[1 2; 3 4]`, or the operand's name when its value is shown apart.
  var substituted: ([String]) -> String
  var result: Matrix
  /// The session's number format.
  var format: MatrixFormatter
}
