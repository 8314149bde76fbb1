"""nnsh's safetensors files as Python's safetensors package reads them."""
import numpy as np
from safetensors.numpy import load_file


def test_saved_parameters_are_what_nnsh_holds(run_nnsh, tmp_path):
    run_nnsh('seed 3; net; layer dense 2 -> 3 relu; layer dense 1; '
             'save "m.safetensors"; save W1 "W1.npy"; save b2 "b2.npy"')
    tensors = load_file(str(tmp_path / "m.safetensors"))
    # The notes' names and shapes: W[l] is n[l] × n[l-1], b[l] a vector of n[l].
    assert sorted(tensors) == ["W1", "W2", "b1", "b2"]
    assert tensors["W1"].shape == (3, 2) and tensors["W2"].shape == (1, 3)
    assert tensors["W1"].dtype == np.float64
    np.testing.assert_array_equal(tensors["W1"], np.load(tmp_path / "W1.npy"))
    np.testing.assert_array_equal(tensors["b2"], np.load(tmp_path / "b2.npy").reshape(-1))
