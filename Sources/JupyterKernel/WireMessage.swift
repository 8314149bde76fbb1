import Foundation

/// A JSON object as Foundation's `JSONSerialization` reads and writes it.
public typealias JSONObject = [String: Any]

/// One Jupyter message as it travels over ZeroMQ (messaging protocol v5.3, "the wire
/// protocol"): the routing identities, the delimiter, the signature, then four JSON
/// frames and any binary buffers —
///
///     [identity…] "<IDS|MSG>" signature header parent_header metadata content [buffer…]
///
/// `decode` refuses (with a reason, for the log) a message without the delimiter, with
/// fewer than four JSON frames, with a bad signature, or whose frames are not JSON
/// objects; the kernel logs and ignores such a message.
public struct WireMessage {
  public var identities: [[UInt8]]
  public var header: JSONObject
  public var parentHeader: JSONObject
  public var metadata: JSONObject
  public var content: JSONObject
  public var buffers: [[UInt8]] = []

  public static let delimiter = Array("<IDS|MSG>".utf8)
  /// The protocol version nnsh speaks.
  public static let protocolVersion = "5.3"

  public init(identities: [[UInt8]] = [], header: JSONObject, parentHeader: JSONObject = [:], metadata: JSONObject = [:], content: JSONObject) {
    self.identities = identities
    self.header = header
    self.parentHeader = parentHeader
    self.metadata = metadata
    self.content = content
  }

  /// The header's `msg_type` (`execute_request`), or "" when it has none.
  public var type: String { header["msg_type"] as? String ?? "" }
  /// The header's `msg_id`.
  public var id: String { header["msg_id"] as? String ?? "" }

  /// Why frames are not a message.
  public struct Malformed: Error, CustomStringConvertible, Equatable {
    public var description: String
  }

  /// Reads the frames of a received message, checking its signature.
  public static func decode(_ frames: [[UInt8]], signer: MessageSigner) throws -> WireMessage {
    guard let split = frames.firstIndex(of: delimiter) else {
      throw Malformed(description: "no <IDS|MSG> delimiter among its \(frames.count) frames")
    }
    let parts = Array(frames[(split + 1)...])
    guard parts.count >= 5 else {
      throw Malformed(description: "\(parts.count) frames after the delimiter, not a signature and four JSON frames")
    }
    let signed = Array(parts[1...4])
    guard signer.verify(parts[0], of: signed) else { throw Malformed(description: "its signature does not match") }
    func object(_ frame: [UInt8], _ name: String) throws -> JSONObject {
      guard let o = (try? JSONSerialization.jsonObject(with: Data(frame))) as? JSONObject else {
        throw Malformed(description: "its \(name) is not a JSON object")
      }
      return o
    }
    var message = WireMessage(
      identities: Array(frames[..<split]), header: try object(signed[0], "header"),
      parentHeader: try object(signed[1], "parent header"), metadata: try object(signed[2], "metadata"),
      content: try object(signed[3], "content"))
    guard message.header["msg_type"] is String, message.header["msg_id"] is String else {
      throw Malformed(description: "its header has no msg_type or msg_id")
    }
    message.buffers = Array(parts[5...])
    return message
  }

  /// The frames to send, signed.
  public func encode(signer: MessageSigner) -> [[UInt8]] {
    let json = [header, parentHeader, metadata, content].map(WireMessage.serialize)
    return identities + [WireMessage.delimiter, Array(signer.signature(of: json).utf8)] + json + buffers
  }

  /// The compact JSON text of an object. Values the kernel builds are always
  /// serializable; anything else becomes `{}` rather than a crash.
  static func serialize(_ object: JSONObject) -> [UInt8] {
    guard JSONSerialization.isValidJSONObject(object), let data = try? JSONSerialization.data(withJSONObject: object) else {
      return Array("{}".utf8)
    }
    return Array(data)
  }

  /// A new header: a fresh id, the session, the time now (ISO 8601, UTC).
  public static func header(type: String, session: String) -> JSONObject {
    [
      "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "nnsh",
      "date": timestamp(), "msg_type": type, "version": protocolVersion,
    ]
  }

  static func timestamp() -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: Date())
  }

  /// A reply or broadcast caused by this message: its header is the parent, and a reply
  /// goes back to the same identities.
  public func child(type: String, session: String, content: JSONObject, routed: Bool) -> WireMessage {
    WireMessage(
      identities: routed ? identities : [], header: WireMessage.header(type: type, session: session),
      parentHeader: header, content: content)
  }
}
