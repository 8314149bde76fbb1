/// The help topics about training: `help optimizer` (and `sgd`, `momentum`, `adam`,
/// `adamw`), `help backprop`, `help schedule`, `help regularization`, `help clip`.
/// Each is text kept next to the others so the rules read the same everywhere.
extension Interpreter {
  /// Topic words that are not statements (statements with a page here get it after
  /// their synopsis: `optimizer`, `schedule`).
  static let trainingTopics = ["sgd", "momentum", "adam", "adamw", "backprop", "regularization", "weight_decay", "clip", "checkpoint"]

  /// The page of `topic`, if it is one of these.
  static func trainingHelp(_ topic: String) -> String? {
    switch topic {
    case "optimizer", "sgd", "momentum", "adam", "adamw", "weight_decay": return optimizerHelp
    case "backprop": return backpropHelp
    case "schedule": return scheduleHelp
    case "regularization", "clip": return regularizationHelp
    case "checkpoint": return checkpointHelp
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
