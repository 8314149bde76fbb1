import NNEngine

/// Moving a network to PyTorch: `save torch "DIR"` (or `export torch "DIR"`) writes
///
///     DIR/model.py            a PyTorch module rebuilding the same network
///     DIR/model.safetensors   its state dict (0.weight, 0.bias, 2.weight, …) in F64
///     DIR/README.md           how to load it and continue training
///
/// `model.py` builds an `nn.Sequential` of `nn.Linear` modules, each followed by its
/// activation module (`nn.ReLU()`, `nn.LeakyReLU(α)`, `nn.Sigmoid()`, `nn.Tanh()`,
/// `nn.Softmax(dim=1)`; none for linear), in float64 so that its outputs agree with
/// nnsh's to the last bits. `nn.Linear.weight` is out × in, exactly `W[l]`; only the
/// samples turn from columns (nnsh) into rows (PyTorch): `model(x.T).T` is nnsh's `h`.
/// It also defines `loss(model, x, o)`, nnsh's J written with PyTorch's functions (for
/// a fused sigmoid or softmax output it feeds the logits, `model[:-1](x)` (`model[:-2](x)` when a dropout follows the output), to
/// `binary_cross_entropy_with_logits` or `cross_entropy`, as nnsh does).
///
///     let py = TorchExport.modelSource(for: net, version: "0.1.0")
///     try TorchExport.write(net, to: "export", version: "0.1.0")
public enum TorchExport {
  /// The PyTorch module constructor for an activation, or nil for linear.
  static func module(_ a: Activation) -> String? {
    switch a {
    case .linear: return nil
    case .relu: return "nn.ReLU()"
    case .leakyReLU(let alpha): return "nn.LeakyReLU(\(alpha))"
    case .sigmoid: return "nn.Sigmoid()"
    case .tanh: return "nn.Tanh()"
    case .softmax: return "nn.Softmax(dim=1)"
    }
  }

  /// The text of `model.py`.
  public static func modelSource(for network: Network, version: String) -> String {
    let description = ModelDescription(network)
    var modules: [String] = []
    for (k, layer) in network.layers.enumerated() {
      modules.append("nn.Linear(\(layer.inputSize), \(layer.outputSize)),  # W[\(k + 1)], b[\(k + 1)]")
      if let m = module(layer.activation) { modules.append(m + ",") }
      if network.dropout[k] > 0 { modules.append("nn.Dropout(\(network.dropout[k])),  # inverted dropout after a[\(k + 1)] (model.train() only)") }
    }
    let fused = network.lossIsFused
    // The logits leave out the output's activation — and a dropout after it, which
    // nnsh never trains with but a saved network may hold (it is the identity in eval()).
    let tail = (network.dropout.last ?? 0) > 0 ? 2 : 1
    let logits = fused ? "model[:-\(tail)](x)" : "model(x)"
    let lossBody: String
    switch network.loss {
    case .mse:
      lossBody = "h = model(x)\n    return 0.5 * F.mse_loss(h, o, reduction=\"sum\") / x.shape[0]"
    case .bce:
      lossBody = "z = \(logits)\n    return F.binary_cross_entropy_with_logits(z, o, reduction=\"sum\") / x.shape[0]"
    case .ce:
      lossBody = "z = \(logits)\n    return F.cross_entropy(z, o)"
    }
    let lossNote: String
    switch network.loss {
    case .mse: lossNote = "J = 1/2 · mean over the batch of Σᵢ (hᵢ − yᵢ)²"
    case .bce: lossNote = "binary cross-entropy" + (fused ? " on the logits z[r] (the sigmoid is fused into the loss)" : " taking h as the logits")
    case .ce: lossNote = "softmax cross-entropy" + (fused ? " on the logits z[r] (the softmax is fused into the loss)" : " taking h as the logits")
    }
    return """
      \"\"\"A network exported by nnsh \(version): \(description.layersText); loss \(network.loss.rawValue).

      The layers are those of nnsh: nn.Linear(n[l-1], n[l]).weight is W[l] (out x in) and
      .bias is b[l]. nnsh puts samples in columns, PyTorch in rows: for an nnsh input X
      (d x B), model(X.T).T is nnsh's h.

      Load the parameters and continue training:

          import torch
          from model import load, loss
          model = load()                        # model.safetensors, next to this file
          opt = torch.optim.SGD(model.parameters(), lr=0.1)
          for x, o in batches:                  # x is (B, \(network.inputSize ?? 0)), o is (B, \(network.outputSize ?? 0)), float64
              opt.zero_grad()
              J = loss(model, x, o)
              J.backward()
              opt.step()

      For float32, call model.float() and give it float32 tensors.
      \"\"\"
      import os

      import torch
      from torch import nn
      import torch.nn.functional as F


      def build():
          \"\"\"The network, with freshly initialised parameters (float64).\"\"\"
          return nn.Sequential(
      \(modules.map { "        " + $0 }.joined(separator: "\n"))
          ).double()


      def load(path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")):
          \"\"\"The network with the parameters saved by nnsh.\"\"\"
          from safetensors.torch import load_file

          model = build()
          model.load_state_dict(load_file(path))
          return model


      def loss(model, x, o):
          \"\"\"nnsh's loss J: \(lossNote).\"\"\"
          \(lossBody)

      """
  }

