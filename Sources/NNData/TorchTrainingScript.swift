import NNEngine

/// How a session trained, for `export torch`'s `train.py`: the optimizer, the run's
/// epochs, batch and rates, the penalties and clipping, and the parameters the run
/// started from. Built from the session's last `train` (or from `train`'s defaults when
/// there was none yet: 1 epoch, batch 32, the optimizer's rate).
///
///     let setup = TorchTrainingSetup(rule: .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8),
///                                    learningRate: 0.01, epochs: 100, batch: 16, initial: net)
public struct TorchTrainingSetup: Sendable {
  public var rule: Optimizer.Rule
  public var learningRate: Double
  public var weightDecay: Double
  public var epochs: Int
  public var batch: Int
  /// α_e of every epoch when a schedule is set (nil: the rate is constant).
  public var rates: [Double]?
  public var regularization: Regularization
  /// The global gradient norm of `clip=` (nil: none).
  public var clip: Double?
  /// The network as the run began (its parameters are `initial.safetensors`).
  public var initial: Network
  /// True when the numbers come from a `train` of the session, false for the defaults.
  public var fromSession: Bool
  /// True when the optimizer had state (momentum, Adam moments) before the run: PyTorch
  /// starts from zero state.
  public var hadOptimizerState: Bool

  public init(
    rule: Optimizer.Rule, learningRate: Double, weightDecay: Double = 0, epochs: Int, batch: Int,
    rates: [Double]? = nil, regularization: Regularization = Regularization(), clip: Double? = nil,
    initial: Network, fromSession: Bool = true, hadOptimizerState: Bool = false
  ) {
    self.rule = rule
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.epochs = epochs
    self.batch = batch
    self.rates = rates
    self.regularization = regularization
    self.clip = clip
    self.initial = initial
    self.fromSession = fromSession
    self.hadOptimizerState = hadOptimizerState
  }
}

/// `train.py`: the session's training set-up as an ordinary PyTorch program (float64),
/// for one process (`python train.py`) or many (`torchrun --nproc_per_node=N train.py`,
/// `DistributedDataParallel`, gloo on CPUs, nccl on GPUs).
///
/// What it reproduces, and how:
/// - **data**: the file the session loaded (a CSV file with its feature and target
///   columns, or the `.npy` pair), by absolute path (`--data` overrides it), with nnsh's
///   class order; data that came from no file (`data iris`, `data X Y`, MNIST) is
///   written next to it as `X.npy` and `Y.npy`, exactly as nnsh trains on it;
/// - **normalisation**: the session's statistics (from the training part), as constants;
/// - **split**: `split.json`, the file records (or rows of `X.npy`) of the training,
///   validation and test parts, since nnsh's seeded split cannot be redrawn by torch;
/// - **network and loss**: `model.py`, starting from `initial.safetensors` (the
///   parameters the session's last `train` started from);
/// - **optimizer**: `torch.optim.SGD` (momentum), `Adam` or `AdamW` with the session's
///   β, ε and weight decay, the run's learning rate (each epoch's rate when a schedule is
///   set), batch, epochs, l1/l2 penalties on the weights and gradient clipping.
///
/// The batch is the **global** batch, as in nnsh: with N processes each takes batch/N
/// samples a step (rounded up), and DDP's averaged gradient is the gradient of the mean
/// loss over the whole batch. It saves `model.safetensors` (a state dict with nnsh's
/// model description, so `load model` reads it) and prints each epoch's loss and the
/// final accuracy on the training part.
///
///     let files = try TorchTrainingScript.files(network: net, dataset: d, setup: setup, version: "0.1.0")
///     // [("train.py", …), ("split.json", …), ("initial.safetensors", …)] (+ X.npy, Y.npy)
public enum TorchTrainingScript {
  /// The files `train.py` needs beside it (name and bytes), train.py first.
  public static func files(
    network: Network, dataset: Dataset, setup: TorchTrainingSetup, version: String
  ) throws -> [(name: String, bytes: [UInt8])] {
    let parts: [(String, [Int])] = [
      ("train", dataset.trainIndices), ("validation", dataset.validationIndices), ("test", dataset.testIndices),
    ]
    // The file's own records when every training sample has one; else the data as nnsh holds it.
    let fromFile = dataset.source != nil && dataset.sourceRecords(dataset.trainIndices) != nil
    var split: [String] = []
    var notes: [String] = []
    for (name, indices) in parts {
      if indices.isEmpty {
        split.append("\"\(name)\": []")
      } else if !fromFile {
        split.append("\"\(name)\": " + list(indices.map(String.init)))
      } else if let records = dataset.sourceRecords(indices) {
        split.append("\"\(name)\": " + list(records.map(String.init)))
      } else {
        split.append("\"\(name)\": null")
        notes.append("The \(name) part came from its own file (load … as \(name)); train.py does not read it.")
      }
    }
    var out: [(name: String, bytes: [UInt8])] = []
    let script = source(network: network, dataset: dataset, setup: setup, fromFile: fromFile, notes: notes, version: version)
    out.append(("train.py", Array(script.utf8)))
    out.append(("split.json", Array(("{" + split.joined(separator: ", ") + "}\n").utf8)))
    out.append(("initial.safetensors", try SafeTensorsFile.torchStateDict(of: setup.initial, dtype: .f64, version: version).encoded()))
    if !fromFile {
      out.append(("X.npy", NumPyFile.encode(try NumPyArray(shape: [dataset.sampleCount, dataset.featureCount], values: dataset.X.storage.map { $0 }))))
      out.append(("Y.npy", NumPyFile.encode(try NumPyArray(shape: [dataset.sampleCount, dataset.outputCount], values: dataset.Y.storage.map { $0 }))))
    }
    return out
  }

