#!/usr/bin/env python3
"""NumPy reference for `nnsh-bench seed-native`: 20000 single-sample SGD steps.

The notes' 2-3-4-1 network (relu, relu, linear; J = 1/2 (h - o)^2), He init, 100
samples x ~ N(0, 1)^2 with o = x1 x2 + x1 / 2, 200 epochs of batch 1 (shuffled each
epoch), lr 0.01 -- written with column vectors, as the notes write it. This is the
per-step overhead of NumPy on tiny arrays, the cost nnsh's native loop competes with.

Usage: seed_loop.py [reps]   (default 5)
Last line: `RESULT numpy-seed-loop seconds=S cpu=C loss=L` (C: CPU seconds of the
process, all threads; steadier than S on a shared machine for a 1-thread run).
"""
import statistics
import sys
import time

import numpy as np

SAMPLES, EPOCHS, LR = 100, 200, 0.01


def train(X, Y, rng):
    def he(fan_out, fan_in):
        return rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)

    W1, b1 = he(3, 2), np.zeros((3, 1))
    W2, b2 = he(4, 3), np.zeros((4, 1))
    W3, b3 = he(1, 4), np.zeros((1, 1))
    loss = 0.0
    for _ in range(EPOCHS):
        loss = 0.0
        for j in rng.permutation(SAMPLES):
            x, o = X[:, j:j + 1], Y[:, j:j + 1]
            z1 = W1 @ x + b1
            a1 = np.maximum(z1, 0)
            z2 = W2 @ a1 + b2
            a2 = np.maximum(z2, 0)
            h = W3 @ a2 + b3
            d = h - o
            loss += 0.5 * float(d[0, 0]) ** 2
            dz2 = (W3.T @ d) * (z2 > 0)
            dz1 = (W2.T @ dz2) * (z1 > 0)
            W3 -= LR * (d @ a2.T)
            b3 -= LR * d
            W2 -= LR * (dz2 @ a1.T)
            b2 -= LR * dz2
            W1 -= LR * (dz1 @ x.T)
            b1 -= LR * dz1
    return loss / SAMPLES


def main() -> int:
    try:
        reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
        if reps < 1 or len(sys.argv) > 2:
            raise ValueError
    except ValueError:
        print("usage: seed_loop.py [reps]", file=sys.stderr)
        return 2
    rng = np.random.default_rng(42)
    X = rng.standard_normal((2, SAMPLES))
    Y = (X[0] * X[1] + 0.5 * X[0]).reshape(1, SAMPLES)
    train(X, Y, np.random.default_rng(3))  # warm-up
    times, cpus, loss = [], [], 0.0
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        loss = train(X, Y, np.random.default_rng(3))
        cpus.append(time.process_time() - c0)
        times.append(time.perf_counter() - t0)
    s, cpu = statistics.median(times), statistics.median(cpus)
    print(f"numpy {np.__version__} seed-loop: {SAMPLES * EPOCHS} steps, "
          + " ".join(f"{t:.3f}" for t in times) + f" s, median {s:.4f} s, loss {loss:.5f}")
    print(f"RESULT numpy-seed-loop seconds={s:.5f} cpu={cpu:.5f} loss={loss:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
