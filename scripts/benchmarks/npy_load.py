#!/usr/bin/env python3
"""NumPy reference for `load "X.npy" "y.npy"`: np.load of the same pair, time and peak.

    X.npy: 60000 x 784 float64 ~ N(0, 1), C order (376 MB; rows are samples)
    y.npy: 60000 int64 labels in 0..9

Usage:
    npy_load.py make DIR     writes DIR/X.npy and DIR/y.npy (seeded) unless they exist
    npy_load.py load DIR     np.load of both, once to warm the page cache, then timed

Last line of `load`: `RESULT numpy-npy-load seconds=S peak_kib=P array_kib=A`, where S
is the median of 3 loads, P the process's VmHWM (peak resident set, from /proc) after a
load in a fresh process, and A the size of X's data.
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np

N, D = 60000, 784


def make(folder):
    os.makedirs(folder, exist_ok=True)
    x, y = os.path.join(folder, "X.npy"), os.path.join(folder, "y.npy")
    if not (os.path.exists(x) and os.path.exists(y)):
        rng = np.random.default_rng(1)
        np.save(x, rng.standard_normal((N, D)))
        np.save(y, rng.integers(0, 10, N).astype(np.int64))
    return x, y


def vmhwm_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "load", "peak"):
        sys.exit(__doc__)
    x, y = make(sys.argv[2])
    if sys.argv[1] == "make":
        return 0
    if sys.argv[1] == "peak":  # one load in this fresh process; its VmHWM
        X, Y = np.load(x), np.load(y)
        print(vmhwm_kib())
        return 0
    np.load(x), np.load(y)  # warm the page cache
    times = []
    for _ in range(3):
        t = time.perf_counter()
        X, Y = np.load(x), np.load(y)
        times.append(time.perf_counter() - t)
        del X, Y
    peak = int(subprocess.run([sys.executable, __file__, "peak", sys.argv[2]], capture_output=True, text=True).stdout)
    print(f"RESULT numpy-npy-load seconds={statistics.median(times):.4f} peak_kib={peak} array_kib={N * D * 8 // 1024}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
