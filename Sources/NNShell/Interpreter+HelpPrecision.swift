/// `help dtype`, `help f32` (pointed to from `help train`): what training in float32
/// changes, and why it is an option of `train` rather than a session setting.
extension Interpreter {
  static let precisionHelp = """
    train … dtype=f32 trains in float32 (single precision: cblas_sgemm, about twice the
    arithmetic rate of float64, half the memory traffic); dtype=f64 is the default.
      The parameters and the optimizer's state (m, v) are converted to float32 when train
      starts and back when it ends, stops (Ctrl-C, patience) or diverges; each batch of
      the data is converted as it is gathered (no float32 copy of the data set). Every
      step runs in float32: the products, activations, loss, bias sums, optimizer,
      l1/l2, clip and dropout. Everything else — the session's values, W1 … after train,
      explain, gradcheck, evaluate, the validation figures, save and checkpoints — stays
      float64.
    What changes: the last digits. Each product and sum is rounded to about 7 significant
    digits instead of 16, so losses and parameters differ from a float64 run after the
    5th–7th digit and the difference grows with the steps; a run is still deterministic
    (the same seed and the same BLAS thread count give the same numbers).
    When not to use it: the notes' tiny networks (nothing to gain: the time is not in the
    arithmetic), gradient checks and explain (they need float64's digits and always use
    it), and exact comparisons with the notes or with a float64 run. Use it for large
    layers and data sets, as PyTorch's float32 default does.
    An option of train, not a session setting: it says how one run computes, as l2= and
    clip= do, so a script shows on the line itself which numbers came from float32, and
    nothing else in the session (forward, backward, step) can silently change precision.
      example: train epochs=5 batch=64 lr=0.1 dtype=f32
    """
}
