"""Reference numbers for OptimizerReferenceTests, ScheduleReferenceTests and
GradientClippingTests (Tests/NNEngineTests). Run once with PyTorch (CPU, float64):

    /path/to/venv/bin/python Tests/NNEngineTests/Fixtures/optim_reference.py

Recorded with torch 2.13.0+cpu. The tests hold the printed numbers as literals, so they
need no torch. The network is the tests' 2-3-1 one: tanh hidden layer, linear output,
J = 1/2 · mean over the batch of Σ (h − y)² (nnsh's mse), W and b as nn.Linear stores them
(W is out × in), the batch as columns in nnsh and as rows here.
"""
import torch

torch.set_default_dtype(torch.float64)
print("torch", torch.__version__)

W1 = [[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]]
b1 = [0.1, -0.2, 0.05]
W2 = [[0.7, -0.4, 0.3]]
b2 = [0.2]
# Four samples (nnsh: X is 2×4, one sample per column; here one per row).
X = [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7], [2.0, -1.5]]
Y = [[1.0], [-0.5], [0.25], [0.8]]


def network():
    l1 = torch.nn.Linear(2, 3)
    l2 = torch.nn.Linear(3, 1)
    with torch.no_grad():
        l1.weight.copy_(torch.tensor(W1))
        l1.bias.copy_(torch.tensor(b1))
        l2.weight.copy_(torch.tensor(W2))
        l2.bias.copy_(torch.tensor(b2))
    return l1, l2


def loss(l1, l2):
    x, y = torch.tensor(X), torch.tensor(Y)
    h = l2(torch.tanh(l1(x)))
    return 0.5 * ((h - y) ** 2).sum() / x.shape[0]


def parameters(l1, l2):
    return [l1.weight, l1.bias, l2.weight, l2.bias]


def show(name, tensors):
    # nnsh's order: W1 (column-major), b1, W2, b2.
    values = []
    for t in tensors:
        values += t.detach().t().reshape(-1).tolist() if t.dim() == 2 else t.detach().tolist()
    print(name, "= [" + ", ".join("%.17g" % v for v in values) + "]")


def run(name, make, steps):
    l1, l2 = network()
    opt = make(parameters(l1, l2))
    for _ in range(steps):
        opt.zero_grad()
        loss(l1, l2).backward()
        opt.step()
    show(name, parameters(l1, l2))


run("adamDefaults3", lambda p: torch.optim.Adam(p), 3)
run("sgdDecay50", lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.01), 50)
run("momentumDecay50", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01), 50)
run("adamDecay50", lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01), 50)
run("adamwDecay50", lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.01), 50)
run("adamwDefaults50", lambda p: torch.optim.AdamW(p), 50)


def rates(name, make, epochs=30):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    used = []
    for _ in range(epochs):
        used.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    print(name, "= [" + ", ".join("%.17g" % v for v in used) + "]")


rates("stepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=10, gamma=0.5))
rates("exponentialLR", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.95))
rates("cosineLR", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=30, eta_min=0.001))

# Clipping: the gradients at the initial parameters, clipped to a global norm of 0.1.
l1, l2 = network()
loss(l1, l2).backward()
show("gradients", [p.grad for p in parameters(l1, l2)])
total = torch.nn.utils.clip_grad_norm_(parameters(l1, l2), max_norm=0.1)
print("totalNorm = %.17g" % total.item())
show("clipped", [p.grad for p in parameters(l1, l2)])
