import LineEditor
import NNShell

/// `execute_request`: a cell is a script named `In[n]`, run in the kernel's one session.
extension Kernel {
  /// Runs the cell, sending its outputs on IOPub as they come (see `CellOutput`), and
  /// returns the `execute_reply`: status "ok", or "error" with the diagnostics (each
  /// `In[n]:LINE:COL: error: …` with the source line and the caret) or "Interrupted".
  /// Either way the session is as the shell would leave it: a failed statement changed
  /// nothing, and an interrupted `train` keeps the epochs it finished.
  func execute(_ request: WireMessage) -> JSONObject {
    let c = request.content
    let code = c["code"] as? String ?? ""
    let silent = c["silent"] as? Bool ?? false
    let storeHistory = (c["store_history"] as? Bool ?? true) && !silent
    if storeHistory { executionCount += 1 }
    let count = executionCount
    output.publish = { [unowned self] type, content in
      guard !silent else { return }
      self.publish(request.child(type: type, session: self.session, content: content, routed: false))
    }
    defer { output.publish = { _, _ in } }
    output.publish("execute_input", ["code": code, "execution_count": count])
    output.begin(executionCount: count)
    // An interrupt sent while the kernel was idle is not meant for this cell.
    Interrupt.clear()
    let outcome = interpreter.run(SourceText(name: "In[\(count)]", text: code))
    output.flush()
    if storeHistory { history.append(line: count, input: code, output: output.lastResult) }
    guard outcome != .failed else {
      let error = Kernel.error(output.failures)
      output.publish("error", error)
      return error.merging(["status": "error", "execution_count": count]) { a, _ in a }
    }
    // `quit` in a cell: ask the front end to end the kernel, as IPython's `exit` does.
    let payload: [JSONObject] = outcome == .quit ? [["source": "ask_exit", "keepkernel": false]] : []
    return ["status": "ok", "execution_count": count, "payload": payload, "user_expressions": [:] as JSONObject]
  }

  /// The `error` content of a failed cell: ename "Error" for diagnostics (a cell with
  /// syntax errors reports them all, one after another), "Interrupted" for an interrupt;
  /// evalue the first line; the traceback every line, as the shell prints them.
  static func error(_ failures: [NotebookFailure]) -> JSONObject {
    guard let first = failures.first else {
      return ["ename": "Error", "evalue": "the cell failed", "traceback": ["the cell failed"]]
    }
    let interrupted = failures.contains { $0.kind == .interrupted }
    return [
      "ename": interrupted ? "Interrupted" : "Error",
      "evalue": (interrupted ? failures.first { $0.kind == .interrupted } ?? first : first).summary,
      "traceback": failures.flatMap(\.lines),
    ]
  }
}
