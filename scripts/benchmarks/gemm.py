#!/usr/bin/env python3
"""NumPy reference for `nnsh-bench gemm N`: GFLOP/s of `a @ b` on float64 n x n.

Usage: gemm.py N [reps]   (default reps 7)

Each timed sample repeats the product enough times to last >= 50 ms; the median over
reps is printed after a warm-up, as the Swift benchmark does. The result goes into a
preallocated array (`np.matmul(a, b, out=c)`) for the figure that is printed; the
allocating `a @ b` is reported alongside for information.
Last line: `RESULT numpy-gemm n=N gflops=G alloc_gflops=G`.
"""
import statistics
import sys
import time

import numpy as np


def main() -> int:
    try:
        n = int(sys.argv[1])
        reps = int(sys.argv[2]) if len(sys.argv) > 2 else 7
        if n < 1 or reps < 1 or len(sys.argv) > 3:
            raise ValueError
    except (IndexError, ValueError):
        print("usage: gemm.py N [reps]", file=sys.stderr)
        return 2
    rng = np.random.default_rng(1)
    a = np.asfortranarray(rng.standard_normal((n, n)))
    b = np.asfortranarray(rng.standard_normal((n, n)))
    c = np.empty((n, n), order="F")
    np.matmul(a, b, out=c)
    _ = a @ b
    t0 = time.perf_counter()
    np.matmul(a, b, out=c)
    once = time.perf_counter() - t0
    inner = max(1, int(0.05 / max(once, 1e-9)) + 1)
    into, alloc = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            np.matmul(a, b, out=c)
        into.append((time.perf_counter() - t0) / inner)
        t0 = time.perf_counter()
        for _ in range(inner):
            _ = a @ b
        alloc.append((time.perf_counter() - t0) / inner)
    flops = 2.0 * n * n * n
    g = flops / statistics.median(into) / 1e9
    ga = flops / statistics.median(alloc) / 1e9
    print(f"numpy {np.__version__} gemm n={n}: {g:.2f} GFLOP/s into c, {ga:.2f} GFLOP/s a @ b")
    print(f"RESULT numpy-gemm n={n} gflops={g:.3f} alloc_gflops={ga:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
