"""Writes the safetensors files the NNData tests read, with the reference implementation
(Hugging Face's `safetensors` package, which checks what it writes). Run from this folder:

    pip install safetensors numpy
    python3 SafeTensorsFixtures.py

BF16 has no NumPy type, so its test builds the bytes by hand.
"""
import numpy as np
from safetensors.numpy import save_file

grid = np.array([[1.0, 2.5, -3.0], [4.0, 5.0, 6e-3]])  # 2 x 3, distinct values
ints = np.array([[1, -2, 3], [4, 5, -6]])
uints = np.array([[1, 2, 3], [4, 5, 250]])

save_file(
    {
        "f64": grid,
        "f32": grid.astype(np.float32),
        "f16": grid.astype(np.float16),
        "i64": ints.astype(np.int64),
        "i32": ints.astype(np.int32),
        "i16": ints.astype(np.int16),
        "i8": ints.astype(np.int8),
        "u64": uints.astype(np.uint64),
        "u32": uints.astype(np.uint32),
        "u16": uints.astype(np.uint16),
        "u8": uints.astype(np.uint8),
        "bool": np.array([[True, False, True], [False, False, True]]),
        "vector": np.array([1.0, 2.0, 3.0]),
        "scalar": np.array(7.25),
        "cube": np.arange(24, dtype=np.float64).reshape(2, 3, 4),
        "empty": np.zeros((0, 3)),
    },
    "SafeTensors-dtypes.safetensors",
    metadata={"note": "dtypes", "unicode": "σ → ∂J/∂W"},
)

# The state dict of nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)) in float32,
# as safetensors.torch.save_file(model.state_dict(), ...) would write it.
save_file(
    {
        "0.weight": np.array([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], dtype=np.float32),
        "0.bias": np.array([0.1, -0.2, 0.3], dtype=np.float32),
        "2.weight": np.array([[1.0, -2.0, 0.5]], dtype=np.float32),
        "2.bias": np.array([0.125], dtype=np.float32),
    },
    "SafeTensors-torch.safetensors",
    metadata={"format": "pt"},
)
