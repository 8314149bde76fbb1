import ArgumentParser
import NNShell

/// The command line (README, "Using it"):
///
///     nnsh                       interactive shell (a script when stdin is not a terminal)
///     nnsh run FILE.nn [--trace] run a script
///     nnsh -c 'statements'       run statements given on the command line
///     nnsh learn [N | FILE.nn]   the teaching walkthroughs (LearnCommand)
///     nnsh --help | --version
struct NnshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnsh",
    abstract: "A shell for small feed-forward neural networks.",
    discussion: """
      With no arguments on a terminal, nnsh starts the interactive shell; when standard \
      input is not a terminal it is read as a script. In the shell, 'help' lists the \
      statements and 'help NAME' shows one statement's page with an example.

      Statements: \(StatementKind.keywords.joined(separator: " ")).
      """,
    version: NnshVersion.string,
    subcommands: [RunCommand.self, LearnCommand.self, KernelCommand.self]
  )

  @ArgumentParser.Option(name: .customShort("c"), help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
  var command: String?

  @Flag(help: "Echo each statement, with its line number, before its output.")
  var trace = false

  func run() throws {
    if let command {
      let outcome = Session.runText(command, name: "<command line>", trace: trace)
      throw ExitCode(outcome == .failed ? 1 : 0)
    }
    if Terminal.stdinIsTerminal {
      throw ExitCode(InteractiveShell().run())
    }
    let outcome = Session.runText(Session.readStandardInput(), name: "<stdin>", trace: trace)
    throw ExitCode(outcome == .failed ? 1 : 0)
  }
}

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a script; exit 0 on success, 1 on an error in the script.",
    usage: "nnsh run FILE.nn [--trace]",
    discussion: "--trace echoes each statement, with its line number, before its output.")

  @ArgumentParser.Argument(help: ArgumentHelp("The script to run.", valueName: "FILE.nn"))
  var file: String

  // `--trace` is declared once, on nnsh itself; ArgumentParser hands it to the parent
  // wherever it appears on the line (`nnsh run F --trace` and `nnsh --trace run F`).
  @ParentCommand var parent: NnshCommand

  var trace: Bool { parent.trace }

  func run() throws {
    let text: String
    do {
      text = try FileText.read(file, allowingPipes: true)
    } catch {
      Terminal.writeError("nnsh: cannot read '\(file)': \(error)\n")
      throw ExitCode(2)
    }
    let outcome = Session.runText(text, name: file, trace: trace)
    throw ExitCode(outcome == .failed ? 1 : 0)
  }
}

enum NnshVersion {
  static let number = "0.1.0"
  static let string = "nnsh \(number)"
}
