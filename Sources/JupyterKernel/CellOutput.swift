import Foundation
import NNShell

/// Where a cell's results go: the interpreter's console (text) and its notebook display
/// (values, pictures, progress, failures), both turned into IOPub messages —
///
/// - text written to standard output → `stream` "stdout", warnings → `stream` "stderr";
/// - a value → `execute_result` with `text/plain` and the cell's execution count;
/// - a picture → `display_data` with `image/svg+xml` and the terminal drawing as `text/plain`;
/// - `train`'s live line → one `display_data` with a `transient.display_id`, then
///   `update_display_data` for the same id, so the notebook shows one line that changes;
/// - a failure → kept for the cell's `error` message and `execute_reply`.
///
/// Text is gathered and sent once per statement (the interpreter flushes after each), and
/// before anything else is sent, so messages keep the order the shell would print in.
final class CellOutput: Console, NotebookDisplay {
  /// Sends one IOPub message in reply to the running request.
  var publish: (_ type: String, _ content: JSONObject) -> Void = { _, _ in }
  /// The running cell's execution count.
  var executionCount = 0
  /// The failures of the running cell, in order.
  private(set) var failures: [NotebookFailure] = []
  /// Whether the cell showed a result (history with `output=True` returns it).
  private(set) var lastResult: String?

  private var pending = ""
  private var progressID: String?
  private var progressCount = 0

  let isInteractive = false
  let useColor = false
  /// The width the shell lays text pictures and matrices out to: a notebook's cell is
  /// about as wide as a terminal.
  let width = 80

  /// Forgets the last cell's failures and result, before the next runs.
  func begin(executionCount: Int) {
    self.executionCount = executionCount
    failures = []
    lastResult = nil
    pending = ""
    progressID = nil
  }

  // MARK: Console

  func write(_ text: String) { pending += text }

  func writeError(_ text: String) {
    flush()
    publish("stream", ["name": "stderr", "text": text])
  }

  /// `pause` never waits in a notebook (there is no one at a prompt to press Enter).
  func readLine() -> String? { nil }

  func flush() {
    guard !pending.isEmpty else { return }
    publish("stream", ["name": "stdout", "text": pending])
    pending = ""
  }

  // MARK: NotebookDisplay

  func showResult(_ text: String) {
    flush()
    // The shell ends a value with a newline; a notebook's Out[n] adds its own.
    let shown = text.hasSuffix("\n") ? String(text.dropLast()) : text
    lastResult = shown
    publish("execute_result", ["execution_count": executionCount, "data": ["text/plain": shown] as JSONObject, "metadata": [:] as JSONObject])
  }

  func showPicture(svg: String, text: String) {
    flush()
    publish("display_data", ["data": ["image/svg+xml": svg, "text/plain": text] as JSONObject, "metadata": [:] as JSONObject, "transient": [:] as JSONObject])
  }

  func showProgress(_ line: String) {
    flush()
    let content: JSONObject
    if let id = progressID {
      content = ["data": ["text/plain": line] as JSONObject, "metadata": [:] as JSONObject, "transient": ["display_id": id] as JSONObject]
      publish("update_display_data", content)
    } else {
      progressCount += 1
      let id = "nnsh-train-\(getpid())-\(progressCount)"
      progressID = id
      content = ["data": ["text/plain": line] as JSONObject, "metadata": [:] as JSONObject, "transient": ["display_id": id] as JSONObject]
      publish("display_data", content)
    }
  }

  /// The last line shown stays as the run's record; the next `train` gets a display of its own.
  func endProgress() { progressID = nil }

  func showFailure(_ failure: NotebookFailure) {
    flush()
    failures.append(failure)
  }
}
