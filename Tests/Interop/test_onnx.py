"""nnsh's ONNX export as the onnx package and onnxruntime read it, and load model of
ONNX files nnsh did not write (made with onnx.helper).

nnsh computes h with `forward x=X` on a randn X (d × 100, columns are samples) and saves
both as .npy; onnxruntime runs the exported model on X.T (rows are samples) and must give
h.T to 1e-12 in float64 and 1e-5 in float32.
"""
import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

HIDDEN = ["linear", "relu", "leaky_relu alpha=0.2", "leaky_relu alpha=1.5", "leaky_relu",
          "sigmoid", "tanh", "softmax"]
OUTPUTS = [("mse", 2, "linear"), ("bce", 1, "sigmoid"), ("ce", 3, "softmax")]


def network(hidden, loss, k, out):
    """A 3-5-4-k network with random biases (init leaves them at zero)."""
    return (f"seed 7; net; layer dense 3 -> 5 {hidden}; layer dense 4 tanh; layer dense {k} {out}; "
            f"loss {loss}; set b1 = randn(5, 1); set b2 = randn(4, 1); set b3 = randn({k}, 1); ")


def run_onnx(path, x, names=("x", "h")):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == [names[0]]
    assert [o.name for o in session.get_outputs()] == [names[1]]
    return session.run(None, {names[0]: x})[0]


@pytest.mark.parametrize("loss,k,out", OUTPUTS, ids=[o[0] for o in OUTPUTS])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_onnxruntime_reproduces_h(run_nnsh, tmp_path, hidden, loss, k, out):
    run_nnsh(network(hidden, loss, k, out)
             + 'let X = randn(3, 100); forward x=X; save X "X.npy"; save h "h.npy"; '
             + 'export onnx "m64.onnx"; export onnx "m32.onnx" dtype=f32')
    X = np.load(tmp_path / "X.npy")
    h = np.load(tmp_path / "h.npy")
    assert X.shape == (3, 100) and h.shape == (k, 100)
    for name, dtype, tol in (("m64.onnx", np.float64, 1e-12), ("m32.onnx", np.float32, 1e-5)):
        model = onnx.load(str(tmp_path / name))
        onnx.checker.check_model(model, full_check=True)
        got = run_onnx(tmp_path / name, X.T.astype(dtype))
        assert got.dtype == dtype and got.shape == (100, k)
        err = np.max(np.abs(got.astype(np.float64) - h.T))
        assert err <= tol, f"{name}: max |onnxruntime − nnsh| = {err:g} > {tol:g}"


def test_model_fields(run_nnsh, tmp_path):
    run_nnsh(network("relu", "ce", 3, "softmax") + 'layer dropout 0.5; export onnx "m.onnx"')
    model = onnx.load(str(tmp_path / "m.onnx"))
    assert model.producer_name == "nnsh" and model.producer_version
    assert model.opset_import[0].domain == "" and model.opset_import[0].version >= 13
    assert "dense 3 -> 5 relu" in model.doc_string and "transposed" in model.doc_string
    assert {p.key: p.value for p in model.metadata_props}["nnsh.loss"] == "ce"
    g = model.graph
    # The batch dimension is symbolic, the feature dimension fixed.
    (x,), (h,) = g.input, g.output
    assert (x.name, h.name) == ("x", "h")
    assert [d.dim_param or d.dim_value for d in x.type.tensor_type.shape.dim] == ["N", 3]
    assert [d.dim_param or d.dim_value for d in h.type.tensor_type.shape.dim] == ["N", 3]
    assert x.type.tensor_type.elem_type == TensorProto.DOUBLE
    # One Gemm per layer, W as nnsh holds it (out × in) with transB=1; no Dropout node.
    assert [n.op_type for n in g.node] == ["Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Softmax"]
    for n in g.node:
        if n.op_type == "Gemm":
            assert {a.name: a.i for a in n.attribute} == {"transB": 1}
    W = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    assert W["W1"].shape == (5, 3) and W["b1"].shape == (5,) and W["W3"].shape == (3, 4)


def test_export_then_load_model_gives_the_same_h(run_nnsh, tmp_path):
    p = run_nnsh(network("leaky_relu alpha=0.3", "bce", 1, "sigmoid")
                 + 'let X = randn(3, 20); forward x=X; let h0 = h; export onnx "m.onnx"; '
                 + 'net; layer dense 7 -> 2; load model "m.onnx"; forward x=X; assert h == h0 tol=0; summary')
    assert "load model: 3 -> 5 leaky_relu -> 4 tanh -> 1 sigmoid, loss bce" in p.stdout
    assert "leaky_relu(α=0.3)" in p.stdout


