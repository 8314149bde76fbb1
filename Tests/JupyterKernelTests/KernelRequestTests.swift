import CZMQ
import Testing

@testable import JupyterKernel

/// The kernel's answers to requests, with IOPub watched through `publishHook` (no
/// sockets): cells, errors with their carets, pictures, progress, completion, help.
@Suite("kernel requests")
final class KernelRequestTests {
  let kernel: Kernel
  var published: [WireMessage] = []

  init() throws {
    let json = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256"}"#
    kernel = Kernel(connection: try ConnectionInfo(json: Array(json.utf8)), version: "test")
    kernel.publishHook = { [unowned self] in self.published.append($0) }
  }

  func request(_ type: String, _ content: JSONObject) -> WireMessage {
    WireMessage(identities: [Array("client".utf8)], header: WireMessage.header(type: type, session: "client"), content: content)
  }

  /// Runs a cell; returns the reply's content and the IOPub messages it sent.
  func run(_ code: String) -> (reply: JSONObject, sent: [WireMessage]) {
    published = []
    let reply = kernel.respond(to: request("execute_request", ["code": code, "silent": false, "store_history": true])) ?? [:]
    return (reply, published)
  }

  @Test("a value arrives as execute_result, a message as stdout, with the cell's execution count")
  func valueAndText() {
    let (reply, sent) = run("print \"hi\"\nlet v = [1; 2]\nv' * v")
    #expect(reply["status"] as? String == "ok")
    #expect(reply["execution_count"] as? Int == 1)
    #expect(sent.map(\.type) == ["execute_input", "stream", "execute_result"])
    #expect(sent[1].content["text"] as? String == "hi\n")
    let data = sent[2].content["data"] as? JSONObject
    #expect((data?["text/plain"] as? String)?.contains("5") == true)
    #expect(sent[2].content["execution_count"] as? Int == 1)
  }

  @Test("show prints its values as text, like print: only a bare expression is the cell's Out[n]")
  func showIsText() {
    let (reply, sent) = run("let v = [1; 2]\nshow v")
    #expect(reply["status"] as? String == "ok")
    #expect(sent.map(\.type) == ["execute_input", "stream"])
    #expect((sent[1].content["text"] as? String)?.contains("v (2×1)") == true)
  }

  @Test("a syntax error is one error message whose traceback has In[n]:LINE:COL and the caret; the next cell runs")
  func syntaxError() {
    _ = run("let a = 1")
    let (reply, sent) = run("let b = 2\nlet c = (1 +")
    #expect(reply["status"] as? String == "error")
    #expect(reply["ename"] as? String == "Error")
    #expect(sent.map(\.type) == ["execute_input", "error"])
    let traceback = (reply["traceback"] as? [String]) ?? []
    #expect(traceback.first?.hasPrefix("In[2]:2:") == true)
    #expect(traceback.contains { $0.contains("let c = (1 +") })
    #expect(traceback.contains { $0.contains("^") })
    #expect((reply["evalue"] as? String)?.hasPrefix("In[2]:2:") == true)
    // Nothing of the failed cell ran (b is not defined), and the session goes on.
    let next = run("a + 1")
    #expect(next.reply["status"] as? String == "ok")
    #expect(run("b").reply["status"] as? String == "error")
  }

  @Test("a runtime error leaves the session as it was")
  func runtimeError() {
    _ = run("let x = [1; 2]")
    let (reply, _) = run("let x = [5]\nlet y = W9 * x")
    #expect(reply["status"] as? String == "error")
    #expect((reply["evalue"] as? String)?.contains("In[2]:2:") == true)
    let after = run("x")
    let text = (after.sent.last?.content["data"] as? JSONObject)?["text/plain"] as? String ?? ""
    #expect(text.contains("5"))  // the first statement of the failed cell completed, as in a script
  }

  @Test("a picture is display_data with the SVG document and the terminal drawing")
  func picture() {
    let (reply, sent) = run("net\nlayer dense 2 -> 3 relu\nlayer dense 1\ndraw net")
    #expect(reply["status"] as? String == "ok")
    let display = sent.first { $0.type == "display_data" }
    let data = display?.content["data"] as? JSONObject
    #expect((data?["image/svg+xml"] as? String)?.contains("<svg") == true)
    #expect((data?["text/plain"] as? String)?.isEmpty == false)
  }

