/// A renderer that keeps every result and progress event, and passes them on to
/// another renderer (if any): for tests, and for a front end that shows results itself.
final class RecordingRenderer: Renderer {
  private(set) var outputs: [Output] = []
  private(set) var events: [ProgressEvent] = []
  let next: Renderer?
  /// Whether to ask for batch events when there is no renderer to pass them to.
  var live = false

  init(passingTo next: Renderer? = nil) {
    self.next = next
  }

  var drawsLiveProgress: Bool { next?.drawsLiveProgress ?? live }

  func render(_ output: Output) throws {
    outputs.append(output)
    try next?.render(output)
  }

  func progress(_ event: ProgressEvent) {
    events.append(event)
    next?.progress(event)
  }
}
