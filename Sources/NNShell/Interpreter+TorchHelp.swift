/// `help torch` (and the page after `help export`): what `export torch` writes and how
/// train.py runs on one machine or many.
extension Interpreter {
  static let torchHelp = """
    export torch "DIR" writes, as one set (all the files or none):
      model.py             the network as an nn.Sequential (float64) and nnsh's loss
      model.safetensors    its parameters (0.weight, 0.bias, …), which load model reads back
    and when there is data, the session's training set-up as PyTorch:
      train.py             data, normalisation, optimizer, rate (schedule), batch, epochs
      split.json           the records of the training, validation and test parts
      initial.safetensors  the parameters the last train started from
      X.npy, Y.npy         the data itself, when it came from no file (data iris, data X Y)
    A CSV or .npy file is read again from its absolute path (python train.py --data FILE).
      python train.py                          one process (a GPU when there is one)
      torchrun --nproc_per_node=N train.py     N processes: DistributedDataParallel, gloo on
                                               CPUs, nccl on GPUs, a DistributedSampler
    batch= is the global batch, as in nnsh: each of N processes takes batch/N samples.
    train.py saves model.safetensors; back in nnsh: load model "DIR/model.safetensors".
    A full-batch run (batch >= the training part) gives nnsh's parameters to rounding.
    """
}
