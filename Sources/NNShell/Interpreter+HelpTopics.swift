/// The help topics about training: `help optimizer` (and `sgd`, `momentum`, `adam`,
/// `adamw`), `help backprop`, `help schedule`, `help regularization` (and `l1`, `l2`,
/// `clip`), `help dropout`, `help validation` (and `patience`, `min_delta`).
/// Each is text kept next to the others so the rules read the same everywhere.
extension Interpreter {
  /// Topic words that are not statements (statements with a page here get it after
  /// their synopsis: `optimizer`, `schedule`).
  static let trainingTopics = [
    "sgd", "momentum", "adam", "adamw", "backprop", "regularization", "l1", "l2", "weight_decay", "clip", "checkpoint",
    "dropout", "validation", "patience", "min_delta", "onnx", "torch", "dtype", "f32",
  ]

  /// The page of `topic`, if it is one of these.
  static func trainingHelp(_ topic: String) -> String? {
    switch topic {
    case "optimizer", "sgd", "momentum", "adam", "adamw", "weight_decay": return optimizerHelp
    case "backprop": return backpropHelp
    case "schedule": return scheduleHelp
    case "regularization", "l1", "l2", "clip": return regularizationHelp
    case "dropout": return dropoutHelp
    case "validation", "patience", "min_delta": return validationHelp
    case "checkpoint": return checkpointHelp
    case "export": return exportHelp + "\n" + torchHelp
    case "onnx": return exportHelp
    case "torch": return torchHelp
    case "dtype", "f32": return precisionHelp
    default: return nil
    }
  }

  static let optimizerHelp = """
    The update rules (torch.optim's), with g = ∇θJ, learning rate α, weight decay λ:
      optimizer sgd       [lr=0.01]                θ := θ − α g
      optimizer momentum  [lr=0.01 beta=0.9]       v := β v + g;  θ := θ − α v
          PyTorch's form: v sums the gradients (no dampening), so a steady g moves θ by
          α g / (1 − β) per step. The form v := β v + (1 − β) g (an average, as in many
          notes) moves it by α g: the same path with α scaled by 1/(1 − β).
      optimizer adam      [lr=0.001 beta1=0.9 beta2=0.999 eps=1e-8]
          m := β₁ m + (1 − β₁) g          v := β₂ v + (1 − β₂) g²      (t counts the steps)
          m̂ = m / (1 − β₁ᵗ)   v̂ = v / (1 − β₂ᵗ)   θ := θ − α m̂ / (√v̂ + ε)
      optimizer adamw     [lr=0.001 beta1=0.9 beta2=0.999 eps=1e-8 weight_decay=0.01]
          θ := θ − α λ θ (decoupled decay), then adam's step with the plain g
    weight_decay=λ on sgd, momentum and adam is coupled, as in torch.optim: g := g + λθ
    before the rule, for every parameter, biases included (default 0).
    Each optimizer statement sets the whole rule: an option it does not give takes the
    rule's default above, not the previous optimizer's. It also clears the state (v, m, t).
    train and step without lr= use the optimizer's rate.
    show optimizer prints the state per parameter; step explain shows each term.
      example: optimizer momentum lr=0.05 beta=0.9 weight_decay=0.0005
    """

  static let dropoutHelp = """
    layer dropout P: inverted dropout after the dense layer before it (torch.nn.Dropout(P)).
    In a training pass (train's batches, forward … train=yes) each unit of a[l] is kept
    with probability 1 − P and the kept ones are scaled by 1/(1 − P):
        ã[l] = m[l] ⊙ a[l] / (1 − P)        (the next layer reads ã[l])
    so the expected input of the next layer is the same with and without dropout. The
    masks come from the session's generator (same seed, same masks) and are kept as
    mask1, mask2, … (the mask after layer 1, 2, …) after forward … train=yes or train.
    evaluate, predict, a plain forward, and train's validation and test losses run without
    dropout. backward and gradcheck after a training pass use its masks, so the check
    compares the same function. A dropout takes no layer number: W1 b1 z1 a1 … count the
    dense layers only. P is in [0, 1).
      example: layer dense 2 -> 64 relu; layer dropout 0.5; layer dense softmax
    """

