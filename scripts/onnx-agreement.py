"""How closely onnxruntime reproduces nnsh's h on `export onnx` files: the worst
max |onnxruntime − nnsh| over every hidden activation × every loss/output, for float64
and float32 (the README's figures; Tests/Interop/test_onnx.py checks the bounds).

    .venv/bin/python scripts/onnx-agreement.py [.build/debug/nnsh]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnxruntime as ort

NNSH = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/nnsh")
HIDDEN = ["linear", "relu", "leaky_relu alpha=0.2", "leaky_relu alpha=1.5", "leaky_relu", "sigmoid", "tanh", "softmax"]
OUTPUTS = [("mse", 2, "linear"), ("bce", 1, "sigmoid"), ("ce", 3, "softmax")]

worst = {"float64": 0.0, "float32": 0.0}
for hidden in HIDDEN:
    for loss, k, out in OUTPUTS:
        d = tempfile.mkdtemp()
        subprocess.run([NNSH, "-c",
                        f"seed 7; net; layer dense 3 -> 5 {hidden}; layer dense 4 tanh; layer dense {k} {out}; loss {loss}; "
                        f"set b1 = randn(5, 1); set b2 = randn(4, 1); set b3 = randn({k}, 1); "
                        'let X = randn(3, 100); forward x=X; save X "X.npy"; save h "h.npy"; '
                        'export onnx "float64.onnx"; export onnx "float32.onnx" dtype=f32'],
                       cwd=d, check=True, capture_output=True)
        X, h = np.load(f"{d}/X.npy"), np.load(f"{d}/h.npy")
        for name in worst:
            s = ort.InferenceSession(f"{d}/{name}.onnx", providers=["CPUExecutionProvider"])
            got = s.run(None, {"x": X.T.astype(name)})[0].astype(np.float64)
            worst[name] = max(worst[name], float(np.max(np.abs(got - h.T))))
n = len(HIDDEN) * len(OUTPUTS)
for name, e in worst.items():
    print(f"{name}: worst max |onnxruntime - nnsh| over {n} networks x 100 inputs = {e:.3g}")
