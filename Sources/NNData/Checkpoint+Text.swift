import NNEngine

/// The optimizer's rule and the schedule as checkpoint metadata, and back. Every number
/// is written as Swift's shortest text that reads back to the same `Double`:
///
///     optimizer = adam, optimizer.beta1 = 0.9, optimizer.beta2 = 0.999, optimizer.eps = 1e-08,
///     optimizer.lr = 0.001, optimizer.weight_decay = 0.0, optimizer.t = 120
///     schedule = step every=5 gamma=0.5   (or constant, exponential gamma=0.95, cosine min=0.0)
extension Checkpoint {
  static func ruleMetadata(_ o: Optimizer) -> [String: String] {
    var m = ["optimizer.lr": "\(o.learningRate)", "optimizer.weight_decay": "\(o.weightDecay)", "optimizer.t": String(o.stepCount)]
    switch o.rule {
    case .sgd: m["optimizer"] = "sgd"
    case .momentum(let beta):
      m["optimizer"] = "momentum"
      m["optimizer.beta"] = "\(beta)"
    case .adam(let b1, let b2, let eps), .adamw(let b1, let b2, let eps):
      m["optimizer"] = o.rule == .adam(beta1: b1, beta2: b2, eps: eps) ? "adam" : "adamw"
      (m["optimizer.beta1"], m["optimizer.beta2"], m["optimizer.eps"]) = ("\(b1)", "\(b2)", "\(eps)")
    }
    return m
  }

  static func scheduleText(_ shape: Schedule.Shape) -> String {
    switch shape {
    case .constant: return "constant"
    case .step(let every, let gamma): return "step every=\(every) gamma=\(gamma)"
    case .exponential(let gamma): return "exponential gamma=\(gamma)"
    case .cosine(let minimum): return "cosine min=\(minimum)"
    }
  }

  /// Reads the metadata back; `bad(key, why)` makes the error for a missing or wrong value.
  struct MetadataReader {
    var metadata: [String: String]
    var file: String

    func bad(_ key: String, _ why: String) -> SafeTensorsError {
      .mismatch(file: file, reason: "the checkpoint's metadata '\(key)' \(why)")
    }

    func text(_ key: String) throws -> String {
      guard let t = metadata[key] else { throw bad(key, "is missing") }
      return t
    }

    /// A finite number in `range`.
    func number(_ key: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
      throws -> Double
    {
      let t = try text(key)
      guard let x = Double(t), x.isFinite, range.contains(x) else {
        throw bad(key, "should be a number in [\(range.lowerBound), \(range.upperBound)], not '\(QuotedText.quoted(t, limit: 40))'")
      }
      return x
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int {
      let t = try text(key)
      guard let n = Int(t), range.contains(n) else {
        throw bad(key, "should be a whole number in \(range.lowerBound)…\(range.upperBound), not '\(QuotedText.quoted(t, limit: 40))'")
      }
      return n
    }

    func rule() throws -> Optimizer.Rule {
      let name = try text("optimizer")
      switch name {
      case "sgd": return .sgd
      case "momentum": return .momentum(beta: try number("optimizer.beta", in: 0...1))
      case "adam", "adamw":
        let (b1, b2) = (try number("optimizer.beta1", in: 0...1), try number("optimizer.beta2", in: 0...1))
        let eps = try number("optimizer.eps", in: 0...1)
        return name == "adam" ? .adam(beta1: b1, beta2: b2, eps: eps) : .adamw(beta1: b1, beta2: b2, eps: eps)
      default: throw bad("optimizer", "should be sgd, momentum, adam or adamw, not '\(QuotedText.quoted(name, limit: 40))'")
      }
    }

    func schedule(maxEpochs: Int) throws -> Schedule {
      let t = try text("schedule")
      let words = t.split(separator: " ")
      var options: [String: Substring] = [:]
      for w in words.dropFirst() {
        let pair = w.split(separator: "=", maxSplits: 1)
        if pair.count == 2 { options[String(pair[0])] = pair[1] }
      }
      func value(_ key: String, _ ok: (Double) -> Bool) throws -> Double {
        guard let v = options[key].flatMap({ Double($0) }), v.isFinite, ok(v) else {
          throw bad("schedule", "has no valid \(key)= in '\(QuotedText.quoted(t, limit: 60))'")
        }
        return v
      }
      let shape: Schedule.Shape
      switch words.first.map(String.init) ?? "" {
      case "constant": shape = .constant
      case "step":
        let every = try value("every") { $0 >= 1 && $0 <= Double(maxEpochs) && $0 == $0.rounded() }
        shape = .step(every: Int(every), gamma: try value("gamma") { $0 > 0 && $0 <= 1 })
      case "exponential": shape = .exponential(gamma: try value("gamma") { $0 > 0 && $0 <= 1 })
      case "cosine": shape = .cosine(min: try value("min") { $0 >= 0 })
      default:
        throw bad("schedule", "should be constant, step, exponential or cosine, not '\(QuotedText.quoted(t, limit: 60))'")
      }
      return Schedule(shape, warmup: try integer("schedule.warmup", in: 0...maxEpochs))
    }

    func generator() throws -> RandomGenerator {
      let t = try text("generator")
      let words = t.split(separator: " ").compactMap { UInt64($0) }
      let spareText = try text("generator.spare")
      let spare = UInt64(spareText, radix: 16).map { Double(bitPattern: $0) }
      guard spareText == "none" || (spare?.isFinite ?? false) else {
        throw bad("generator.spare", "should be none or a hexadecimal bit pattern, not '\(QuotedText.quoted(spareText, limit: 40))'")
      }
      guard words.count == t.split(separator: " ").count, let g = RandomGenerator(state: words, spare: spare) else {
        throw bad("generator", "should be four 64-bit numbers, not all zero, not '\(QuotedText.quoted(t, limit: 80))'")
      }
      return g
    }
  }
}
