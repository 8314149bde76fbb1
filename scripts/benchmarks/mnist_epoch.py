#!/usr/bin/env python3
"""NumPy reference for `nnsh-bench mnist-epoch`: one epoch of the same algorithm.

    X: 60000 x 784 float64 ~ N(0, 1) (rows are samples, as NumPy stores them)
    Y: one-hot of random labels in 0..9
    net 784-128-64-10: relu, relu, softmax; cross-entropy; He init, zero biases
    batch 64 (the last batch shorter), shuffled each epoch, SGD lr 0.1

Written as one would by hand in NumPy: row-major batches `Xb @ W + b`, fancy indexing
for the shuffled batch, fused softmax cross-entropy gradient (p - y) / B. Timed: the
median of `reps` epochs after one warm-up epoch (the data generation is not timed).

Usage: mnist_epoch.py [reps]   (default 3)
Last line: `RESULT numpy-mnist-epoch seconds=S cpu=C loss=L` (C: CPU seconds of the
process, all threads; steadier than S on a shared machine for a 1-thread run).
"""
import statistics
import sys
import time

import numpy as np

N, D, H1, H2, K = 60000, 784, 128, 64, 10
BATCH, LR = 64, 0.1


def init(rng):
    def he(fan_in, fan_out):
        return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)

    return [he(D, H1), np.zeros(H1), he(H1, H2), np.zeros(H2), he(H2, K), np.zeros(K)]


def epoch(params, X, Y, rng):
    W1, b1, W2, b2, W3, b3 = params
    order = rng.permutation(X.shape[0])
    total = 0.0
    for start in range(0, X.shape[0], BATCH):
        idx = order[start:start + BATCH]
        xb, yb = X[idx], Y[idx]
        B = xb.shape[0]
        z1 = xb @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        a2 = np.maximum(z2, 0)
        z3 = a2 @ W3 + b3
        z3 = z3 - z3.max(axis=1, keepdims=True)
        e = np.exp(z3)
        s = e.sum(axis=1, keepdims=True)
        p = e / s
        total -= float(np.sum(yb * (z3 - np.log(s))))
        dz3 = (p - yb) / B
        dW3 = a2.T @ dz3
        db3 = dz3.sum(axis=0)
        dz2 = (dz3 @ W3.T) * (z2 > 0)
        dW2 = a1.T @ dz2
        db2 = dz2.sum(axis=0)
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        dW1 = xb.T @ dz1
        db1 = dz1.sum(axis=0)
        W1 -= LR * dW1
        b1 -= LR * db1
        W2 -= LR * dW2
        b2 -= LR * db2
        W3 -= LR * dW3
        b3 -= LR * db3
    return total / X.shape[0]


def main() -> int:
    try:
        reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
        if reps < 1 or len(sys.argv) > 2:
            raise ValueError
    except ValueError:
        print("usage: mnist_epoch.py [reps]", file=sys.stderr)
        return 2
    rng = np.random.default_rng(2024)
    X = rng.standard_normal((N, D))
    Y = np.zeros((N, K))
    Y[np.arange(N), rng.integers(0, K, N)] = 1.0
    epoch(init(np.random.default_rng(7)), X, Y, np.random.default_rng(11))  # warm-up
    times, cpus, loss = [], [], 0.0
    for _ in range(reps):
        params = init(np.random.default_rng(7))
        shuffle = np.random.default_rng(11)
        t0, c0 = time.perf_counter(), time.process_time()
        loss = epoch(params, X, Y, shuffle)
        cpus.append(time.process_time() - c0)
        times.append(time.perf_counter() - t0)
    s, cpu = statistics.median(times), statistics.median(cpus)
    print(f"numpy {np.__version__} mnist-epoch: " + " ".join(f"{t:.3f}" for t in times)
          + f" s, median {s:.4f} s, loss {loss:.4f}")
    print(f"RESULT numpy-mnist-epoch seconds={s:.5f} cpu={cpu:.5f} loss={loss:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
