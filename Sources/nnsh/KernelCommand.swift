import ArgumentParser
import JupyterKernel
import NNShell

/// `nnsh kernel install [--user | --prefix DIR]` and `nnsh kernel run -f FILE`: nnsh as a
/// Jupyter kernel (module JupyterKernel; README, "Notebooks (Jupyter kernel)").
struct KernelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernel", abstract: "nnsh as a Jupyter kernel: install its kernel spec, or run it.",
    subcommands: [KernelInstallCommand.self, KernelRunCommand.self])
}

struct KernelInstallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install", abstract: "Write the kernel spec that makes Jupyter list nnsh.",
    discussion: """
      --user (the default) writes $JUPYTER_DATA_DIR/kernels/nnsh, or \
      ~/.local/share/jupyter/kernels/nnsh; --prefix DIR writes DIR/share/jupyter/kernels/nnsh \
      (a virtual environment's prefix, for example). The spec starts this nnsh by its absolute path.
      """)

  @Flag(help: "Install for this user (the default).")
  var user = false

  @ArgumentParser.Option(help: ArgumentHelp("Install under this prefix.", valueName: "DIR"))
  var prefix: String?

  func validate() throws {
    if user && prefix != nil { throw ValidationError("--user and --prefix cannot be given together") }
  }

  func run() throws {
    let destination: KernelSpec.Destination = prefix.map { .prefix($0) } ?? .user
    do {
      let folder = try KernelSpec.install(destination, executable: KernelSpec.executablePath())
      StandardOutput.write("installed the nnsh kernel spec in \(folder)\n")
    } catch {
      Terminal.writeError("nnsh: error: cannot install the kernel spec: \(error)\n")
      throw ExitCode(1)
    }
  }
}

struct KernelRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run the kernel (Jupyter starts it with its connection file).")

  @ArgumentParser.Option(name: .customShort("f"), help: ArgumentHelp("The connection file Jupyter wrote.", valueName: "CONNECTION_FILE"))
  var connectionFile: String

  func run() throws {
    do {
      try Kernel(connection: ConnectionInfo(file: connectionFile), version: NnshVersion.number).run()
    } catch {
      Terminal.writeError("nnsh: error: \(error)\n")
      throw ExitCode(1)
    }
  }
}
