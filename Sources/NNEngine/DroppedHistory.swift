/// What a value's dropped history leaves behind (see `Variable.detached(because:stillHeld:)`):
/// why it was dropped, and weak references to the nodes, held elsewhere, that it reached.
///
///     s = W + W + … (history dropped)      droppedHistory.reached(W) == true
///     grad sum(s) wrt W                    refused: the paths through s are gone
///
/// The references are weak so that the record keeps nothing alive: a node freed since
/// can never be named in a derivative again.
public final class DroppedHistory: @unchecked Sendable {
  /// Why the history was dropped, as a sentence for a message.
  public let reason: String
  private let nodes: [Weak]

  private struct Weak {
    weak var node: Variable?
  }

  init(reason: String, reached: [Variable]) {
    self.reason = reason
    self.nodes = reached.map { Weak(node: $0) }
  }

  /// Whether `x` was a node of the dropped history.
  public func reached(_ x: Variable) -> Bool {
    nodes.contains { $0.node === x }
  }

  /// The reached nodes still alive.
  var reachedNodes: [Variable] { nodes.compactMap(\.node) }
}
