"""export torch's train.py, checked without PyTorch (CI has none; scripts/check-torch runs it).

train.py imports torch only inside main(), so its data part — reading the session's file
again, nnsh's class encoding, the normalisation constants, the parts of split.json — runs
here with numpy alone, and must give exactly the samples nnsh trains on (`forward all`
binds them to x and y, which `save x "part_x.npy"` writes).
"""
import importlib.util
import json
import py_compile

import numpy as np
import pytest
from safetensors.numpy import load_file


def load_train(folder):
    """train.py as a module (nothing runs: main() is behind __name__ == "__main__")."""
    spec = importlib.util.spec_from_file_location("train_" + folder.name, folder / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_compiles(folder):
    for name in ("train.py", "model.py"):
        py_compile.compile(str(folder / name), doraise=True)


def nnsh_training_part(tmp_path):
    """x and y of `forward all` (the training part), rows are samples."""
    return np.load(tmp_path / "part_x.npy").T, np.load(tmp_path / "part_y.npy").T


SAVE_PART = 'forward all; save x "part_x.npy"; save y "part_y.npy"'


def test_builtin_data_is_written_out_with_the_adam_setup(run_nnsh, tmp_path):
    out = run_nnsh(
        'seed 7; data iris; split 0.8; normalize standard; net; layer dense 4 -> 5 relu; layer dense 3 softmax; loss ce; '
        'optimizer adam beta1=0.85 beta2=0.99 eps=1e-7 weight_decay=0.001; save "before.safetensors"; '
        f'train epochs=3 batch=10 lr=0.02 quiet=yes; {SAVE_PART}; export torch "ex"').stdout
    folder = tmp_path / "ex"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["model.py", "model.safetensors", "train.py", "split.json", "initial.safetensors", "X.npy", "Y.npy", "README.md"])
    assert "train.py: the data of iris written as X.npy and Y.npy, the set-up of the last train (3 epochs, batch 10, lr 0.02)" in out
    check_compiles(folder)
    train = load_train(folder)
    assert train.DATA["kind"] == "exported" and train.TARGET == "matrix"
    assert train.CLASSES == ["setosa", "versicolor", "virginica"]
    assert (train.EPOCHS, train.BATCH, train.LR, train.RATES) == (3, 10, 0.02, None)
    assert "torch.optim.Adam(params, lr=lr, betas=(0.85, 0.99), eps=1e-07, weight_decay=0.001)" in (folder / "train.py").read_text()
    # The statistics are listed (X.npy already holds the normalised data).
    assert len(train.NORMALIZATION) == 1 and train.NORMALIZATION[0][0] == "standard"
    x, o = train.parts()["train"]
    nx, ny = nnsh_training_part(tmp_path)
    np.testing.assert_array_equal(x, nx)
    np.testing.assert_array_equal(o, ny)
    # The standard statistics are those of the training part, as nnsh printed it.
    center, scale = np.array(train.NORMALIZATION[0][1]), np.array(train.NORMALIZATION[0][2])
    raw = x * scale + center
    np.testing.assert_allclose(raw.mean(axis=0), center, rtol=0, atol=1e-12)
    split = json.loads((folder / "split.json").read_text())
    assert (len(split["train"]), len(split["validation"]), len(split["test"])) == (120, 0, 30)
    assert sorted(split["train"] + split["test"]) == list(range(150))
    # train.py starts where the last train started; model.safetensors is where it ended.
    before, initial, trained = (load_file(str(p)) for p in
                                (tmp_path / "before.safetensors", folder / "initial.safetensors", folder / "model.safetensors"))
    np.testing.assert_array_equal(initial["0.weight"], before["W1"])
    np.testing.assert_array_equal(initial["2.bias"], before["b2"])
    assert not np.array_equal(trained["0.weight"], before["W1"])


