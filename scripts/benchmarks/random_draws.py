#!/usr/bin/env python3
"""NumPy reference for `randn(784, 60000)` and `rand(784, 60000)`: 47,040,000 draws.

`np.random.default_rng(0).standard_normal((784, 60000))` (PCG64 and NumPy's 256-layer
ziggurat) and `.random((784, 60000))`, each into a fresh array, as nnsh's `randn` and
`rand` make a fresh matrix: the time includes the first touch of the array's pages.

Usage: random_draws.py normal|uniform [reps]   (default 3)
Last line: `RESULT numpy-DRAW seconds=S draws=N` (S: the median of the reps).
"""
import statistics
import sys
import time

import numpy as np

SHAPE = (784, 60000)


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "normal"
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rng = np.random.default_rng(0)
    draw = rng.standard_normal if kind == "normal" else rng.random
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a = draw(SHAPE)
        times.append(time.perf_counter() - t0)
        del a
    print(f"RESULT numpy-{kind} seconds={statistics.median(times):.4f} draws={SHAPE[0] * SHAPE[1]}")


if __name__ == "__main__":
    main()
