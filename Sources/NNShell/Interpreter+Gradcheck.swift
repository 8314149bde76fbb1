import NNEngine

/// `gradcheck`'s run: every parameter's analytic gradient against central differences,
/// a random direction, and the note on relu kinks for the parameters that fail.
extension Interpreter {
  /// Checks the gradients of the pass over `x` and `y` (see `GradcheckReport`). Ctrl-C
  /// stops it between entries; what was found before an error or an interruption in the
  /// last phases is shown first, as the check found it.
  func gradcheck(x: Matrix, y: Matrix, h: Double, tol: Double, at span: SourceSpan) throws -> GradcheckReport {
    let checked: GradientCheck.Report
    let (renderer, total) = (self.renderer, network.parameterCount)
    var done = 0
    // Polled once before each entry: the count of entries compared so far.
    let poll = {
      renderer.progress(.gradcheckEntries(checked: done, of: total))
      done += 1
      return self.shouldStop()
    }
    do {
      checked = try engine(span) { try GradientCheck.entries(network, x: x, y: y, h: h, shouldStop: poll) }
    } catch let stopped as GradientCheck.Stopped {
      acknowledgeStop()
      throw ControlSignal.interrupted(
        "interrupted: gradcheck stopped after \(stopped.entriesChecked) of \(network.parameterCount) parameters")
    }
    var report = GradcheckReport(h: h, tol: tol, inputShape: x.shape, rows: checked.parameters.map { p in
      let worst = p.worst?.absoluteError ?? 0
      let pass = !p.hasNonFinite && Interpreter.gradcheckPasses(relativeError: p.relativeError, worst: worst, tol: tol)
      return GradcheckReport.Row(
        notation: NetworkName(p.name)?.notation ?? p.name, entries: p.entries.count, worst: worst,
        relativeError: p.relativeError, verdict: p.hasNonFinite ? .nonFinite : (pass ? .pass : .fail))
    })
    let allPass = report.rows.allSatisfy { $0.verdict == .pass }
    do {
      var g = generator
      let (numeric, analytic) = try engine(span) {
        try GradientCheck.directional(network, x: x, y: y, epsilon: h, generator: &g)
      }
      let relative = Swift.abs(numeric - analytic) / Swift.max(Swift.abs(numeric) + Swift.abs(analytic), 1e-12)
      report.directional = (numeric, analytic, relative)
      if !allPass {
        for p in checked.parameters where !p.hasNonFinite {
          if let note = try gradcheckKinkNote(p, tol: tol, x: x, y: y, h: h, at: span) { report.notes.append(note) }
        }
      }
    } catch {
      try renderer.render(.gradcheck(report))
      throw error
    }
    report.passed = allPass
    return report
  }

  /// Whether a parameter's numeric and analytic gradients agree: a relative error
  /// (‖a − n‖ / (‖a‖ + ‖n‖)) of at most `tol`, or a largest absolute difference of at most
  /// 1e-9, the rounding floor of a central difference with h = 1e-6.
  static func gradcheckPasses(relativeError: Double, worst: Double, tol: Double) -> Bool {
    relativeError <= tol || worst <= 1e-9
  }

  /// For a failing parameter, the note that names the entries whose perturbation θ ± h moved a
  /// relu-family unit across its kink at 0 (found by comparing the passes unit by unit,
  /// see `GradientCheck.entries`) and says whether the other entries pass:
  ///
  ///     note: W2[1,1], W2[1,2], W2[1,3] (3 of 12 entries): θ ± h moves z2[1,1] across
  ///     relu's kink at 0, where the derivative jumps, so the numeric derivative is
  ///     meaningless there; the other 9 entries pass (relative error 1.2e-10)
  func gradcheckKinkNote(
    _ report: GradientCheck.ParameterReport, tol: Double, x: Matrix, y: Matrix, h: Double, at span: SourceSpan
  ) throws -> String? {
    let worst = report.worst?.absoluteError ?? 0
    guard !Interpreter.gradcheckPasses(relativeError: report.relativeError, worst: worst, tol: tol) else { return nil }
    var p = report
    do {
      try engine(span) { try GradientCheck.markKinks(&p, network, x: x, y: y, h: h, shouldStop: shouldStop) }
    } catch is GradientCheck.Stopped {
      acknowledgeStop()
      throw ControlSignal.interrupted("interrupted: gradcheck stopped while looking for relu kinks in \(report.name)")
    }
    let kinked = p.kinkEntries
    guard let first = kinked.first, let kink = first.kink else { return nil }
    let names = kinked.prefix(3).map { "\($0.name)[\($0.row),\($0.col)]" }.joined(separator: ", ")
      + (kinked.count > 3 ? ", …" : "")
    let activation = network.layers[kink.layer - 1].activation.name
    var line = "  note: \(names) (\(kinked.count) of \(p.entries.count) entr\(p.entries.count == 1 ? "y" : "ies")): "
    line += "θ ± h moves z\(kink.layer)[\(kink.row),\(kink.sample)]\(kinked.count > 1 ? " (or another unit)" : "") "
    line += "across \(activation)'s kink at 0, where the derivative jumps, so the numeric derivative is meaningless there"
    let others = p.entries.count - kinked.count
    if others > 0 {
      let relative = p.relativeErrorAwayFromKinks
      let passes = Interpreter.gradcheckPasses(
        relativeError: relative, worst: p.worstAwayFromKinks?.absoluteError ?? 0, tol: tol)
      line += "; the other \(others) entr\(others == 1 ? "y" : "ies") \(passes ? "pass" : "FAIL as well")"
      line += " (relative error \(NumberFormat.format(relative, digits: 2)))"
    }
    return line
  }
}