def tensor(name, array, raw):
    return numpy_helper.from_array(array, name) if raw else helper.make_tensor(
        name, TensorProto.DOUBLE if array.dtype == np.float64 else TensorProto.FLOAT,
        array.shape, array.flatten().tolist())


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("raw", [True, False], ids=["raw_data", "typed_data"])
def test_load_model_reads_a_model_made_elsewhere(run_nnsh, tmp_path, dtype, raw):
    """A Gemm–LeakyRelu–Gemm–Softmax model from onnx.helper, with the weights in
    raw_data or in double_data/float_data: nnsh's h is onnxruntime's."""
    rng = np.random.default_rng(1)
    W1, b1 = rng.standard_normal((4, 3)).astype(dtype), rng.standard_normal(4).astype(dtype)
    W2, b2 = rng.standard_normal((2, 4)).astype(dtype), rng.standard_normal(2).astype(dtype)
    elem = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    g = helper.make_graph(
        [helper.make_node("Gemm", ["input", "W1", "b1"], ["z1"], transB=1),
         helper.make_node("LeakyRelu", ["z1"], ["a1"], alpha=0.25),
         helper.make_node("Gemm", ["a1", "W2", "b2"], ["z2"], transB=1),
         helper.make_node("Softmax", ["z2"], ["probabilities"], axis=-1)],
        "elsewhere",
        [helper.make_tensor_value_info("input", elem, ["batch", 3])],
        [helper.make_tensor_value_info("probabilities", elem, ["batch", 2])],
        initializer=[tensor("W1", W1, raw), tensor("b1", b1, raw), tensor("W2", W2, raw), tensor("b2", b2, raw)])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(tmp_path / "elsewhere.onnx"))
    X = rng.standard_normal((3, 50))
    np.save(tmp_path / "X.npy", X)
    p = run_nnsh('load model "elsewhere.onnx"; load "X.npy" as X; forward x=X; save h "h.npy"')
    assert "load model: 3 -> 4 leaky_relu -> 2 softmax, loss ce (implied by the Softmax output)" in p.stdout
    h = np.load(tmp_path / "h.npy")
    # nnsh computes in float64 from the file's values, as onnxruntime does for DOUBLE.
    expected = run_onnx(tmp_path / "elsewhere.onnx", X.T.astype(dtype), ("input", "probabilities")).astype(np.float64)
    assert np.max(np.abs(h.T - expected)) <= (1e-12 if dtype == np.float64 else 1e-5)


def simple_model(nodes, initializers, output="h"):
    g = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["N", 2])],
        [helper.make_tensor_value_info(output, TensorProto.DOUBLE, None)],
        initializer=[numpy_helper.from_array(v, k) for k, v in initializers.items()])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


GEMM = helper.make_node("Gemm", ["x", "W1", "b1"], ["z1"], transB=1)
PARAMS = {"W1": np.ones((3, 2)), "b1": np.zeros(3)}
REFUSED = {
    "unsupported op": (simple_model([GEMM, helper.make_node("Erf", ["z1"], ["h"])], PARAMS),
                       "node 2 is an Erf, an operator nnsh does not read"),
    "conv": (simple_model([helper.make_node("Conv", ["x", "W1"], ["h"], name="conv0")], PARAMS),
             "node 1 ('conv0') is a Conv, an operator nnsh does not read"),
    "branch": (simple_model([GEMM, helper.make_node("Relu", ["z1"], ["h"]), helper.make_node("Sigmoid", ["z1"], ["s"])], PARAMS),
               "the graph branches"),
    "missing initializer": (simple_model([helper.make_node("Gemm", ["x", "W9", "b1"], ["h"], transB=1)], PARAMS),
                            "reads the weights 'W9', which is not an initializer of the graph (missing)"),
    "wrong shape": (simple_model([helper.make_node("Gemm", ["x", "W1", "b1"], ["h"], transB=1)],
                                 {"W1": np.ones((3, 2)), "b1": np.zeros(4)}),
                    "bias 'b1' has shape [4]; it should be [3]"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_load_model_refuses_what_nnsh_cannot_represent(run_nnsh, tmp_path, case):
    model, message = REFUSED[case]
    onnx.save(model, str(tmp_path / "bad.onnx"))
    p = run_nnsh('net; layer dense 2 -> 7 relu; load model "bad.onnx"', check=False)
    assert p.returncode == 1
    assert 'error: bad.onnx: nnsh cannot represent this graph: ' in p.stderr and message in p.stderr, p.stderr
    # Located at the file name.
    assert '<command line>:1:42: error:' in p.stderr
