/// What `train` shows while it runs.
///
/// On a terminal, one line redrawn in place (`\r`, then clear to the end of the line):
///
///     epoch  12/100 ███▌         batch 3/4  loss 0.1234  acc 97.5%  52341 samples/s  0:03 elapsed  0:25 left
///
/// pieces are dropped from the right when the terminal is narrow. Otherwise one plain
/// line per reported epoch, which is what a log file or a golden test wants:
///
///     epoch  500/2000  loss 0.01138  accuracy 100.0%  test loss 0.0131
struct TrainingProgress {
  let epochs: Int
  /// Training samples per epoch.
  let samples: Int
  let digits: Int

  /// The plain line of a finished epoch.
  func plainLine(
    epoch: Int, loss: Double, accuracy: Double?, testLoss: Double?, validation: ValidationFigures? = nil,
    learningRate: Double? = nil
  ) -> String {
    var line = "epoch \(String(epoch).leftPadding(String(epochs).count))/\(epochs)  loss \(NumberFormat.format(loss, digits: digits))"
    if let accuracy { line += "  accuracy \(NumberFormat.fixed(100 * accuracy, 1))%" }
    if let validation { line += "  " + validation.text(digits: digits, separator: "  ") }
    if let testLoss { line += "  test loss \(NumberFormat.format(testLoss, digits: digits))" }
    if let learningRate { line += "  lr \(NumberFormat.format(learningRate, digits: digits))" }
    return line
  }

  /// The live line after batch `b`, `seconds` into the run (the shell's and a notebook's).
  func liveLine(_ b: TrainingBatch, seconds: Double, width: Int) -> String {
    liveLine(
      epoch: b.epoch, batch: b.batch, batches: b.batches, loss: b.loss, accuracy: b.accuracy,
      samplesSeen: b.samplesSeen, seconds: seconds, width: width, ascii: false,
      validationLoss: b.validationLoss, learningRate: b.learningRate)
  }

  /// The live line after `batch` of `batches` in `epoch`, `seconds` into training.
  func liveLine(
    epoch: Int, batch: Int, batches: Int, loss: Double, accuracy: Double?, samplesSeen: Int, seconds: Double,
    width: Int, ascii: Bool, validationLoss: Double? = nil, learningRate: Double? = nil
  ) -> String {
    let done = Double(samplesSeen) / Double(max(1, epochs * samples))
    let rate = seconds > 0 ? Double(samplesSeen) / seconds : 0
    let remaining = rate > 0 ? Double(epochs * samples - samplesSeen) / rate : nil
    let head = "epoch \(String(epoch).leftPadding(String(epochs).count))/\(epochs)"
    // Pieces in display order, each with its rank: on a narrow terminal the
    // highest-ranked go first (the loss and the time left stay longest).
    var pieces: [(text: String, rank: Int)] = [("batch \(batch)/\(batches)", 3), ("loss \(NumberFormat.format(loss, digits: digits))", 0)]
    if let accuracy { pieces.append(("acc \(NumberFormat.fixed(100 * accuracy, 1))%", 2)) }
    if let validationLoss { pieces.append(("val loss \(NumberFormat.format(validationLoss, digits: digits))", 2)) }
    if let learningRate { pieces.append(("lr \(NumberFormat.format(learningRate, digits: 3))", 3)) }
    if rate > 0, rate < 1e15 { pieces.append(("\(Int(rate)) samples/s", 5)) }
    pieces.append(("\(TrainingProgress.duration(seconds)) elapsed", 4))
    if let remaining { pieces.append(("\(TrainingProgress.duration(remaining)) left", 1)) }
    // The line stays one column short of the width, so the terminal never wraps it.
    let room = width - 1
    let minimumBar = 10
    while !pieces.isEmpty, head.count + 2 + minimumBar + 2 + pieces.map(\.text).joined(separator: "  ").count > room,
      let drop = pieces.indices.max(by: { pieces[$0].rank < pieces[$1].rank })
    {
      pieces.remove(at: drop)
    }
    let rest = pieces.map(\.text).joined(separator: "  ")
    let barWidth = max(minimumBar, min(30, room - head.count - 4 - rest.count))
    return head + " " + TrainingProgress.bar(done, width: barWidth, ascii: ascii) + " " + (rest.isEmpty ? "" : " " + rest)
  }

  /// A bar `width` characters wide filled to `fraction`, to an eighth of a character
  /// (`█████▍    `), or with `#` and `.` in ASCII.
  static func bar(_ fraction: Double, width: Int, ascii: Bool) -> String {
    let f = max(0, min(1, fraction.isFinite ? fraction : 0))
    if ascii {
      let full = Int((f * Double(width)).rounded(.down))
      return String(repeating: "#", count: full) + String(repeating: ".", count: width - full)
    }
    let eighths = Int((f * Double(width * 8)).rounded(.down))
    let full = eighths / 8, part = eighths % 8
    let partial: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var s = String(repeating: "█", count: full)
    if full < width { s.append(partial[part]) }
    return s + String(repeating: " ", count: max(0, width - full - 1))
  }

  /// `0:07`, `12:34`, `1:02:03`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "?" }
    let s = Int(seconds.rounded())
    let h = s / 3600, m = (s % 3600) / 60, r = s % 60
    let ss = r < 10 ? "0\(r)" : "\(r)"
    if h > 0 { return "\(h):\(m < 10 ? "0\(m)" : "\(m)"):\(ss)" }
    return "\(m):\(ss)"
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

extension TrainingProgress {
  /// True when progress should be one line redrawn in place: a person is at the shell,
  /// or a script's output goes to a terminal (`nnsh run` in a terminal window). Piped or
  /// redirected output gets plain lines, without `\r` or escape codes.
  static func redrawsInPlace(on console: Console) -> Bool {
    console.isInteractive || (console is StandardConsole && isatty(STDOUT_FILENO) == 1)
  }
}
