#!/usr/bin/env python3
"""Which BLAS is fastest on nnsh's own products: a table over the libraries installed here.

Compiles blas_shapes.c, runs it on every BLAS it finds, at 1 and 2 threads, in rounds
(round-robin, so that every library sees the same machine state on a shared machine),
and prints the median over rounds of each shape's time, with NumPy's own `matmul` on
the same shapes beside. Found automatically:

- Debian's OpenBLAS variants: /usr/lib/<triplet>/openblas-{pthread,openmp,serial}/
  (packages libopenblas0-pthread, -openmp, -serial);
- Debian's BLIS: /usr/lib/<triplet>/blis-{pthread,openmp,serial}/ (libblis4-*);
- the scipy-openblas32 / scipy-openblas64 wheels, when the reference Python imports them
  (their symbols are prefixed: scipy_cblas_dgemm, and scipy_cblas_dgemm64_ for ILP64).

Usage: blas_compare.py [--rounds R] [--threads 1,2] [--python PY]
    PY (default: this interpreter, or $NNSH_BENCH_PYTHON) runs the NumPy column and is
    asked where the scipy-openblas wheels are.
Each cell is µs per call: CPU µs of the calling thread at 1 thread (time the product ran,
however often the machine descheduled it), wall µs at 2 threads. "batch" is the sum of the
eight products of one 784-128-64-10 batch of 64.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

NUMPY_SHAPES = r"""
import sys, time
import numpy as np
threads = int(sys.argv[1])
try:
    from threadpoolctl import threadpool_limits
    threadpool_limits(threads)
except ImportError:
    pass
shapes = [l.split("|") for l in sys.stdin.read().splitlines()]
print("LIBRARY numpy", np.__version__)
batch = batch_cpu = 0.0
for name, m, n, k, ta, tb, in_batch in shapes:
    m, n, k, ta, tb = int(m), int(n), int(k), int(ta), int(tb)
    # Column-major operands, as nnsh stores them; a transpose is a view (a flag to BLAS).
    a = np.asfortranarray(np.full((k, m) if ta else (m, k), 0.01))
    b = np.asfortranarray(np.full((n, k) if tb else (k, n), 0.02))
    A, B = (a.T if ta else a), (b.T if tb else b)
    c = np.empty((m, n), order="F")
    np.matmul(A, B, out=c)
    t0 = time.perf_counter(); np.matmul(A, B, out=c); once = time.perf_counter() - t0
    inner = int(0.02 / max(once, 1e-9)) + 1
    walls, cpus = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.thread_time()
        for _ in range(inner):
            np.matmul(A, B, out=c)
        cpus.append((time.thread_time() - c0) / inner)
        walls.append((time.perf_counter() - t0) / inner)
    w, u = sorted(walls)[2], sorted(cpus)[2]
    if in_batch == "1":
        batch += w; batch_cpu += u
    print(f"SHAPE {name}|{m}|{n}|{k}|{ta}|{tb}|{2*m*n*k/w/1e9:.3f}|{w*1e6:.3f}|{u*1e6:.3f}")
print(f"BATCH usec={batch*1e6:.3f} main_thread_cpu_usec={batch_cpu*1e6:.3f}")
"""

WHEEL_DIRS = r"""
for name in ("scipy_openblas32", "scipy_openblas64"):
    try:
        mod = __import__(name)
        print(name, mod.get_lib_dir())
    except ImportError:
        pass
