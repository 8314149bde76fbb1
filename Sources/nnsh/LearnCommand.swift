import ArgumentParser
import LineEditor
import NNShell

/// `nnsh learn [N | FILE.nn]`: the teaching walkthroughs, one step at a time. Each
/// `print` block is shown, each statement is echoed as if typed and run, each `assert`
/// that holds shows a ✓ line, and each `pause` and `exercise` is a prompt in the
/// lesson's session (`LearnSession`): on a terminal with line editing, from a pipe one
/// line at a time (at the end of input the lesson runs on to its end).
struct LearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn", abstract: "The teaching walkthroughs, one step at a time.",
    discussion: "With no argument, lists them. A number runs that walkthrough; a file name runs your own.")

  @ArgumentParser.Argument(help: ArgumentHelp("A walkthrough's number, or a .nn file.", valueName: "N | FILE.nn"))
  var which: String?

  func run() throws {
    guard let which else {
      do {
        StandardOutput.write(try Walkthroughs.listing())
      } catch {
        Terminal.writeError("nnsh: \(error)\n")
        throw ExitCode(2)
      }
      return
    }
    let path: String
    let name: String
    if let n = Int(which) {
      let all: [Walkthroughs.Entry]
      do { all = try Walkthroughs.all() } catch {
        Terminal.writeError("nnsh: \(error)\n")
        throw ExitCode(2)
      }
      guard let entry = all.first(where: { $0.number == n }) else {
        Terminal.writeError("nnsh: there is no walkthrough \(n) (there are \(all.count): nnsh learn lists them)\n")
        throw ExitCode(2)
      }
      path = entry.path
      name = "walkthrough \(n) (\(entry.file))"
    } else {
      path = which
      name = which
    }
    let text: String
    do { text = try FileText.read(path) } catch {
      Terminal.writeError("nnsh: cannot read '\(which)': \(error)\n")
      throw ExitCode(2)
    }
    let label = Int(which) != nil ? "learn \(which)" : "learn " + (which.split(separator: "/").last.map(String.init) ?? which)
    let status = LearnSession(text: text, name: name, label: label).run()
    if let signal = Interrupt.terminationSignal { Interrupt.endProcess(by: signal) }
    throw ExitCode(status)
  }
}