  @Test("train's progress is one display, updated in place, and the closing line is a stream")
  func trainingProgress() {
    let (reply, sent) = run("seed 1\ndata xor\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 1 sigmoid\nloss bce\ntrain epochs=50 batch=1 lr=0.1")
    #expect(reply["status"] as? String == "ok")
    let displays = sent.filter { $0.type == "display_data" }
    #expect(displays.count == 1)
    let id = (displays.first?.content["transient"] as? JSONObject)?["display_id"] as? String
    #expect(id != nil)
    for update in sent where update.type == "update_display_data" {
      #expect((update.content["transient"] as? JSONObject)?["display_id"] as? String == id)
    }
    let streams = sent.filter { $0.type == "stream" }.compactMap { $0.content["text"] as? String }.joined()
    #expect(streams.contains("trained"))
    #expect(!streams.contains("epoch 1/50"))
  }

  @Test("completion uses the shell's grammar and the session's names, with the cursor range")
  func completion() {
    _ = run("let weights = [1]")
    let c = kernel.complete(code: "tra", cursor: 3)
    #expect(c["matches"] as? [String] == ["train"])
    #expect(c["cursor_start"] as? Int == 0)
    #expect(c["cursor_end"] as? Int == 3)
    let n = kernel.complete(code: "show wei", cursor: 8)
    #expect(n["matches"] as? [String] == ["weights"])
    #expect(n["cursor_start"] as? Int == 5)
  }

  @Test("inspection is the help page of the word at the cursor")
  func inspection() {
    let found = kernel.inspect(code: "train epochs=3", cursor: 2)
    #expect(found["found"] as? Bool == true)
    #expect(((found["data"] as? JSONObject)?["text/plain"] as? String)?.contains("train") == true)
    let function = kernel.inspect(code: "let s = sigmoid(z1)", cursor: 10)
    #expect(function["found"] as? Bool == true)
    let none = kernel.inspect(code: "   ", cursor: 1)
    #expect(none["found"] as? Bool == false)
  }

  @Test("is_complete follows the shell's continuation rule")
  func isComplete() {
    #expect(kernel.isComplete("repeat 3 {")["status"] as? String == "incomplete")
    #expect(kernel.isComplete("let A = [1 2")["status"] as? String == "incomplete")
    #expect(kernel.isComplete("summary")["status"] as? String == "complete")
    #expect(kernel.isComplete("let = = 2")["status"] as? String == "invalid")
  }

  @Test("a malformed message is logged and ignored: no reply, no status, no crash")
  func malformedIgnored() throws {
    let context = try #require(zmq_ctx_new())
    defer { zmq_ctx_term(context) }
    let socket = try ZMQSocket(context: context, type: ZMQ_ROUTER, name: "shell")
    published = []
    kernel.handle([Array("garbage".utf8)], on: socket)
    kernel.handle([Array("id".utf8), WireMessage.delimiter, Array("bad".utf8), [], [], [], []], on: socket)
    #expect(published.isEmpty)
  }
}

/// History for `history_request`: tail, range, search with a glob.
@Suite("kernel history")
struct KernelHistoryTests {
  @Test("tail, range and search (unique, last n) pick the cells jupyter_kernel_test expects")
  func access() {
    var h = KernelHistory()
    for (i, code) in ["let a = 1", "a + 1", "let a = 1", "summary"].enumerated() {
      h.append(line: i + 1, input: code, output: i == 1 ? "2" : nil)
    }
    #expect(h.reply(to: ["hist_access_type": "tail", "n": 2]).count == 2)
    let withOutput = h.reply(to: ["hist_access_type": "tail", "n": 3, "output": true])
    #expect(((withOutput.first as? [Any])?[2] as? [Any])?.count == 2)
    let range = h.reply(to: ["hist_access_type": "range", "session": 1, "start": 2, "stop": 3])
    #expect(range.count == 1)
    #expect((range.first as? [Any])?[1] as? Int == 2)
    #expect(h.reply(to: ["hist_access_type": "search", "pattern": "let*"]).count == 2)
    #expect(h.reply(to: ["hist_access_type": "search", "pattern": "let*", "unique": true]).count == 1)
    #expect(h.reply(to: ["hist_access_type": "search", "pattern": "*", "n": 3]).count == 3)
  }

  @Test("glob patterns match the whole text")
  func glob() {
    #expect(KernelHistory.glob("a*1", matches: "a + 1"))
    #expect(KernelHistory.glob("?umm*", matches: "summary"))
    #expect(!KernelHistory.glob("a*", matches: "ba"))
    #expect(KernelHistory.glob("*", matches: ""))
  }
}