  static let validationHelp = """
    A validation part chooses settings and stops training; the test part is kept for the
    last evaluate:
      split 0.7 0.15                  70 % training, 15 % validation, the rest test
                                      (stratified by class, seeded)
      load "v.csv" target=y as validation
                                      a file of its own (also as test, and for .npy pairs):
                                      columns matched by name, normalised with the
                                      training statistics
      train … patience=P [min_delta=δ]
                                      stops when the validation loss has not improved by
                                      more than δ (default 0) for P epochs and puts back
                                      the parameters of the best epoch (Keras's
                                      EarlyStopping with restore_best_weights=True)
      evaluate validation             loss, accuracy and confusion matrix on that part
    train shows the validation loss and accuracy on each progress line, and plot loss
    draws it as a third curve.
      example: split 0.7 0.15; train epochs=500 lr=0.1 patience=20 min_delta=0.0001; evaluate test
    """

  static let backpropHelp = """
    Backpropagation (backward), for J of the last forward pass, from the output down:
      δz[r] = ∂J/∂z[r]                         (the loss through the output activation)
      dW[l] = δz[l] a[l-1]ᵀ     db[l] = δz[l] 1  (sums over the batch's columns)
      da[l-1] = W[l]ᵀ δz[l]     δz[l-1] = da[l-1] ⊙ g′(z[l-1])
    With loss … l2=λ₂ l1=λ₁, dW[l] also gets λ₂ W[l] + λ₁ sign(W[l]).
    Every gradient is kept under its name: dW1 db1 dz1 da1 … dh. explain dW2 shows the
    chain rule's factors with their numbers; gradcheck compares with central differences.
      example: forward sample 1; backward; explain dW2; gradcheck
    """

  static let scheduleHelp = """
    The learning rate of each epoch of train, from train's lr α₀ (torch.optim.lr_scheduler):
      schedule step every=N gamma=γ   α × γ every N epochs (StepLR; γ defaults to 0.1)
      schedule exponential gamma=γ    α × γ each epoch (ExponentialLR)
      schedule cosine [min=α_min]     min + (α₀ − min)(1 + cos(π e / E))/2 over the run's
                                      E epochs (CosineAnnealingLR, T_max = E; min 0)
      schedule warmup epochs=N        first α₀ (e + 1)/N for N epochs, then the schedule
                                      from α₀ (combines with the others; epochs=0 removes it)
      schedule none                   one rate for the whole run
    γ must be in (0, 1]. Each train starts the schedule again at its own epoch 1. The
    progress line shows the rate; plot lr draws the rate of every epoch trained.
      example: schedule cosine min=0.001; schedule warmup epochs=5; train epochs=50 lr=0.1
    """

  static let regularizationHelp = """
    Penalties on the weights (not the biases: a bias does not make a unit more sensitive):
      loss mse l2=λ₂ l1=λ₁     J := J + λ₂/2 · Σ‖W[l]‖² + λ₁ · Σ|w|     ∂J/∂W += λ₂ W + λ₁ sign(W)
    The ½ makes the gradient λ₂W: l2=λ with sgd is torch.optim.SGD's weight_decay=λ on the
    weights alone. They are part of J everywhere: forward, explain J, backward, gradcheck,
    evaluate, train; summary shows them. train … l2= l1= sets them for that run only.
    Decay in the optimizer instead: optimizer … weight_decay=λ (help optimizer).
    Gradient clipping, train … clip=N: before each update every gradient is scaled by
    min(1, N / (‖g‖ + 1e-6)), ‖g‖ the norm over all of them (torch.nn.utils.clip_grad_norm_).
      example: loss ce l2=0.001; train epochs=100 lr=0.1 clip=5
    """
}
