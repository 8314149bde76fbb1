/// What long statements report while they run, for the renderer to draw: `train` a live
/// line on a terminal or a line per reported epoch in a pipe; `gradcheck` its entries and
/// `repeat` its iterations (which the text renderer does not draw).
///
/// Events are plain values (no allocation per batch); `train` sends batch events only
/// to a renderer that draws them (`Renderer.drawsLiveProgress`).
enum ProgressEvent {
  /// `train` begins `epochs` epochs over `samples` samples, its numbers shown with
  /// `digits` significant digits.
  case trainingBegan(epochs: Int, samples: Int, digits: Int)
  /// A batch finished (sent only when live progress is drawn).
  case trainingBatch(TrainingBatch)
  /// A reported epoch finished (every `report=` epochs, and the last).
  case trainingEpoch(
    epoch: Int, loss: Double, accuracy: Double?, testLoss: Double?, validation: ValidationFigures? = nil,
    learningRate: Double? = nil)
  /// `train` ended, finished or not: a live line is cleared.
  case trainingEnded
  /// `gradcheck` has compared `checked` of the network's `count` parameter entries.
  case gradcheckEntries(checked: Int, of: Int)
  /// `repeat` is about to run iteration `iteration` of `count`.
  case iteration(Int, of: Int)
}

/// One batch of `train`, for the live progress line.
struct TrainingBatch {
  var epoch: Int
  var batch: Int
  var batches: Int
  var loss: Double
  var accuracy: Double?
  var samplesSeen: Int
  /// The validation loss after the last finished epoch, when there is a validation part.
  var validationLoss: Double? = nil
  /// The last batch of the last epoch: always drawn, so the line ends complete.
  var isLast: Bool
  /// The epoch's learning rate, shown when a schedule changes it.
  var learningRate: Double? = nil
}
