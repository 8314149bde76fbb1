import Foundation
import LineEditor
import NNShell

/// The Jupyter kernel: one nnsh session (one `Interpreter` for the kernel's whole life)
/// served over the messaging protocol. Requests are handled one at a time on the main
/// thread, as the shell runs statements; the heartbeat answers on its own thread, and an
/// interrupt arrives as SIGINT (`interrupt_mode` "signal"), raising the flag that `train`
/// and `repeat` poll between batches and iterations — exactly Ctrl-C in the shell.
///
///     try Kernel(connection: ConnectionInfo(file: path), version: "0.1.0").run()
public final class Kernel {
  let info: ConnectionInfo
  let signer: MessageSigner
  let session = UUID().uuidString.lowercased()
  let version: String
  let output = CellOutput()
  let interpreter: Interpreter
  var history = KernelHistory()
  /// `In[n]`: counts the cells run with `store_history`.
  var executionCount = 0
  private var sockets: KernelSockets?
  /// Where IOPub messages go instead of the socket (tests watch them here).
  var publishHook: ((WireMessage) -> Void)?
  private var running = true

  public init(connection: ConnectionInfo, version: String) {
    info = connection
    signer = MessageSigner(key: connection.key)
    self.version = version
    interpreter = Interpreter(console: output, fileVersion: version)
    interpreter.showResults(in: output)
    interpreter.shouldStop = { Interrupt.requested }
    interpreter.acknowledgeStop = { Interrupt.clear() }
  }

  /// Binds the sockets and serves requests until a shutdown request, SIGTERM or SIGHUP,
  /// or until the process that started the kernel has ended.
  public func run() throws {
    let sockets = try KernelSockets(info)
    self.sockets = sockets
    Interrupt.install()
    sockets.heartbeat.start()
    publish(WireMessage(header: WireMessage.header(type: "status", session: session), content: ["execution_state": "starting"]))
    // The front end that started the kernel (jupyter_client starts it in a session of
    // its own, so no SIGHUP comes when that front end dies without a shutdown request):
    // once it is gone the kernel is an orphan nobody can reach, and it ends, as
    // ipykernel's parent poller makes it. jupyter_client names that process in
    // JPY_PARENT_PID (it may be gone before this line runs); otherwise it is our parent now.
    let parent = ProcessInfo.processInfo.environment["JPY_PARENT_PID"].flatMap { Int32($0) } ?? getppid()
    while running, Interrupt.terminationSignal == nil, getppid() == parent {
      let waiting = sockets.waiting(milliseconds: 100)
      if waiting.control, let frames = sockets.control.receive() { handle(frames, on: sockets.control) }
      if waiting.shell, let frames = sockets.shell.receive() { handle(frames, on: sockets.shell) }
    }
  }

  /// Decodes one request and answers it; a malformed one is logged and ignored.
  func handle(_ frames: [[UInt8]], on socket: ZMQSocket) {
    let request: WireMessage
    do {
      request = try WireMessage.decode(frames, signer: signer)
    } catch {
      KernelLog.write("ignored a message on the \(socket.name) channel: \(error)")
      return
    }
    status("busy", parent: request)
    defer { status("idle", parent: request) }
    guard let content = respond(to: request) else {
      KernelLog.write("ignored a '\(request.type)' message on the \(socket.name) channel: nnsh does not handle it")
      return
    }
    let replyType = request.type.hasSuffix("_request") ? String(request.type.dropLast("_request".count)) + "_reply" : request.type + "_reply"
    let reply = request.child(type: replyType, session: session, content: content, routed: true)
    // Taken before the reply goes out, so that they are only cells sent before the front
    // end could know of the error.
    let queued = request.type == "execute_request" && content["status"] as? String == "error"
      && request.content["stop_on_error"] as? Bool ?? true ? queuedShellRequests() : []
    socket.send(reply.encode(signer: signer))
    if !queued.isEmpty { abort(queued) }
    if request.type == "shutdown_request" {
      // Front ends that watch IOPub learn of the shutdown there too.
      publish(request.child(type: "shutdown_reply", session: session, content: content, routed: false))
      running = false
    }
  }

  /// After a cell fails, the cells already queued behind it do not run: each gets an
  /// `execute_reply` with status "aborted", as ipykernel does for `stop_on_error` (what a
  /// notebook's Run All sends), so a notebook stops at its first error instead of running
  /// later cells against a session the failed cell did not set up. Other requests queued
  /// meanwhile (completion, inspection) are answered as usual.
  func abort(_ queued: [[[UInt8]]]) {
    guard let sockets else { return }
    for frames in queued {
      guard let request = try? WireMessage.decode(frames, signer: signer), request.type == "execute_request" else {
        handle(frames, on: sockets.shell)
        continue
      }
      status("busy", parent: request)
      let content: JSONObject = ["status": "aborted", "execution_count": executionCount]
      sockets.shell.send(request.child(type: "execute_reply", session: session, content: content, routed: true).encode(signer: signer))
      status("idle", parent: request)
    }
  }

  /// The requests waiting on the shell channel now.
  func queuedShellRequests() -> [[[UInt8]]] {
    guard let sockets else { return [] }
    var queued: [[[UInt8]]] = []
    while sockets.waiting(milliseconds: 0).shell, let frames = sockets.shell.receive() { queued.append(frames) }
    return queued
  }

  /// The content of the reply to a request; nil for a request nnsh does not know.
  func respond(to request: WireMessage) -> JSONObject? {
    let c = request.content
    switch request.type {
    case "kernel_info_request": return KernelInfo.content(version: version)
    case "execute_request": return execute(request)
    case "complete_request": return complete(code: c["code"] as? String ?? "", cursor: c["cursor_pos"] as? Int)
    case "inspect_request": return inspect(code: c["code"] as? String ?? "", cursor: c["cursor_pos"] as? Int)
    case "is_complete_request": return isComplete(c["code"] as? String ?? "")
    case "history_request": return ["status": "ok", "history": history.reply(to: c)]
    case "comm_info_request": return ["status": "ok", "comms": [:] as JSONObject]
    case "shutdown_request": return ["status": "ok", "restart": c["restart"] as? Bool ?? false]
    case "interrupt_request":
      // Only when a front end interrupts by message (interrupt_mode "message"); requests
      // are handled one at a time, so this stops nothing that is running now.
      return ["status": "ok"]
    default: return nil
    }
  }

  // MARK: IOPub

  func publish(_ message: WireMessage) {
    var m = message
    // The topic: front ends subscribe to everything, and ipykernel names topics this way.
    m.identities = [Array("kernel.\(session).\(message.type)".utf8)]
    if let publishHook { return publishHook(m) }
    sockets?.iopub.send(m.encode(signer: signer))
  }

  func status(_ state: String, parent: WireMessage) {
    publish(parent.child(type: "status", session: session, content: ["execution_state": state], routed: false))
  }
}