"""


def libraries(python):
    """(label, path, prefix, suffix, int bits) of every BLAS found."""
    found = []
    triplets = glob.glob("/usr/lib/*-linux-gnu")
    for root in triplets:
        for variant in ("pthread", "openmp", "serial"):
            p = os.path.join(root, f"openblas-{variant}", "libopenblas.so.0")
            if os.path.exists(p):
                found.append((f"openblas-{variant}", p, "-", "-", 32))
        for variant in ("pthread", "openmp", "serial"):
            p = os.path.join(root, f"blis-{variant}", "libblis.so.4")
            if os.path.exists(p):
                found.append((f"blis-{variant}", p, "-", "-", 32))
    r = subprocess.run([python, "-c", WHEEL_DIRS], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        name, lib_dir = line.split(" ", 1)
        libs = sorted(glob.glob(os.path.join(lib_dir, "libscipy_openblas*.so")))
        if libs:
            ilp64 = name.endswith("64")
            found.append((name.replace("_", "-"), libs[0], "scipy_", "64_" if ilp64 else "-", 64 if ilp64 else 32))
    return found


def parse(text):
    """{shape name: (gflops, wall µs, cpu µs)} and the batch sums, from blas_shapes' lines."""
    shapes, batch, config = {}, None, ""
    for line in text.splitlines():
        if line.startswith("SHAPE "):
            f = line[6:].split("|")
            shapes[f[0]] = (f[1:6], float(f[6]), float(f[7]), float(f[8]))
        elif line.startswith("BATCH "):
            kv = dict(x.split("=") for x in line.split()[1:])
            batch = (float(kv["usec"]), float(kv["main_thread_cpu_usec"]))
        elif line.startswith("LIBRARY "):
            config = line
    return shapes, batch, config


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--python", default=os.environ.get("NNSH_BENCH_PYTHON", sys.executable))
    ap.add_argument("--only", default="", help="comma-separated labels to keep")
    opts = ap.parse_args()
    threads = [int(t) for t in opts.threads.split(",")]
    tmp = tempfile.mkdtemp()
    exe = os.path.join(tmp, "blas_shapes")
    subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, "blas_shapes.c"), "-ldl"], check=True)
    libs = libraries(opts.python)
    if opts.only:
        keep = opts.only.split(",")
        libs = [l for l in libs if l[0] in keep]
    labels = [l[0] for l in libs] + ["numpy"]
    # results[(label, threads)] = list of parsed runs
    results = {}
    configs = {}
    order = None
    env0 = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    for _ in range(opts.rounds):
        for t in threads:
            env = dict(env0, OPENBLAS_NUM_THREADS=str(t), BLIS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
            for label, path, prefix, suffix, bits in libs:
                r = subprocess.run([exe, path, prefix, suffix, str(bits), str(t)], capture_output=True, text=True, env=env)
                if r.returncode != 0:
                    print(f"{label}: {r.stderr.strip()}", file=sys.stderr)
                    continue
                shapes, batch, config = parse(r.stdout)
                order = order or list(shapes)
                configs[label] = config
                results.setdefault((label, t), []).append((shapes, batch))
            if order:
                lines = "\n".join(
                    "|".join([name] + results[next(iter(results))][0][0][name][0] + ["0" if name.startswith("square") else "1"])
                    for name in order)
                r = subprocess.run([opts.python, "-c", NUMPY_SHAPES, str(t)], input=lines, capture_output=True, text=True, env=env)
                if r.returncode == 0:
                    shapes, batch, config = parse(r.stdout)
                    configs["numpy"] = config
                    results.setdefault(("numpy", t), []).append((shapes, batch))
                else:
                    print(f"numpy: {r.stderr.strip()[-300:]}", file=sys.stderr)
    for label in labels:
        if label in configs:
            print(f"{label:18} {configs[label].split(' ', 1)[1]}")
    for t in threads:
        col = 3 if t == 1 else 2  # 1 thread: CPU µs; 2 threads: wall µs
        what = "CPU µs of the calling thread" if t == 1 else "wall µs"
        present = [l for l in labels if (l, t) in results]
        print(f"\n{t} thread{'s' if t > 1 else ''}: median {what} per call over {opts.rounds} rounds (GFLOP/s in brackets)")
        print(f"{'shape (m n k)':30}" + "".join(f"{l:>20}" for l in present))
        for name in order or []:
            dims = results[(present[0], t)][0][0][name][0]
            flops = 2 * int(dims[0]) * int(dims[1]) * int(dims[2])
            cells = ""
            for l in present:
                us = statistics.median(run[0][name][col] for run in results[(l, t)] if name in run[0])
                cells += f"{us:11.1f} ({flops / us / 1e3:5.1f})"
            print(f"{name + ' ' + ' '.join(dims[:3]):30}{cells}")
        cells = ""
        for l in present:
            us = statistics.median(run[1][1 if t == 1 else 0] for run in results[(l, t)])
            cells += f"{us:20.1f}"
        print(f"{'batch (8 products)':30}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
