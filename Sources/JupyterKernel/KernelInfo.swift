/// What the kernel says about itself in `kernel_info_reply`, and the language it runs:
/// the same names the kernel spec (`KernelSpec`) gives, so a notebook saved with this
/// kernel opens with it again.
public enum KernelInfo {
  public static let language = "nnsh"
  public static let displayName = "nnsh"
  public static let fileExtension = ".nn"
  public static let mimeType = "text/x-nnsh"

  static func content(version: String) -> JSONObject {
    [
      "status": "ok",
      "protocol_version": WireMessage.protocolVersion,
      "implementation": "nnsh",
      "implementation_version": version,
      "language_info": [
        "name": language, "version": version, "mimetype": mimeType, "file_extension": fileExtension,
        // No lexer of its own in Pygments or CodeMirror: plain text highlights nothing wrongly.
        "pygments_lexer": "text", "codemirror_mode": "text/plain",
      ] as JSONObject,
      "banner": "nnsh \(version): a shell for small feed-forward neural networks (help lists the statements)",
      "help_links": [] as [Any],
      "debugger": false,
    ]
  }
}
