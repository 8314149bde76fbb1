import NNEngine

/// How much history (how a value was computed, for `grad` and `jacobian`) one variable
/// may keep alive: an eighth of the memory budget, and at most 64 MiB, where every node
/// of the history counts its value and 512 bytes besides (a node's object, its closure
/// and its inputs' list take a few hundred bytes, which dominates a long chain of small
/// values such as `repeat 100000 { let s = s + 1 }`).
///
/// A history that fits is kept whole, however long its chain: `let f = sum(W .* W)` of an
/// 800×800 `W` is counted as about 15 MiB, and `grad f wrt W` follows it. A history beyond the
/// bound is dropped when the value is bound: the value stays, as a leaf that remembers
/// why and which named values the history reached. A later `grad` or `jacobian` with
/// respect to one of those is refused with the reason (it would miss every path through
/// the dropped part); with respect to anything else it is exact. The count is an upper
/// bound (a node reached along two paths counts twice), so the memory really kept is at
/// most the bound.
struct HistoryBound {
  /// The most elements (8 bytes each) one variable's history may keep alive.
  var elements: Int

  /// Every node counts this many elements besides its value.
  static let elementsPerNode = 64

  /// An eighth of the session's memory budget (in elements), at most 64 MiB (`Limits`).
  init(budget: MemoryBudget) {
    elements = Swift.min(budget.maxElements / Limits.historyShareOfMemory, Limits.historyCapElements)
  }

  /// The elements `v` is counted as keeping alive, itself and its history.
  static func cost(_ v: Variable) -> Int {
    let (nodes, overflow) = v.retainedNodes.multipliedReportingOverflow(by: elementsPerNode)
    let (sum, over) = v.retainedElements.addingReportingOverflow(nodes)
    return overflow || over ? Int.max : sum
  }

  /// `v` itself when its history fits, else its value as a leaf that says why its history
  /// was dropped. A leaf has no history, and is kept whatever its size.
  /// `held` gives the nodes the session holds besides this variable (asked only on a cut).
  func kept(_ v: Variable, name: String, held: () -> [Variable]) -> Variable {
    guard !v.isLeaf else { return v }
    let cost = Self.cost(v)
    guard cost > elements else { return v }
    return v.detached(
      because: "the history of \(name) was dropped when it was bound, because it kept more than "
        + "\(Interpreter.formatBytes(elements * 8)), the most one value's history may keep (an eighth of the memory budget, never more than 64M)",
      stillHeld: held())
  }
}
