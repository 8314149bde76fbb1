import NNData
import NNEngine

/// `evaluate`, `predict`.
extension Interpreter {
  /// `evaluate [train|validation|test|all]`: the loss J on a part of the data set and, for
  /// classification, the accuracy and the confusion matrix with the class names; for
  /// regression the mean squared error and R² (see `Metrics`).
  ///
  /// Without an argument it uses the test part, or the training data when there is no
  /// test part yet. The figures are also left in variables for scripts and `assert`:
  /// `accuracy` (a fraction, 0.95 for 95%) for classification, `mse` and `r2` for
  /// regression (each replacing a variable of that name):
  ///
  ///     split 0.8; train epochs=50 quiet=yes; evaluate; assert accuracy >= 0.95
  func evaluateStatement(_ s: Statement) throws -> Output? {
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet", at: s.span) }
    let which = s.parsed.word("part")
    let indices: [Int]
    let part: String
    switch which {
    case "train":
      indices = d.trainIndices
      part = "training part (\(indices.count) samples)"
    case "test":
      guard !d.testIndices.isEmpty else {
        throw error("there is no test part yet: use split (e.g. split 0.8) first, or evaluate train", at: s.arguments[0].span)
      }
      indices = d.testIndices
      part = "test part (\(indices.count) samples)"
    case "validation":
      guard !d.validationIndices.isEmpty else {
        throw error(
          "there is no validation part yet: use split 0.7 0.15, or load \"v.csv\" target=COL as validation", at: s.arguments[0].span)
      }
      indices = d.validationIndices
      part = "validation part (\(indices.count) samples)"
    case "all":
      indices = Array(0..<d.sampleCount)
      part = "whole data set (\(indices.count) samples)"
    default:
      let useTest = !d.testIndices.isEmpty
      indices = useTest ? d.testIndices : d.trainIndices
      part = useTest ? "test part (\(indices.count) samples)" : "training data (\(indices.count) samples; no test part: use split)"
    }
    let label = which == "validation" ? "validation" : which == "test" || (which == nil && !d.testIndices.isEmpty) ? "test" : "training"
    let X = try data(s.span) { try Dataset.gather(d.X, indices, label) }
    let Y = try data(s.span) { try Dataset.gather(d.Y, indices, label) }
    try checkInput(X, Y, at: s.span)
    warnAboutParameters(at: s.span)
    let J = try engine(s.span) { try network.lossValue(X, Y) }
    let h = try engine(s.span) { try network.predict(X) }
    if d.classNames != nil { try refuseClassesFromNaN(h, "accuracy", at: s.span) }
    // Everything is computed; only the result and binding are left.
    var out: [Output] = [.message("evaluate on the \(part): loss \(NumberFormat.format(J, digits: formatter.digits))")]
    guard let classes = d.classNames else {
      let mse = try data(s.span) { try Metrics.meanSquaredError(h, Y) }
      let r2 = try data(s.span) { try Metrics.rSquared(h, Y) }
      let r2Text = r2.map { "R² \(NumberFormat.format($0, digits: formatter.digits))" } ?? "R² undefined (the targets are all equal)"
      out.append(.message("MSE \(NumberFormat.format(mse, digits: formatter.digits)), \(r2Text)"))
      bind("mse", Variable(Matrix(scalar: mse)))
      if let r2 { bind("r2", Variable(Matrix(scalar: r2))) } else { unbind("r2") }
      return .report(out)
    }
    let predicted = Interpreter.predictedClasses(h, network), actual = Metrics.classes(Y)
    let k = classes.count
    let confusion = Metrics.confusionMatrix(predicted: predicted, actual: actual, classCount: k)
    let correct = Metrics.correctCount(predicted: predicted, actual: actual)
    let accuracy = Metrics.accuracy(predicted: predicted, actual: actual)
    out.append(.message("accuracy \(NumberFormat.fixed(100 * accuracy, 1))% (\(correct) of \(actual.count))"))
    bind("accuracy", Variable(Matrix(scalar: accuracy)))
    guard k <= 20 else { return .report(out) }
    out.append(.message("confusion matrix (rows: true class, columns: predicted)"))
    let labels = classes.map { String($0.prefix(12)) }
    var table = Table(rows: [[""] + labels], alignments: [.left] + labels.map { _ in .right }, equalWidths: true)
    for (i, row) in confusion.enumerated() { table.rows.append([labels[i]] + row.map { String($0) }) }
    out.append(.table(table))
    return .report(out)
  }

  /// `predict X`: the network's output for one input column or a matrix of columns (in
  /// the data's original units: a `normalize`d data set's statistics are applied first).
  /// For classification it names the predicted class of each column; for several
  /// columns a table gives each one's class and its probability (the softmax or
  /// sigmoid output of that class).
  func predictStatement(_ s: Statement) throws -> Output? {
    guard !network.isEmpty else { throw error("the network has no layers yet", at: s.span) }
    let e = try argument(s, 0)
    var x = try evaluateMatrix(e)
    if let d = dataset, !d.normalizations.isEmpty {
      x = try data(e.span) { try d.normalizeInput(x) }
    }
    try checkInput(x, nil, at: e.span)
    warnAboutParameters(at: s.span)
    let raw = try engine(e.span) { try network.predict(x) }
    if dataset?.classNames != nil { try refuseClassesFromNaN(raw, "class", at: s.span) }
    var h = raw
    // With a loss on logits (an output activation that is not the loss's link), the
    // loss reads h as logits: the probabilities are softmax(h) or σ(h), and are shown
    // under that name, since forward's h and the exported model's output are h itself.
    var name = "h"
    if network.loss == .ce && network.layers.last?.activation != .softmax {
      h = Activation.softmax.apply(h)
      name = "softmax(h)"
    }
    if network.loss == .bce && network.layers.last?.activation != .sigmoid {
      h = h.map(Activation.sigmoid)
      name = "σ(h)"
    }
    var out: [Output] = []
    if name != "h" && isChatty {
      out.append(.message("loss \(network.loss.rawValue) reads h as logits; the probabilities are \(name):"))
    }
    out.append(shown(h, name: name))
    guard let classes = dataset?.classNames else { return .report(out) }
    let predicted = Interpreter.predictedClasses(raw, network)
    let names = predicted.map { $0 < classes.count ? classes[$0] : "?" }
    if x.cols == 1 {
      out.append(.message("class: \(names[0])"))
      return .report(out)
    }
    let last = network.layers.last?.activation
    let isProbability = network.loss == .ce || network.loss == .bce || last == .softmax || (h.rows == 1 && last == .sigmoid)
    let header = isProbability ? "probability" : "output"
    let shown = min(x.cols, 100)
    var table = Table(rows: [["sample", "class", header]], alignments: [.right, .left, .right], separator: "  ")
    for j in 0..<shown {
      // One output row (sigmoid): h is the probability of class 2, 1 − h that of class 1.
      let p = h.rows == 1 ? (predicted[j] == 1 ? h[0, j] : 1 - h[0, j]) : h[min(predicted[j], h.rows - 1), j]
      table.rows.append([String(j + 1), names[j], NumberFormat.format(p, digits: formatter.digits)])
    }
    out.append(.table(table))
    if x.cols > shown { out.append(.message("  … \(x.cols - shown) more columns")) }
    return .report(out)
  }
}
