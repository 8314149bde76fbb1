import NNEngine

/// How a variable was computed, kept with it when it is bound, for `explain`: the
/// expression as typed, and the value every name in it had at that moment.
///
/// `explain` shows what was computed, not what the expression would give now:
///
///     let x1 = 2; let f = 3 * x1^2; let x1 = 5
///     explain f          f = 3 * x1 ^ 2,  = 3 * 2 ^ 2,  = 12   (not 75)
///
/// The result shown is the variable's own value, so an expression that draws random
/// numbers (`let r = rand(1,2) * 2`) is shown with the numbers it drew, and `explain`
/// draws none. The operands' matrices are shared with the values they were read from
/// (copy-on-write), so a definition costs extra memory only for an operand re-bound since;
/// an operand larger than one value's history may keep (`HistoryBound`) is kept by its
/// shape alone, so a definition never holds a large old value alive.
struct Definition {
  /// One name the expression mentions: how `explain` writes it, and its value then.
  struct Operand {
    var name: String
    /// The name in the notes' notation (`W[1]` for `W1`), as it read when bound.
    var notation: String
    var shape: Shape
    /// nil when it was too large to keep.
    var value: Matrix?
  }

  var expression: Expression
  var operands: [Operand]
}

extension Interpreter {
  /// The definition of a value just computed from `e`: `e` and its names' current values.
  /// Call it before the result is bound, so `let x = x + 1` keeps the old `x`.
  func definition(of e: Expression) -> Definition {
    var names: [String] = []
    collectNames(e, into: &names)
    var operands: [Definition.Operand] = []
    let largest = HistoryBound(budget: memory).elements
    for n in names {
      guard let v = try? lookup(n, at: e.span) else { continue }
      let notation = variables[n] == nil ? NetworkName(n)?.notation ?? n : n
      operands.append(
        Definition.Operand(name: n, notation: notation, shape: v.shape, value: v.value.count <= largest ? v.value : nil))
    }
    return Definition(expression: e, operands: operands)
  }

  /// Binds `name` as `let` does, and keeps how it was computed for `explain`.
  func bind(_ name: String, _ v: Variable, definedBy e: Expression) {
    let d = definition(of: e)
    bind(name, v)
    definitions[name] = d
  }

  /// Removes a variable and its definition.
  func unbind(_ name: String) {
    variables[name] = nil
    definitions[name] = nil
  }
}
