import Crypto

/// Signs Jupyter messages: the hex HMAC-SHA256, under the connection file's key, of the
/// header, parent header, metadata and content frames in that order (the messaging
/// protocol's "signature"). With an empty key nothing is signed and every signature is
/// accepted, as Jupyter specifies.
///
///     let signer = MessageSigner(key: "key")
///     signer.signature(of: [Array("{}".utf8)])   // 64 hex digits
public struct MessageSigner {
  private let key: SymmetricKey?

  public init(key: String) {
    self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
  }

  /// Whether messages are signed at all.
  public var signs: Bool { key != nil }

  /// The lowercase hex HMAC-SHA256 of the frames, concatenated; "" with no key.
  public func signature(of frames: [[UInt8]]) -> String {
    guard let key else { return "" }
    var mac = HMAC<SHA256>(key: key)
    for frame in frames { mac.update(data: frame) }
    return MessageSigner.hex(Array(mac.finalize()))
  }

  /// Whether `signature` (hex, as received) signs `frames`. The comparison takes the
  /// same time wherever the first difference is, so the key cannot be guessed digit by
  /// digit from how fast bad signatures are refused.
  public func verify(_ signature: [UInt8], of frames: [[UInt8]]) -> Bool {
    guard signs else { return true }
    let expected = Array(self.signature(of: frames).utf8)
    guard signature.count == expected.count else { return false }
    var difference: UInt8 = 0
    for (a, b) in zip(signature, expected) { difference |= a ^ b }
    return difference == 0
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
