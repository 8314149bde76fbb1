import NNData
import NNEngine

/// `evaluate`, `predict`.
extension Interpreter {
  func evaluateStatement(_ s: Statement) throws {
    try expectArguments(s, 0...0)
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet", at: s.span) }
    let useTest = !d.testIndices.isEmpty
    let X = try data(s.span) { useTest ? try d.testX : try d.trainX }
    let Y = try data(s.span) { useTest ? try d.testY : try d.trainY }
    try checkInput(X, Y, at: s.span)
    let J = try engine(s.span) { try network.lossValue(X, Y) }
    let part = useTest ? "test part (\(X.cols) samples)" : "training data (\(X.cols) samples; no test part: use split)"
    say("evaluate on the \(part): loss \(NumberFormat.format(J, digits: formatter.digits))")
    guard let classes = d.classNames else { return }
    let h = try network.predict(X)
    let predicted = Interpreter.predictedClasses(h, network), actual = Interpreter.targetClasses(Y)
    let k = classes.count
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
    var correct = 0
    for (p, a) in zip(predicted, actual) where p < k && a < k {
      confusion[a][p] += 1
      if p == a { correct += 1 }
    }
    say("accuracy \(NumberFormat.fixed(100 * Double(correct) / Double(max(1, actual.count)), 1))% (\(correct) of \(actual.count))")
    guard k <= 20 else { return }
    say("confusion matrix (rows: true class, columns: predicted)")
    let labels = classes.map { String($0.prefix(12)) }
    let w = max(labels.map(\.count).max() ?? 1, String(confusion.flatMap { $0 }.max() ?? 0).count)
    say(("  " + "".padding(w + 1) + labels.map { $0.leftPadding(w) }.joined(separator: " ")).trailingSpacesTrimmed)
    for (i, row) in confusion.enumerated() {
      say("  " + labels[i].padding(w + 1) + row.map { String($0).leftPadding(w) }.joined(separator: " "))
    }
  }

  func predictStatement(_ s: Statement) throws {
    try expectArguments(s, 1...1)
    guard !network.isEmpty else { throw error("the network has no layers yet", at: s.span) }
    let e = try argument(s, 0)
    var x = try evaluateMatrix(e)
    if let d = dataset, !d.normalizations.isEmpty {
      x = try data(e.span) { try d.normalizeInput(x) }
    }
    try checkInput(x, nil, at: e.span)
    let raw = try network.predict(x)
    var h = raw
    // With a loss on logits and a linear output, show probabilities too.
    if network.loss == .ce && network.layers.last?.activation != .softmax { h = Activation.softmax.apply(h) }
    if network.loss == .bce && network.layers.last?.activation != .sigmoid { h = h.map(Activation.sigmoid) }
    console.write(formatter.format(h, name: "h"))
    if let classes = dataset?.classNames {
      let predicted = Interpreter.predictedClasses(raw, network).map { $0 < classes.count ? classes[$0] : "?" }
      say("class: \(predicted.prefix(20).joined(separator: " "))\(predicted.count > 20 ? " …" : "")")
    }
  }
}
