import NNEngine

/// Everything the safetensors reader, writer and the network mapping refuse, with the
/// file name as the user wrote it:
///
///     m.safetensors: not a valid safetensors file: the header length 4096 runs past the end of the file (120 bytes)
///     m.safetensors: tensor 'x' has dtype C64, which nnsh does not read (it reads F64 F32 F16 BF16 and integers)
///     m.safetensors: W2 is 4×3 in the file but 5×3 in the network
///
/// Failing to open, read or write a file is a `DataError` (`cannotRead`, `cannotWrite`),
/// as everywhere in NNData.
public enum SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Not a well-formed safetensors file: a bad header length, JSON, offsets, sizes, ….
  case invalid(file: String, reason: String)
  /// A well-formed file holding something nnsh does not handle (a dtype, a 3-d tensor, …).
  case unsupported(file: String, reason: String)
  /// Tensors that do not make, or do not fit, the network (names, shapes, layer count).
  case mismatch(file: String, reason: String)
  /// What the engine refused while making the file's matrices or network (a tensor beyond
  /// the memory budget, …); `context` leads into the engine's error (`tensor 'W1': `),
  /// which the caller words (see `description(wording:)`).
  case refused(file: String, context: String, EngineError)

  public var description: String { description(wording: \.description) }

  /// The message, with an engine error in the words `wording` gives (the shell's own).
  public func description(wording: (EngineError) -> String) -> String {
    switch self {
    case .invalid(let file, let reason):
      return "\(QuotedText.quoted(file, limit: 256)): not a valid safetensors file: \(reason)"
    case .unsupported(let file, let reason), .mismatch(let file, let reason):
      return "\(QuotedText.quoted(file, limit: 256)): \(reason)"
    case .refused(let file, let context, let e):
      return "\(QuotedText.quoted(file, limit: 256)): \(context)\(wording(e))"
    }
  }
}
