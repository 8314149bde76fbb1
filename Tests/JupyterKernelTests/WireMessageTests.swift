import Testing

@testable import JupyterKernel

/// The wire format: identities, `<IDS|MSG>`, the signature, four JSON frames, buffers;
/// and frames that are not a message, refused with a reason rather than a crash.
@Suite("wire message")
struct WireMessageTests {
  let signer = MessageSigner(key: "k")

  func frames(_ header: String, _ parent: String = "{}", _ metadata: String = "{}", _ content: String = "{}") -> [[UInt8]] {
    let json = [header, parent, metadata, content].map { Array($0.utf8) }
    return [Array("client-1".utf8), WireMessage.delimiter, Array(signer.signature(of: json).utf8)] + json
  }

  @Test("a message encoded and decoded again keeps its identities, header and content")
  func roundTrip() throws {
    var m = WireMessage(
      identities: [Array("id-a".utf8), Array("id-b".utf8)],
      header: WireMessage.header(type: "execute_request", session: "s"), content: ["code": "let x = 1", "silent": false])
    m.buffers = [[1, 2, 3]]
    let back = try WireMessage.decode(m.encode(signer: signer), signer: signer)
    #expect(back.identities == m.identities)
    #expect(back.type == "execute_request")
    #expect(back.id == m.id)
    #expect(back.header["version"] as? String == "5.3")
    #expect(back.content["code"] as? String == "let x = 1")
    #expect(back.content["silent"] as? Bool == false)
    #expect(back.buffers == [[1, 2, 3]])
  }

  @Test("a reply is routed to the request's identities, with the request's header as parent")
  func childMessage() throws {
    let request = try WireMessage.decode(frames(#"{"msg_id":"r1","msg_type":"kernel_info_request"}"#), signer: signer)
    let reply = request.child(type: "kernel_info_reply", session: "s", content: ["status": "ok"], routed: true)
    #expect(reply.identities == [Array("client-1".utf8)])
    #expect(reply.parentHeader["msg_id"] as? String == "r1")
    let broadcast = request.child(type: "status", session: "s", content: [:], routed: false)
    #expect(broadcast.identities.isEmpty)
  }

  @Test(
    "frames that are not a message are refused with the reason",
    arguments: [
      ([[UInt8]]([Array("just one frame".utf8)]), "no <IDS|MSG> delimiter"),
      ([WireMessage.delimiter, Array("sig".utf8), Array("{}".utf8)], "2 frames after the delimiter"),
      ([[UInt8]](), "no <IDS|MSG> delimiter among its 0 frames"),
    ])
  func malformedFrames(_ frames: [[UInt8]], _ reason: String) {
    #expect {
      try WireMessage.decode(frames, signer: signer)
    } throws: { error in
      (error as? WireMessage.Malformed)?.description.contains(reason) == true
    }
  }

  @Test("a bad signature, a header that is not JSON, and a header without msg_type are refused")
  func refusedContents() {
    var forged = frames(#"{"msg_id":"1","msg_type":"execute_request"}"#)
    forged[2] = Array(String(repeating: "0", count: 64).utf8)
    #expect(throws: WireMessage.Malformed(description: "its signature does not match")) {
      try WireMessage.decode(forged, signer: signer)
    }
    #expect(throws: WireMessage.Malformed(description: "its header is not a JSON object")) {
      try WireMessage.decode(frames("{not json"), signer: signer)
    }
    #expect(throws: WireMessage.Malformed(description: "its content is not a JSON object")) {
      try WireMessage.decode(frames(#"{"msg_id":"1","msg_type":"x"}"#, "{}", "{}", "[1, 2]"), signer: signer)
    }
    #expect(throws: WireMessage.Malformed(description: "its header has no msg_type or msg_id")) {
      try WireMessage.decode(frames(#"{"msg_id":"1"}"#), signer: signer)
    }
  }
}