  /// The text of `README.md`.
  public static func readme(for network: Network, version: String, training: Bool = false) -> String {
    let train = training
      ? """

        - `train.py` trains it with PyTorch as the session did (data, normalisation, the parts in
          `split.json`, optimizer, rate, batch, epochs), from `initial.safetensors`:
          `python train.py`, or `torchrun --nproc_per_node=N train.py` (DistributedDataParallel;
          the batch is the global batch). It saves `model.safetensors`, which nnsh reads back
          with `load model "model.safetensors"`.
        """ : ""
    return """
    # A network exported by nnsh \(version)

    `\(ModelDescription(network).layersText)`, loss `\(network.loss.rawValue)`.

    - `model.py` rebuilds it in PyTorch (`build()`), loads the parameters (`load()`) and
      defines nnsh's loss (`loss(model, x, o)`); samples are rows in PyTorch, columns in nnsh.
    - `model.safetensors` holds the parameters as a PyTorch state dict (`0.weight`, `0.bias`, …, float64).

    To continue training: `pip install torch safetensors`, then in Python
    `from model import load, loss; model = load()` and train as usual (see `model.py`).
    Back in nnsh, `load weights "model.safetensors"` reads the state dict into the same network.\(train)

    """
  }

  /// Writes the files into the folder `directory`, creating it if needed (its parent
  /// must exist): model.py, model.safetensors and README.md, and with `training` (the
  /// session's data as the network reads it, and its training set-up) train.py and what
  /// it reads (see `TorchTrainingScript`). They are written as one set
  /// (`AtomicFile.writeSet`): if one cannot be written, none is, and the folder is as it
  /// was. Returns the names written, in order.
  @discardableResult
  public static func write(
    _ network: Network, to directory: String, version: String, training: (data: Dataset, setup: TorchTrainingSetup)? = nil
  ) throws -> [String] {
    var files: [(name: String, bytes: [UInt8])] = [
      ("model.py", Array(modelSource(for: network, version: version).utf8)),
      ("model.safetensors", try SafeTensorsFile.torchStateDict(of: network, dtype: .f64, version: version).encoded()),
    ]
    if let training {
      files += try TorchTrainingScript.files(network: network, dataset: training.data, setup: training.setup, version: version)
    }
    files.append(("README.md", Array(readme(for: network, version: version, training: training != nil).utf8)))
    try AtomicFile.writeSet(files, into: directory)
    return files.map(\.name)
  }
}