  // MARK: Python literals

  /// A Python string literal: a JSON one, whose escapes (`\"`, `\\`, `\n`, `\u0001`, …) Python reads alike.
  static func string(_ s: String) -> String { SafeTensorsJSON.quoted(s) }

  /// A Python float literal that reads back as the same Double.
  static func number(_ x: Double) -> String {
    if x.isNaN { return "float(\"nan\")" }
    if x.isInfinite { return x > 0 ? "float(\"inf\")" : "-float(\"inf\")" }
    return "\(x)"
  }

  static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

  static func optional(_ x: Double?) -> String { x.map(number) ?? "None" }

  // MARK: The script

  /// The `DATA` constant: where the samples come from and how they are read.
  static func dataLiteral(_ d: Dataset, fromFile: Bool) -> String {
    switch fromFile ? d.source : nil {
    case .csv(let c)?:
      let sep = String(decoding: [c.separator], as: UTF8.self)
      return """
        {
            "kind": "csv",  # the file nnsh loaded; one record per sample (the header, if any, and blank lines are not records)
            "path": \(string(c.path)),
            "separator": \(string(sep)),
            "header": \(c.header ? "True" : "False"),
            "features": \(list(c.features.map(String.init))),  # 0-based columns, in nnsh's feature order
            "target": \(c.target),  # 0-based target column
        }
        """
    case .numpy(let x, let y)?:
      return """
        {
            "kind": "npy",  # the pair nnsh loaded: X (samples, features...) and y (samples[, k])
            "path": \(string(x)),
            "targets": \(string(y)),
        }
        """
    case nil:
      return """
        {
            "kind": "exported",  # X.npy and Y.npy next to this file: the data exactly as nnsh trained on it
            "path": os.path.join(HERE, "X.npy"),
            "targets": os.path.join(HERE, "Y.npy"),
        }
        """
    }
  }

  /// How the targets become `o` (the rows of nnsh's Y, one per sample).
  static func targetLiteral(_ d: Dataset, fromFile: Bool) -> (target: String, values: String) {
    guard fromFile else { return ("\"matrix\"", "None") }
    guard let names = d.classNames else { return ("\"values\"", "None") }
    let numeric = names.allSatisfy { Double($0) != nil }
    let encoding = d.isBinaryEncoded ? "\"binary\"" : "\"onehot\""
    return (encoding, numeric ? list(names.map { number(Double($0) ?? 0) }) : "None")
  }

  static func normalizationLiteral(_ d: Dataset) -> String {
    guard !d.normalizations.isEmpty else { return "[]" }
    let items = d.normalizations.map { n in
      "    (\(string(n.method.rawValue)), \(list(n.center.map(number))), \(list(n.scale.map(number)))),"
    }
    return "[\n" + items.joined(separator: "\n") + "\n]"
  }

  static func optimizerLiteral(_ s: TorchTrainingSetup) -> String {
    let lr = number(s.learningRate), wd = number(s.weightDecay)
    switch s.rule {
    case .sgd: return "torch.optim.SGD(params, lr=\(lr), weight_decay=\(wd))"
    case .momentum(let beta): return "torch.optim.SGD(params, lr=\(lr), momentum=\(number(beta)), weight_decay=\(wd))"
    case .adam(let b1, let b2, let eps):
      return "torch.optim.Adam(params, lr=\(lr), betas=(\(number(b1)), \(number(b2))), eps=\(number(eps)), weight_decay=\(wd))"
    case .adamw(let b1, let b2, let eps):
      return "torch.optim.AdamW(params, lr=\(lr), betas=(\(number(b1)), \(number(b2))), eps=\(number(eps)), weight_decay=\(wd))"
    }
  }