def test_csv_is_read_again_with_its_columns_classes_shuffle_and_two_normalisations(run_nnsh, tmp_path):
    g = np.random.default_rng(1)
    rows = g.normal(size=(40, 3)) * [1, 10, 100]
    kinds = ["tulip", "rose", "daisy"]
    with open(tmp_path / "flowers.csv", "w") as f:
        f.write("id,a,kind,b,c\n")
        for k, r in enumerate(rows):
            f.write("%d,%r,%s,%r,%r\n\n" % (k, float(r[0]), kinds[k % 3], float(r[1]), float(r[2])))
    out = run_nnsh(
        'seed 2; load "flowers.csv" target=kind drop="id"; shuffle; split 0.6 0.2; normalize minmax; normalize standard; '
        'net; layer dense 3 -> 4 tanh; layer dense 3 softmax; loss ce; optimizer momentum beta=0.7; '
        f'train epochs=2 batch=8 lr=0.1 quiet=yes; {SAVE_PART}; export torch "ex"').stdout
    folder = tmp_path / "ex"
    assert not (folder / "X.npy").exists()
    assert f"train.py: data from {tmp_path / 'flowers.csv'}, the set-up of the last train (2 epochs" in out
    check_compiles(folder)
    train = load_train(folder)
    assert train.DATA == {"kind": "csv", "path": str(tmp_path / "flowers.csv"), "separator": ",", "header": True,
                          "features": [1, 3, 4], "target": 2}
    assert train.CLASSES == ["daisy", "rose", "tulip"] and train.TARGET == "onehot" and train.CLASS_VALUES is None
    assert [n[0] for n in train.NORMALIZATION] == ["minmax", "standard"]
    assert "torch.optim.SGD(params, lr=lr, momentum=0.7, weight_decay=0.0)" in (folder / "train.py").read_text()
    parts = train.parts()
    x, o = parts["train"]
    nx, ny = nnsh_training_part(tmp_path)
    np.testing.assert_allclose(x, nx, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(o, ny)
    split = json.loads((folder / "split.json").read_text())
    assert sorted(split["train"] + split["validation"] + split["test"]) == list(range(40))
    assert len(parts["validation"][0]) == len(split["validation"]) > 0


def test_npy_pair_with_a_binary_target_and_sgd_decay(run_nnsh, tmp_path):
    g = np.random.default_rng(5)
    X = g.normal(size=(30, 2))
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", (X[:, 0] > X[:, 1]).astype(np.int64) * 3 + 2)  # labels 2 and 5
    run_nnsh('seed 1; load "X.npy" "y.npy"; split 0.8; net; layer dense 2 -> 3 relu; layer dense 1 sigmoid; loss bce; '
             f'optimizer sgd weight_decay=0.01; train epochs=4 quiet=yes; {SAVE_PART}; export torch "ex"')
    folder = tmp_path / "ex"
    check_compiles(folder)
    train = load_train(folder)
    assert train.DATA["kind"] == "npy" and train.DATA["targets"] == str(tmp_path / "y.npy")
    assert (train.TARGET, train.CLASS_VALUES, train.CLASSES) == ("binary", [2.0, 5.0], ["2", "5"])
    # train's defaults for what the statement did not give: batch 32, the optimizer's rate.
    assert (train.EPOCHS, train.BATCH, train.LR) == (4, 32, 0.01)
    assert "torch.optim.SGD(params, lr=lr, weight_decay=0.01)" in (folder / "train.py").read_text()
    x, o = train.parts()["train"]
    nx, ny = nnsh_training_part(tmp_path)
    np.testing.assert_array_equal(x, nx)
    np.testing.assert_array_equal(o, ny)


def test_data_from_matrices_with_adamw_l2_clip_and_a_schedule(run_nnsh, tmp_path):
    out = run_nnsh(
        'seed 3; let X = randn(2, 25); let Y = [1 -1] * X; data X Y; split 0.8; net; layer dense 2 -> 3 tanh; layer dense 1; '
        'loss mse; optimizer adamw weight_decay=0.05; schedule step every=2 gamma=0.5; '
        f'train epochs=5 batch=4 lr=0.01 l2=0.001 clip=2 quiet=yes; {SAVE_PART}; export torch "ex"').stdout
    assert "written as X.npy and Y.npy" in out
    folder = tmp_path / "ex"
    check_compiles(folder)
    train = load_train(folder)
    assert train.DATA["kind"] == "exported" and train.CLASSES is None
    assert (train.L2, train.L1, train.CLIP) == (0.001, 0.0, 2.0)
    assert train.RATES == [0.01, 0.01, 0.005, 0.005, 0.0025]
    assert "torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.05)" in (folder / "train.py").read_text()
    x, o = train.parts()["train"]
    nx, ny = nnsh_training_part(tmp_path)
    np.testing.assert_array_equal(x, nx)
    np.testing.assert_array_equal(o, ny)
    assert len(train.parts()["test"][0]) == 5


def test_without_data_there_is_no_train_py(run_nnsh, tmp_path):
    out = run_nnsh('net; layer dense 2 -> 1; export torch "ex"').stdout
    assert sorted(p.name for p in (tmp_path / "ex").iterdir()) == ["README.md", "model.py", "model.safetensors"]
    assert "ex/model.py, ex/model.safetensors, ex/README.md" in out


@pytest.mark.parametrize("statement", ['layer dense 3 -> 1', 'layer dense 4 -> 2'])
def test_data_that_does_not_fit_the_network_is_refused_and_nothing_is_written(run_nnsh, tmp_path, statement):
    p = run_nnsh(f'data iris; net; {statement}; export torch "ex"', check=False)
    assert p.returncode == 1
    assert "does not fit the network" in p.stderr and "<command line>:1:" in p.stderr
    assert not (tmp_path / "ex").exists()
