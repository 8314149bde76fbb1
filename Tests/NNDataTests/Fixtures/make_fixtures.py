"""Writes the tiny .npy files the NNData tests read. Run from this folder:

    python3 make_fixtures.py

Every file is made by NumPy itself, so the tests check nnsh against the real format.
"""
import numpy as np
from numpy.lib import format as npformat

grid = np.array([[1.0, 2.5, -3.0], [4.0, 5.0, 6e-3]])  # 2 x 3, distinct values
ints = np.array([[1, -2, 3], [4, 5, -6]])
uints = np.array([[1, 2, 3], [4, 5, 250]])

np.save("f8.npy", grid)
np.save("f8_fortran.npy", np.asfortranarray(grid))
np.save("f8_big.npy", grid.astype(">f8"))
np.save("f4.npy", grid.astype("<f4"))
np.save("f2.npy", grid.astype("<f2"))
for t in ["<i8", "<i4", "<i2", "|i1", ">i4"]:
    np.save({"<i8": "i8", "<i4": "i4", "<i2": "i2", "|i1": "i1", ">i4": "i4_big"}[t] + ".npy", ints.astype(t))
for t in ["<u8", "<u4", "<u2", "|u1"]:
    np.save(t[1:] + ".npy", uints.astype(t))
np.save("b1.npy", np.array([[True, False, True], [False, False, True]]))

np.save("vector.npy", np.array([1.0, 2.0, 3.0]))
np.save("scalar.npy", np.float64(7.25))
cube = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
np.save("cube.npy", cube)
np.save("cube_fortran.npy", np.asfortranarray(cube))
np.save("empty.npy", np.zeros((0, 3)))

for version in [(2, 0), (3, 0)]:
    with open("f8_v%d.npy" % version[0], "wb") as f:
        npformat.write_array(f, grid, version=version)

np.save("object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save("structured.npy", np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]))
np.save("complex.npy", np.array([1 + 2j, 3 - 1j]))
np.save("strings.npy", np.array(["ab", "cd"]))

# A small classification pair (rows are samples) and a regression target.
X = np.array([[5.1, 3.5], [4.9, 3.0], [6.2, 3.4], [5.9, 3.0], [7.7, 2.6]])
np.save("pair_X.npy", X)
np.save("pair_y_int.npy", np.array([2, 0, 2, 10, 0], dtype=np.int64))
np.save("pair_y_float.npy", np.array([0.5, 1.5, 2.5, 3.5, 4.5]))
np.save("pair_y_onehot.npy", np.eye(3)[[0, 1, 2, 1, 0]])
np.save("pair_y_short.npy", np.array([1, 0, 1], dtype=np.int64))
