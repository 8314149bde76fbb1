#!/usr/bin/env python3
"""PyTorch reference for the mnist-shape epoch (`train … dtype=f32` in scripts/bench).

    X: 60000 x 784 ~ N(0, 1) (rows are samples), Y: random labels in 0..9
    net 784-128-64-10: Linear-ReLU-Linear-ReLU-Linear; CrossEntropyLoss (fused softmax)
    He (kaiming normal) init, zero biases; batch 64 (the last batch shorter),
    shuffled each epoch (randperm + index_select, as a DataLoader with shuffle=True
    gathers), SGD lr 0.1

Written as a PyTorch user would, without a DataLoader's worker machinery (which only
adds overhead): `opt.zero_grad(set_to_none=True); loss.backward(); opt.step()`. The
threads follow OPENBLAS_NUM_THREADS (torch.set_num_threads), so both sides use the same
number of cores. Timed: the median of `reps` epochs after one warm-up epoch.

Usage: mnist_epoch_torch.py [reps] [f32|f64]   (defaults 3, f32)
Last line: `RESULT torch-mnist-epoch seconds=S cpu=C loss=L dtype=D threads=T`.
"""
import os
import statistics
import sys
import time

import torch

N, D, H1, H2, K = 60000, 784, 128, 64, 10
BATCH, LR = 64, 0.1


def epoch(model, opt, loss_fn, X, y):
    order = torch.randperm(X.shape[0])
    total = 0.0
    for start in range(0, X.shape[0], BATCH):
        idx = order[start:start + BATCH]
        xb, yb = X.index_select(0, idx), y.index_select(0, idx)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * xb.shape[0]
    return total / X.shape[0]


def main() -> int:
    try:
        reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
        dtype = sys.argv[2] if len(sys.argv) > 2 else "f32"
        if reps < 1 or dtype not in ("f32", "f64") or len(sys.argv) > 3:
            raise ValueError
    except ValueError:
        print("usage: mnist_epoch_torch.py [reps] [f32|f64]", file=sys.stderr)
        return 2
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS") or os.cpu_count() or 1)
    torch.set_num_threads(threads)
    torch.manual_seed(2024)
    kind = torch.float32 if dtype == "f32" else torch.float64
    X = torch.randn(N, D, dtype=kind)
    y = torch.randint(0, K, (N,))

    def fresh():
        torch.manual_seed(7)
        model = torch.nn.Sequential(
            torch.nn.Linear(D, H1), torch.nn.ReLU(), torch.nn.Linear(H1, H2), torch.nn.ReLU(), torch.nn.Linear(H2, K)
        ).to(kind)
        for m in model:
            if isinstance(m, torch.nn.Linear):
                torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                torch.nn.init.zeros_(m.bias)
        return model, torch.optim.SGD(model.parameters(), lr=LR)

    loss_fn = torch.nn.CrossEntropyLoss()
    model, opt = fresh()
    epoch(model, opt, loss_fn, X, y)  # warm-up
    walls, cpus, loss = [], [], 0.0
    for _ in range(reps):
        model, opt = fresh()
        w, c = time.perf_counter(), time.process_time()
        loss = epoch(model, opt, loss_fn, X, y)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    print(f"torch {torch.__version__} mnist-shape epoch, {dtype}, {threads} threads: "
          + " ".join(f"{t:.3f}" for t in walls) + " s")
    print(f"RESULT torch-mnist-epoch seconds={statistics.median(walls):.5f} cpu={statistics.median(cpus):.5f}"
          f" loss={loss:.6f} dtype={dtype} threads={threads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
