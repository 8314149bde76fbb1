import CZMQ

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One ZeroMQ socket, sending and receiving whole multipart messages. A socket is used
/// by one thread only (ZeroMQ's rule): the heartbeat's on its own thread, the others on
/// the kernel's.
final class ZMQSocket {
  let handle: UnsafeMutableRawPointer
  let name: String

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func lastError() -> String { String(cString: zmq_strerror(zmq_errno())) }

  init(context: UnsafeMutableRawPointer, type: Int32, name: String) throws {
    guard let h = zmq_socket(context, type) else {
      throw Failure(description: "cannot make the \(name) socket: \(ZMQSocket.lastError())")
    }
    handle = h
    self.name = name
    // Closing never waits for unsent messages (a front end that left must not hold the kernel up).
    _ = nnsh_zmq_setsockopt_int(h, ZMQ_LINGER, 0)
  }

  deinit { zmq_close(handle) }

  func bind(_ endpoint: String) throws {
    guard zmq_bind(handle, endpoint) == 0 else {
      throw Failure(description: "cannot listen for the \(name) channel on \(endpoint): \(ZMQSocket.lastError())")
    }
  }

  /// The frames of the next message; nil when the wait was interrupted (EINTR) or the
  /// context is ending.
  func receive() -> [[UInt8]]? {
    var frames: [[UInt8]] = []
    repeat {
      var part = zmq_msg_t()
      zmq_msg_init(&part)
      defer { zmq_msg_close(&part) }
      guard zmq_msg_recv(&part, handle, 0) >= 0 else { return nil }
      let size = zmq_msg_size(&part)
      if size > 0, let data = zmq_msg_data(&part) {
        frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
      } else {
        frames.append([])
      }
      guard zmq_msg_more(&part) == 1 else { break }
    } while true
    return frames
  }

  /// Sends the frames as one message. A failure (a front end that is gone) is logged:
  /// the kernel carries on for the front ends that are still there.
  func send(_ frames: [[UInt8]]) {
    for (i, frame) in frames.enumerated() {
      let flags = i + 1 < frames.count ? ZMQ_SNDMORE : 0
      let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
      if sent < 0 {
        KernelLog.write("cannot send on the \(name) channel: \(ZMQSocket.lastError())")
        return
      }
    }
  }
}

/// The kernel's own log: standard error, which Jupyter shows in its terminal or log.
enum KernelLog {
  static func write(_ text: String) {
    fputs("nnsh kernel: \(text)\n", stderr)
    fflush(stderr)
  }
}
