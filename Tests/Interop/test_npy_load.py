"""`load` reads what NumPy writes: every element type, byte order and memory order that
np.save produces, as `load "A.npy" as A` (then saved back as float64 and compared with
NumPy's own conversion), and a data-set pair whose labels become one-hot classes."""
import numpy as np
import pytest

DTYPES = ["<f8", ">f8", "<f4", ">f4", "<i8", ">i4", "<i2", "i1", "u1", "<u2", "<u8", "?"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("order", ["C", "F"])
def test_an_array_loads_as_numpy_shows_it(run_nnsh, tmp_path, dtype, order):
    rng = np.random.default_rng(7)
    a = rng.integers(0, 100, size=(37, 29)).astype(dtype)  # 1073 elements: odd chunks
    if dtype.endswith("f8") or dtype.endswith("f4"):
        a = (rng.standard_normal((37, 29)) * 1e3).astype(dtype)
    np.save(tmp_path / "A.npy", np.asarray(a, order=order))
    run_nnsh('load "A.npy" as A; save A "back.npy"')
    back = np.load(tmp_path / "back.npy")
    assert back.dtype == np.float64 and back.shape == a.shape
    assert np.array_equal(back, a.astype(np.float64))


def test_a_pair_becomes_a_data_set_with_sorted_one_hot_classes(run_nnsh, tmp_path):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((500, 12))
    y = rng.choice([10, 2, 7], size=500).astype(np.int64)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", y)
    # Sample 1 (NumPy's row 0) is the first column; its class is y[0]'s rank among 2, 7, 10.
    p = run_nnsh('load "X.npy" "y.npy"; net; layer dense 12 -> 3 softmax; forward sample 1; save x "x1.npy"; save y "y1.npy"')
    assert "500 samples, 12 features, 3 classes (2, 7, 10)" in p.stdout
    assert np.array_equal(np.load(tmp_path / "x1.npy").ravel(), X[0])
    assert np.array_equal(np.load(tmp_path / "y1.npy").ravel(), np.eye(3)[[2, 7, 10].index(y[0])])


def test_a_truncated_file_is_refused_and_names_the_sizes(run_nnsh, tmp_path):
    np.save(tmp_path / "X.npy", np.zeros((100, 4)))
    np.save(tmp_path / "y.npy", np.zeros(100, dtype=np.int64))
    data = (tmp_path / "X.npy").read_bytes()
    (tmp_path / "X.npy").write_bytes(data[:-5])
    p = run_nnsh('load "X.npy" "y.npy"', check=False)
    assert p.returncode != 0
    assert "needs 3200 bytes of data but the file has 3195" in p.stderr + p.stdout
