/// The validation part's figures after an epoch of `train`, for its progress line and its
/// closing line: the loss J on the validation samples and, for classification, the
/// fraction of them classified right (nil when not computed that epoch).
///
///     epoch 20/20  loss 0.0412  accuracy 98.1%  validation loss 0.0655  validation accuracy 95.5%
struct ValidationFigures {
  var loss: Double
  var accuracy: Double?

  /// `validation loss 0.0655  validation accuracy 95.5%`, pieces joined by `separator`.
  func text(digits: Int, separator: String) -> String {
    var pieces = ["validation loss \(NumberFormat.format(loss, digits: digits))"]
    if let accuracy { pieces.append("validation accuracy \(NumberFormat.fixed(100 * accuracy, 1))%") }
    return pieces.joined(separator: separator)
  }
}
