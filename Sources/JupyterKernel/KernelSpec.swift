import Foundation
import NNData

/// `nnsh kernel install`: the kernel spec that makes Jupyter (Lab, Notebook, VS Code,
/// `jupyter console`) list nnsh — a folder `kernels/nnsh` holding `kernel.json`:
///
///     {"argv": ["/usr/local/bin/nnsh", "kernel", "run", "-f", "{connection_file}"],
///      "display_name": "nnsh", "language": "nnsh", "interrupt_mode": "signal"}
///
/// Where it goes (as `jupyter kernelspec install` decides it):
/// - `--user`: `$JUPYTER_DATA_DIR/kernels/nnsh`, or `~/.local/share/jupyter/kernels/nnsh`;
/// - `--prefix DIR`: `DIR/share/jupyter/kernels/nnsh` (a virtual environment's prefix, say);
/// - neither: `--user`. Jupyter's own default is the system prefix (`/usr/local`), which
///   needs root and serves everyone; a shell a person installed for themselves
///   belongs to them, so nnsh installs for the user unless told otherwise.
///
/// `interrupt_mode` "signal": Jupyter interrupts by sending SIGINT, which raises the
/// same flag Ctrl-C raises in the shell.
public enum KernelSpec {
  public enum Destination: Equatable, Sendable {
    case user
    case prefix(String)
  }

  /// Why the spec could not be written.
  public struct Problem: Error, CustomStringConvertible, Equatable {
    public var description: String
  }

  /// The folder the spec goes into.
  public static func folder(for destination: Destination, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    switch destination {
    case .prefix(let dir):
      return dir + "/share/jupyter/kernels/nnsh"
    case .user:
      if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels/nnsh" }
      let home = environment["HOME"] ?? NSHomeDirectory()
      return home + "/.local/share/jupyter/kernels/nnsh"
    }
  }

  /// The text of `kernel.json` for the executable at `executable` (an absolute path).
  public static func json(executable: String) -> String {
    let object: JSONObject = [
      "argv": [executable, "kernel", "run", "-f", "{connection_file}"],
      "display_name": KernelInfo.displayName,
      "language": KernelInfo.language,
      "interrupt_mode": "signal",
      "metadata": ["debugger": false] as JSONObject,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Writes the spec and returns the folder. The folders are made as needed; the file
  /// is written whole or not at all (`AtomicFile`), and when it cannot be written the
  /// folders this call made are removed again, so a failure leaves nothing behind.
  @discardableResult
  public static func install(_ destination: Destination, executable: String) throws -> String {
    let folder = folder(for: destination)
    var made: [String] = []
    do {
      var path = folder.hasPrefix("/") ? "" : "."
      for part in folder.split(separator: "/") {
        path += "/" + part
        if access(path, F_OK) != 0 {
          try AtomicFile.makeFolder(path)
          made.append(path)
        }
      }
      try AtomicFile.write(Array(json(executable: executable).utf8), to: folder + "/kernel.json")
    } catch {
      for path in made.reversed() { rmdir(path) }
      throw Problem(description: (error as? DataError)?.description ?? "\(error)")
    }
    return folder
  }

  /// The absolute path of the running executable (`/proc/self/exe`), which is what
  /// Jupyter must start, wherever the user typed `nnsh` from.
  public static func executablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 { return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return CommandLine.arguments[0]
  }
}