  /// The loss of the trained module's output `out` (the logits when the output's
  /// activation is fused into the loss), as `model.py`'s `loss`.
  static func objective(_ network: Network) -> String {
    switch network.loss {
    case .mse: return "0.5 * F.mse_loss(out, o, reduction=\"sum\") / out.shape[0]"
    case .bce: return "F.binary_cross_entropy_with_logits(out, o, reduction=\"sum\") / out.shape[0]"
    case .ce: return "F.cross_entropy(out, o)"
    }
  }

  static func source(
    network: Network, dataset d: Dataset, setup s: TorchTrainingSetup, fromFile: Bool, notes: [String], version: String
  ) -> String {
    let (target, classValues) = targetLiteral(d, fromFile: fromFile)
    let classes = d.classNames.map { list($0.map(string)) } ?? "None"
    let tail = (network.dropout.last ?? 0) > 0 ? 2 : 1
    let trained = network.lossIsFused ? "model[:-\(tail)]  # the logits: the output's activation is fused into the loss" : "model"
    var remarks = notes
    if !s.fromSession { remarks.append("The session had not trained yet: epochs, batch and rate are train's defaults.") }
    if s.hadOptimizerState { remarks.append("nnsh's optimizer had state from earlier steps; torch.optim starts from zero state.") }
    if network.dropout.contains(where: { $0 > 0 }) { remarks.append("Dropout masks come from torch's generator, not nnsh's: the runs agree in law, not bit for bit.") }
    if fromFile { remarks.append("The samples are read from the file again, with Python's csv/float or numpy.load, as nnsh read them.") } else {
      remarks.append("The data came from no file (\(d.name)): X.npy and Y.npy hold it as nnsh trained on it (already normalised).")
    }
    let remarkText = remarks.map { "#   - " + $0 }.joined(separator: "\n")
    let rates = s.rates.map { list($0.map(number)) } ?? "None"
    let description = ModelDescription(network).layersText
    return """
      \"\"\"Train the network exported by nnsh \(version) with PyTorch, as the session trained it.

      One process:      python train.py
      Several:          torchrun --nproc_per_node=N train.py      (DistributedDataParallel:
                        gloo on CPUs, nccl when every process has a GPU)

      Network: \(description); loss \(network.loss.rawValue) (model.py).
      It starts from initial.safetensors (the parameters the session's last train started
      from), trains for EPOCHS epochs with batches of BATCH samples and saves the result as
      model.safetensors, which nnsh reads back with load model "model.safetensors" (or
      load weights). --epochs, --batch, --lr, --data, --targets, --start and --out change
      that.

      BATCH is the global batch, as in nnsh: with N processes each one takes
      ceil(BATCH / N) samples a step from its DistributedSampler shard, and DDP averages
      the gradients, so a step follows the mean loss over the whole batch.

      The parts (split.json) are the samples nnsh chose: its seeded, stratified split cannot
      be redrawn with torch's generator. Each epoch visits the training part in an order
      drawn by torch (--seed), not nnsh's order: mini-batch runs agree in law, full-batch
      runs (BATCH >= the training part) to rounding.
      \"\"\"
      import argparse
      import csv
      import json
      import math
      import os
      import struct
      import sys

      import numpy as np

      HERE = os.path.dirname(os.path.abspath(__file__))

      # Notes on this export:
      \(remarkText)

      DATA = \(dataLiteral(d, fromFile: fromFile))
      # Targets: "onehot" (row c is CLASSES[c], nnsh's class order), "binary" (one 0/1 value:
      # 1 for CLASSES[1]), "values" (regression) or "matrix" (the targets as stored).
      TARGET = \(target)
      CLASSES = \(classes)
      CLASS_VALUES = \(classValues)  # numeric labels, in nnsh's (sorted) class order
      # normalize: x := (x - center) / scale per feature, in this order, with the statistics
      # of the training part (as nnsh computed them). Already applied to an exported X.npy.
      NORMALIZATION = \(normalizationLiteral(d))

      EPOCHS = \(s.epochs)
      BATCH = \(s.batch)  # the global batch (see above)
      LR = \(number(s.learningRate))
      RATES = \(rates)  # the learning rate of each epoch (the session's schedule), or None
      L2 = \(number(s.regularization.l2))  # J += L2/2 * sum of W**2 over the weights (not the biases)
      L1 = \(number(s.regularization.l1))  # J += L1 * sum of |W|
      CLIP = \(optional(s.clip))  # clip_grad_norm_ of all gradients, or None


      def make_optimizer(params, lr):
          import torch

          return \(optimizerLiteral(s).replacingOccurrences(of: "lr=\(number(s.learningRate))", with: "lr=lr"))


      # MARK: data (numpy only, so it can be checked without torch)


      def read_csv(path):
          \"\"\"Features (N, d) and the target column's texts, as nnsh reads the file.\"\"\"
          features, texts = [], []
          with open(path, newline="", encoding="utf-8-sig") as f:
              rows = csv.reader(f, delimiter=DATA["separator"])
              if DATA["header"]:
                  next(rows, None)
              for row in rows:
                  if not row or all(not cell.strip() for cell in row):
                      continue  # blank lines are not records
                  features.append([float(row[c]) for c in DATA["features"]])
                  texts.append(row[DATA["target"]].strip())
          return np.array(features, dtype=np.float64).reshape(len(features), -1), texts


      def encode(labels):
          \"\"\"o for 0-based class labels (nnsh's one-hot, or one 0/1 column).\"\"\"
          labels = np.asarray(labels)
          if TARGET == "binary":
              return (labels == 1).astype(np.float64).reshape(-1, 1)
          return np.eye(len(CLASSES), dtype=np.float64)[labels]


      def class_labels(values):
          if CLASS_VALUES is not None:
              index = {v: c for c, v in enumerate(CLASS_VALUES)}
              return [index[float(v)] for v in values]
          index = {name: c for c, name in enumerate(CLASSES)}
          return [index[v] for v in values]


      def load_data(path=None, targets=None):
          \"\"\"All samples as nnsh holds them: x (N, d) normalised, o (N, k), rows are samples.\"\"\"
          path = path or DATA["path"]
          if DATA["kind"] == "csv":
              x, texts = read_csv(path)
              o = np.array([float(t) for t in texts]).reshape(-1, 1) if TARGET == "values" else encode(class_labels(texts))
          else:
              x = np.load(path).astype(np.float64)
              x = x.reshape(len(x), -1)
              y = np.load(targets or DATA["targets"])
              if TARGET in ("values", "matrix"):
                  o = y.astype(np.float64).reshape(len(y), -1)
              elif y.ndim == 2 and y.shape[1] > 1:
                  o = encode(y.argmax(axis=1))  # one-hot rows: class c is column c
              else:
                  o = encode(class_labels(y.reshape(-1).tolist()))
          if DATA["kind"] != "exported":
              for _, center, scale in NORMALIZATION:
                  x = (x - np.array(center)) / np.array(scale)
          return x, o


      def load_split():
          with open(os.path.join(HERE, "split.json")) as f:
              return json.load(f)


      def parts(path=None, targets=None):
          \"\"\"{"train": (x, o), "validation": …, "test": …} for the parts there are.\"\"\"
          x, o = load_data(path, targets)
          out = {}
          for name, rows in load_split().items():
              if rows:
                  out[name] = (x[rows], o[rows])
          return out


      # MARK: safetensors (the safetensors package when installed, else these few lines)


      def read_safetensors(path):
          with open(path, "rb") as f:
              (n,) = struct.unpack("<Q", f.read(8))
              header = json.loads(f.read(n))
              data = f.read()
          meta = header.pop("__metadata__", {})
          tensors = {}
          for name, t in header.items():
              begin, end = t["data_offsets"]
              dtype = {"F64": "<f8", "F32": "<f4"}[t["dtype"]]
              tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).astype(np.float64).reshape(t["shape"])
          return tensors, meta


      def write_safetensors(path, tensors, meta):
          \"\"\"F64 tensors with nnsh's metadata, replacing path atomically.\"\"\"
          header, blobs, offset = {"__metadata__": meta}, [], 0
          for name, t in tensors.items():
              blob = np.ascontiguousarray(t, dtype="<f8").tobytes()
              header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
              blobs.append(blob)
              offset += len(blob)
          text = json.dumps(header, separators=(",", ":")).encode()
          text += b" " * (-len(text) % 8)
          temporary = path + ".tmp"
          with open(temporary, "wb") as f:
              f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
              f.flush()
              os.fsync(f.fileno())
          os.replace(temporary, path)


      # MARK: training


      def main(argv=None):
          p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
          p.add_argument("--data", help="the data file (default: %(default)s)", default=DATA["path"])
          p.add_argument("--targets", help="the targets' .npy file of a NumPy pair", default=DATA.get("targets"))
          p.add_argument("--epochs", type=int, default=EPOCHS)
          p.add_argument("--batch", type=int, default=BATCH, help="the global batch (default %(default)s)")
          p.add_argument("--lr", type=float, default=LR)
          p.add_argument("--seed", type=int, default=0, help="torch's seed (sample order, dropout)")
          p.add_argument("--start", default=os.path.join(HERE, "initial.safetensors"), help="the parameters to start from")
          p.add_argument("--out", default=os.path.join(HERE, "model.safetensors"))
          args = p.parse_args(argv)

          import torch
          import torch.distributed as dist
          import torch.nn.functional as F
          from torch.utils.data import DataLoader, DistributedSampler, RandomSampler, TensorDataset

          sys.path.insert(0, HERE)
          from model import build

          torch.set_default_dtype(torch.float64)
          torch.manual_seed(args.seed)
          world = int(os.environ.get("WORLD_SIZE", "1"))
          rank = int(os.environ.get("RANK", "0"))
          local = int(os.environ.get("LOCAL_RANK", "0"))
          gpu = torch.cuda.is_available() and torch.cuda.device_count() > local
          device = torch.device("cuda", local) if gpu else torch.device("cpu")
          if world > 1:
              dist.init_process_group("nccl" if gpu else "gloo")
          if gpu:
              torch.cuda.set_device(device)

          x, o = parts(args.data, args.targets)["train"]
          train = TensorDataset(torch.from_numpy(x), torch.from_numpy(o))
          n = len(train)
          per_process = max(1, math.ceil(min(args.batch, n) / world))
          if world > 1:
              sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
          else:
              sampler = RandomSampler(train, generator=torch.Generator().manual_seed(args.seed))
          batches = DataLoader(train, batch_size=per_process, sampler=sampler)

          model = build()
          start, meta = read_safetensors(args.start)
          model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in start.items()})
          model.to(device)
          net = \(trained)
          if world > 1:
              net = torch.nn.parallel.DistributedDataParallel(net, device_ids=[local] if gpu else None)
          weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
          optimizer = make_optimizer(model.parameters(), args.lr)

          def objective(out, o):
              J = \(objective(network))
              if L2:
                  J = J + 0.5 * L2 * sum((W * W).sum() for W in weights)
              if L1:
                  J = J + L1 * sum(W.abs().sum() for W in weights)
              return J

          for epoch in range(args.epochs):
              if RATES is not None and args.lr == LR:
                  for group in optimizer.param_groups:
                      group["lr"] = RATES[min(epoch, len(RATES) - 1)]
              if world > 1:
                  sampler.set_epoch(epoch)
              model.train()
              total = torch.zeros(2, device=device)
              for xb, ob in batches:
                  xb, ob = xb.to(device), ob.to(device)
                  optimizer.zero_grad()
                  J = objective(net(xb), ob)
                  J.backward()
                  if CLIP is not None:
                      torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
                  optimizer.step()
                  total += torch.stack([J.detach() * len(xb), torch.tensor(float(len(xb)), device=device)])
              if world > 1:
                  dist.all_reduce(total)
              if rank == 0:
                  print("epoch %d/%d  loss %.6g" % (epoch + 1, args.epochs, (total[0] / total[1]).item()), flush=True)

          if rank == 0:
              model.eval()
              with torch.no_grad():
                  h = model(torch.from_numpy(x).to(device)).cpu().numpy()
              if CLASSES is not None:
                  predicted = (h[:, 0] > 0.5).astype(int) if h.shape[1] == 1 else h.argmax(axis=1)
                  actual = (o[:, 0] > 0.5).astype(int) if o.shape[1] == 1 else o.argmax(axis=1)
                  print("accuracy %.4f on the %d training samples" % ((predicted == actual).mean(), n))
              state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
              meta = dict(meta, content="parameters", format="pt")
              try:
                  from safetensors.numpy import save_file

                  temporary = args.out + ".tmp"
                  save_file(state, temporary, metadata=meta)
                  os.replace(temporary, args.out)
              except ImportError:
                  write_safetensors(args.out, state, meta)
              print("saved", args.out, "(nnsh: load model \\"%s\\")" % args.out)
          if world > 1:
              dist.destroy_process_group()


      if __name__ == "__main__":
          main()

      """
  }
}
