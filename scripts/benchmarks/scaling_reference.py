#!/usr/bin/env python3
"""Reference for `scripts/bench scaling`: one training epoch written by hand in NumPy (or
in PyTorch), for any dense ReLU network with a softmax cross-entropy output.

    scaling_reference.py numpy|torch SIZES BATCH SAMPLES [epochs]

SIZES is like 100-128-10. The data are SAMPLES rows of N(0, 1) features with one-hot
random labels (rows are samples, as NumPy and PyTorch store them). Each epoch does what
nnsh's `train` does: a fresh permutation of the samples, a gather of each batch of
BATCH rows (the last batch shorter), forward, softmax cross-entropy, backward and a plain
SGD step (lr 0.01) — written as one would by hand, `xb @ W + b` on row-major batches.
PyTorch runs the same loop on torch tensors with autograd and torch.optim.SGD, in float64,
with torch.set_num_threads from OPENBLAS_NUM_THREADS.

Timed: every epoch after the first (warm-up), median; with epochs=1 the only one.
Last line: `RESULT scaling-reference seconds=S peak_mib=M loss=L` (M: the process's peak
resident memory, data included, as /usr/bin/time reports nnsh's).
"""
import os
import resource
import statistics
import sys
import time

import numpy as np

LR = 0.01


def numpy_epoch(params, X, Y, batch, rng):
    """One epoch; `params` is [W1, b1, W2, b2, …] with W[l] of shape (n[l-1], n[l])."""
    layers = len(params) // 2
    order = rng.permutation(X.shape[0])
    total = 0.0
    for start in range(0, X.shape[0], batch):
        idx = order[start:start + batch]
        xb, yb = X[idx], Y[idx]
        acts, zs = [xb], []
        for l in range(layers):
            z = acts[-1] @ params[2 * l] + params[2 * l + 1]
            zs.append(z)
            acts.append(np.maximum(z, 0) if l < layers - 1 else z)
        z = zs[-1] - zs[-1].max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        total -= float(np.sum(yb * (z - np.log(s))))
        dz = (e / s - yb) / xb.shape[0]
        for l in range(layers - 1, -1, -1):
            W = params[2 * l]
            dW = acts[l].T @ dz
            db = dz.sum(axis=0)
            if l > 0:
                dz = (dz @ W.T) * (zs[l - 1] > 0)
            W -= LR * dW
            params[2 * l + 1] -= LR * db
    return total / X.shape[0]


def torch_runner(sizes, X, Y, batch, threads):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(7)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(Y.argmax(axis=1))
    mods = []
    for l in range(1, len(sizes)):
        mods.append(torch.nn.Linear(sizes[l - 1], sizes[l], dtype=torch.float64))
        if l < len(sizes) - 1:
            mods.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(11)

    def epoch():
        order = torch.randperm(Xt.shape[0], generator=gen)
        total = 0.0
        for start in range(0, Xt.shape[0], batch):
            idx = order[start:start + batch]
            xb, yb = Xt[idx], yt[idx]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        return total / Xt.shape[0]

    return epoch


def main() -> int:
    try:
        framework, spec, batch, samples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
        sizes = [int(s) for s in spec.split("-")]
        if framework not in ("numpy", "torch") or len(sizes) < 2 or min(sizes + [batch, samples, epochs]) < 1:
            raise ValueError
    except (IndexError, ValueError):
        print("usage: scaling_reference.py numpy|torch SIZES BATCH SAMPLES [epochs]", file=sys.stderr)
        return 2
    rng = np.random.default_rng(2024)
    X = rng.standard_normal((samples, sizes[0]))
    Y = np.zeros((samples, sizes[-1]))
    Y[np.arange(samples), rng.integers(0, sizes[-1], samples)] = 1.0
    if framework == "numpy":
        init = np.random.default_rng(7)
        params = []
        for l in range(1, len(sizes)):
            params += [init.standard_normal((sizes[l - 1], sizes[l])) * np.sqrt(2.0 / sizes[l - 1]), np.zeros(sizes[l])]
        shuffle = np.random.default_rng(11)

        def run():
            return numpy_epoch(params, X, Y, batch, shuffle)
    else:
        run = torch_runner(sizes, X, Y, batch, int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1)))
    times, loss = [], 0.0
    for _ in range(epochs):
        t0 = time.perf_counter()
        loss = run()
        times.append(time.perf_counter() - t0)
    s = statistics.median(times[1:] if len(times) > 1 else times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{framework} {spec} batch {batch} samples {samples}: " + " ".join(f"{t:.4f}" for t in times) + " s")
    print(f"RESULT scaling-reference seconds={s:.6f} peak_mib={peak:.1f} loss={loss:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
