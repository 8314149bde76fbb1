import Testing

@testable import JupyterKernel

/// HMAC-SHA256 signatures as Jupyter computes them (the expected digests are Python's
/// `hmac.new(key, digestmod=hashlib.sha256)` over the same frames).
@Suite("message signer")
struct MessageSignerTests {
  @Test("the HMAC-SHA256 of a known text under a known key")
  func knownVector() {
    let signer = MessageSigner(key: "key")
    #expect(
      signer.signature(of: [Array("The quick brown fox jumps over the lazy dog".utf8)])
        == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
  }

  @Test("a message's four JSON frames are signed in order, as Python's hmac signs them")
  func messageFrames() {
    let signer = MessageSigner(key: "a0436f6c-1916-498b-8eb9-e81ab9368e84")
    let frames = [#"{"msg_id":"1","msg_type":"kernel_info_request"}"#, "{}", "{}", "{}"].map { Array($0.utf8) }
    let expected = "23d21ade63d42fc48bbe2721cd9045ceffb260c3521b7d246495f23adfca79a0"
    #expect(signer.signature(of: frames) == expected)
    #expect(signer.verify(Array(expected.utf8), of: frames))
  }

  @Test("a signature with one digit changed, cut short, or empty is refused")
  func refusesBadSignatures() {
    let signer = MessageSigner(key: "secret")
    let frames = [Array("{}".utf8)]
    var good = Array(signer.signature(of: frames).utf8)
    #expect(signer.verify(good, of: frames))
    good[10] = good[10] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
    #expect(!signer.verify(good, of: frames))
    #expect(!signer.verify(Array(good.dropLast()), of: frames))
    #expect(!signer.verify([], of: frames))
  }

  @Test("with an empty key nothing is signed and every signature is accepted")
  func emptyKey() {
    let signer = MessageSigner(key: "")
    #expect(!signer.signs)
    #expect(signer.signature(of: [Array("{}".utf8)]) == "")
    #expect(signer.verify(Array("anything".utf8), of: [Array("{}".utf8)]))
  }
}
