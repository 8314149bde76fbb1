import NNEngine

/// What `train` did, for its closing line:
///
///     trained 200 epochs of 150 samples (batch 32, lr 0.1): loss 0.0523, accuracy 98.0% in 0.081 s (370370 samples/s)
struct TrainingReport {
  var epochs: Int
  /// Training samples per epoch.
  var samples: Int
  /// The batch size used (at most the sample count).
  var batch: Int
  var learningRate: Double
  /// The mean loss J of each epoch of this run, in order.
  var losses: [Double]
  /// For classification: the fraction of training samples classified right at the end.
  var accuracy: Double?
  /// With a test part: the loss on it at the end.
  var testLoss: Double?
  /// With a validation part: its loss (and accuracy) at the end.
  var validation: ValidationFigures? = nil
  /// When `patience=` stopped the run: what happened, said after the closing line.
  var earlyStop: String? = nil
  var seconds: Double
  /// True when the run computed in float32 (`train … dtype=f32`).
  var float32 = false
  /// The digits the loss is shown with.
  var digits: Int

  var samplesPerSecond: Int { Int(Double(losses.count * samples) / max(seconds, 1e-9)) }
}

/// What `gradcheck` compared: each parameter's analytic gradient (backpropagation)
/// against central differences (J(θ+h) − J(θ−h)) / 2h, then one random direction.
struct GradcheckReport {
  struct Row {
    enum Verdict: String { case pass, fail = "FAIL", nonFinite = "NON-FINITE" }
    /// `W[1]`.
    var notation: String
    var entries: Int
    /// max |analytic − numeric| over the entries.
    var worst: Double
    var relativeError: Double
    var verdict: Verdict
  }

  var h: Double
  var tol: Double
  /// The shape of the input x of the pass that was checked.
  var inputShape: Shape
  var rows: [Row]
  /// The directional check along a random unit vector d: (J(θ+εd) − J(θ−εd)) / 2ε,
  /// ∇J·d and their relative error (nil if the check stopped before it).
  var directional: (numeric: Double, analytic: Double, relativeError: Double)?
  /// One note per failing parameter whose failure relu kinks explain.
  var notes: [String] = []
  /// nil while the kinks are still being looked for (an interrupted check shows so far).
  var passed: Bool?
}

/// A drawing of `plot` or `draw`: terminal lines laid out to a style the renderer
/// completes (`PictureStyle`: its width and colour, the picture's height and ascii), or an SVG
/// document, made only when it is shown (a heatmap of a large matrix is costly, and
/// can be interrupted while it is made).
struct Picture {
  /// `plot` or `draw`, and its subject as written (`loss`, `W1`), for "wrote f.svg".
  var statement: String
  var subject: String
  /// Rows of the drawing area when the statement asked (`height=`); the width and the
  /// colour are the renderer's (a terminal's width, colour where it allows).
  var height: Int?
  /// `ascii=yes`: plain ASCII characters instead of braille, shades and box drawing.
  var ascii: Bool
  /// `to "file.svg"`, and where the file name was written.
  var file: (path: String, span: SourceSpan)?
  /// Whether to say that the file was written (not inside a loop).
  var reportsFile: Bool
  var lines: (PictureStyle) throws -> [String]
  var svg: () throws -> SVGDocument
  /// For a file that is not SVG (`draw graph J to "g.dot"`): its whole text, written
  /// instead of the SVG document; `fileFormat` names it in "wrote g.dot (DOT)".
  var fileText: (() throws -> String)? = nil
  var fileFormat = "SVG"
}
