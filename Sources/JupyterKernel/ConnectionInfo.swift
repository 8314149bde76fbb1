import Foundation

/// The connection file Jupyter writes before it starts a kernel (`kernel run -f FILE`):
/// where each of the five sockets listens and the key that signs every message.
///
///     {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///      "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///      "key": "a0436f6c-…", "signature_scheme": "hmac-sha256"}
///
/// An empty key means messages are not signed (Jupyter's own convention).
public struct ConnectionInfo: Equatable, Sendable {
  public var transport: String
  public var ip: String
  public var shellPort: Int
  public var iopubPort: Int
  public var stdinPort: Int
  public var controlPort: Int
  public var heartbeatPort: Int
  public var key: String
  public var signatureScheme: String

  /// Why a connection file cannot be used, worded for the person who ran the command.
  public struct Problem: Error, CustomStringConvertible, Equatable {
    public var description: String
  }

  /// Reads the JSON text of a connection file.
  public init(json: [UInt8]) throws {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
      throw Problem(description: "the connection file is not a JSON object")
    }
    func port(_ name: String) throws -> Int {
      guard let n = object[name] as? Int, (0...65535).contains(n) else {
        throw Problem(description: "the connection file has no port number '\(name)'")
      }
      return n
    }
    transport = object["transport"] as? String ?? "tcp"
    ip = object["ip"] as? String ?? "127.0.0.1"
    shellPort = try port("shell_port")
    iopubPort = try port("iopub_port")
    stdinPort = try port("stdin_port")
    controlPort = try port("control_port")
    heartbeatPort = try port("hb_port")
    key = object["key"] as? String ?? ""
    signatureScheme = object["signature_scheme"] as? String ?? "hmac-sha256"
    guard ["tcp", "ipc"].contains(transport) else {
      throw Problem(description: "the connection file's transport '\(transport)' is neither tcp nor ipc")
    }
    guard signatureScheme == "hmac-sha256" else {
      throw Problem(description: "the connection file asks for signature scheme '\(signatureScheme)'; nnsh signs with hmac-sha256")
    }
  }

  /// Reads a connection file.
  public init(file path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Problem(description: "cannot read the connection file '\(path)'")
    }
    try self.init(json: Array(data))
  }

  /// The ZeroMQ endpoint of a port: `tcp://127.0.0.1:53794`, or `ipc://IP-53794` for
  /// the ipc transport (where jupyter_client names the socket files that way).
  public func endpoint(_ port: Int) -> String {
    transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
  }
}
