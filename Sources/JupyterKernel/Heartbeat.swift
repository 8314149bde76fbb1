import CZMQ
import Foundation

/// The heartbeat channel: whatever arrives is sent straight back, on a thread of its
/// own, so a kernel busy with a long `train` still answers and never looks dead to the
/// front end (which would offer to restart it).
final class Heartbeat {
  private let socket: ZMQSocket
  private var thread: Thread?

  init(context: UnsafeMutableRawPointer, endpoint: String) throws {
    socket = try ZMQSocket(context: context, type: ZMQ_REP, name: "heartbeat")
    try socket.bind(endpoint)
  }

  /// Starts echoing; runs until the process ends (the thread only ever waits on the socket).
  func start() {
    let socket = self.socket
    let t = Thread {
      while true {
        // A REP socket alternates receive and send: every ping gets its pong.
        guard let frames = socket.receive() else { continue }
        socket.send(frames)
      }
    }
    t.name = "nnsh heartbeat"
    t.start()
    thread = t
  }
}
