import CZMQ

/// The kernel's five channels, bound where the connection file says:
/// shell and control (ROUTER: requests and their replies), IOPub (PUB: everything the
/// front ends show), stdin (ROUTER: input requests; nnsh's `pause` never asks, so it is
/// only bound) and the heartbeat (REP, on its own thread — `Heartbeat`).
final class KernelSockets {
  let context: UnsafeMutableRawPointer
  let shell: ZMQSocket
  let control: ZMQSocket
  let iopub: ZMQSocket
  let stdin: ZMQSocket
  let heartbeat: Heartbeat

  init(_ info: ConnectionInfo) throws {
    guard let context = zmq_ctx_new() else { throw ZMQSocket.Failure(description: "cannot start ZeroMQ: \(ZMQSocket.lastError())") }
    self.context = context
    shell = try ZMQSocket(context: context, type: ZMQ_ROUTER, name: "shell")
    control = try ZMQSocket(context: context, type: ZMQ_ROUTER, name: "control")
    iopub = try ZMQSocket(context: context, type: ZMQ_PUB, name: "iopub")
    stdin = try ZMQSocket(context: context, type: ZMQ_ROUTER, name: "stdin")
    try shell.bind(info.endpoint(info.shellPort))
    try control.bind(info.endpoint(info.controlPort))
    try iopub.bind(info.endpoint(info.iopubPort))
    try stdin.bind(info.endpoint(info.stdinPort))
    heartbeat = try Heartbeat(context: context, endpoint: info.endpoint(info.heartbeatPort))
  }

  /// Which of control and shell have a message waiting, after waiting up to
  /// `milliseconds` (control first: a shutdown is not kept behind queued cells).
  func waiting(milliseconds: Int) -> (control: Bool, shell: Bool) {
    var items = [
      zmq_pollitem_t(socket: control.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
      zmq_pollitem_t(socket: shell.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
    ]
    // EINTR (a SIGINT while idle) is simply an empty wait.
    guard zmq_poll(&items, 2, milliseconds) > 0 else { return (false, false) }
    return (items[0].revents & Int16(ZMQ_POLLIN) != 0, items[1].revents & Int16(ZMQ_POLLIN) != 0)
  }
}
