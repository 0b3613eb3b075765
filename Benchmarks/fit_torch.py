#!/usr/bin/env python3
"""PyTorch CPU reference for liplab's supervised fit (`liplab-bench fit`), with the same start.

The issue's reference run: 15 noisy points of sin(3x) on [−1, 1], a 1→256→256→1 ReLU network,
full-batch Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8) for 6000 steps, float64, one thread. The
data and the initial weights come from liplab itself — `y` saved as .npy, the unfitted model
saved with `save m "m.safetensors"` and loaded with `load_state_dict` — so both sides start from
the same point and method none must end at the same model (up to rounding over 6000 steps).
Spectral-norm regularization (λ = 1e-3, `(λ/2) Σ σ(W_l)²`, one power step per layer per step from
a persistent u) is timed too; its u starts differently, so only its time is compared.

    python3 Benchmarks/fit_torch.py [--liplab .build/release/liplab] [--bench .build/release/liplab-bench]
                                    [--steps 6000] [--repetitions 3] [--check STEPS]

--check STEPS fits STEPS steps of method none in both from that start and compares the weights
(10 steps agree to 4e-16 relative, 300 to 9e-13: the same algorithm, step for step).

Prints one readable line and one JSON line per method ({"case": "fit", "impl": "torch", …}),
then liplab's lines (`liplab-bench fit`) and the ratio of the median times.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def liplab_start(liplab, directory, fitted_steps=0):
    """(x, y, test x, test y, state dict) exactly as liplab makes them; with `fitted_steps`, the
    state dict after that many steps of liplab's own fit (method none)."""
    fit = [f"fit m x y method=none steps={fitted_steps}"] if fitted_steps else []
    script = "\n".join([
        "x = linspace(-1, 1, 15)", "y = sin(3*x) + 0.15*randn(15, 1, seed=2)",
        "xt = linspace(-1, 1, 201)", "yt = sin(3*xt)",
        "m = mlp(hidden=[256 256], act=relu, seed=1)", *fit,
        *[f'save {v} "{directory}/{v}.npy"' for v in ("x", "y", "xt", "yt")],
        f'save m "{directory}/m.safetensors"',
    ]) + "\n"
    subprocess.run([liplab], input=script, text=True, check=True, capture_output=True)
    data = [torch.from_numpy(np.load(f"{directory}/{v}.npy")).reshape(-1, 1) for v in ("x", "y", "xt", "yt")]
    with safe_open(f"{directory}/m.safetensors", framework="pt") as f:
        modules = f.metadata()["liplab.modules"]
    return data, load_file(f"{directory}/m.safetensors"), modules


def network(state, modules):
    assert modules == "Linear(1, 256); ReLU(); Linear(256, 256); ReLU(); Linear(256, 1)", modules
    net = torch.nn.Sequential(
        torch.nn.Linear(1, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1))
    net.load_state_dict(state, strict=True)
    return net


def fit(state, modules, x, y, method, steps, lam=1e-3):
    net = network(state, modules)
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    generator = torch.Generator().manual_seed(0)
    us = [torch.randn(l.weight.shape[0], generator=generator) for l in linears]
    us = [u / u.norm() for u in us]
    start = time.perf_counter()
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        loss = torch.mean((net(x) - y) ** 2)
        if method == "specreg":
            penalty = 0.0
            for i, layer in enumerate(linears):
                with torch.no_grad():
                    v = layer.weight.t() @ us[i]
                    v = v / v.norm()
                    u = layer.weight @ v
                    us[i] = u / u.norm()
                penalty = penalty + (us[i] @ layer.weight @ v) ** 2
            loss = loss + lam / 2 * penalty
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start, net


def lipschitz_grid(net, count=200001):
    with torch.no_grad():
        t = torch.linspace(-1.01, 1.01, count).reshape(-1, 1)
        f = net(t).reshape(-1)
        return float(((f[1:] - f[:-1]).abs() / (t[1, 0] - t[0, 0])).max())


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--liplab", default=os.path.join(root, ".build", "release", "liplab"))
    parser.add_argument("--bench", default=os.path.join(root, ".build", "release", "liplab-bench"))
    parser.add_argument("--steps", type=int, default=6000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--check", type=int, metavar="STEPS", default=0,
                        help="instead of timing: fit STEPS steps in both from the same start and compare the weights")
    opts = parser.parse_args()
    if opts.check:
        with tempfile.TemporaryDirectory(prefix="liplab-fit-") as tmp:
            (x, y, _, _), state, modules = liplab_start(opts.liplab, tmp)
            _, fitted, _ = liplab_start(opts.liplab, tmp, fitted_steps=opts.check)
        _, net = fit(state, modules, x, y, "none", opts.check)
        worst = max(float((p - fitted[k]).abs().max() / fitted[k].abs().max()) for k, p in net.state_dict().items())
        print(f"after {opts.check} Adam steps of method none: largest relative difference of the weights {worst:.2e}")
        return 0 if worst < 1e-9 else 1
    with tempfile.TemporaryDirectory(prefix="liplab-fit-") as tmp:
        (x, y, xt, yt), state, modules = liplab_start(opts.liplab, tmp)
    medians = {}
    for method in ("none", "specreg"):
        times = []
        for _ in range(opts.repetitions):
            seconds, net = fit(state, modules, x, y, method, opts.steps)
            times.append(seconds)
        with torch.no_grad():
            train, test = float(torch.mean((net(x) - y) ** 2)), float(torch.mean((net(xt) - yt) ** 2))
        medians[method] = statistics.median(times)
        line = {"case": "fit", "impl": "torch", "method": method, "lambda": 1e-3 if method == "specreg" else None,
                "steps": opts.steps, "median_s": medians[method], "min_s": min(times), "reps": len(times), "train_mse": train, "test_mse": test,
                "lipschitz_grid": lipschitz_grid(net)}
        print(f"torch   {method:8} {medians[method]:6.2f} s  train MSE {train:.4g}  test MSE {test:.4g}  "
              f"grid slope {line['lipschitz_grid']:.4g}")
        print(json.dumps(line))
    if os.path.exists(opts.bench):
        out = subprocess.run([opts.bench, "fit", "--steps", str(opts.steps), "--repetitions", str(opts.repetitions)],
                             capture_output=True, text=True, check=True).stdout
        for row in (json.loads(l) for l in out.splitlines() if l.startswith("{")):
            ratio = medians[row["method"]] / row["median_s"]
            print(f"liplab  {row['method']:8} {row['median_s']:6.2f} s  train MSE {row['train_mse']:.4g}  "
                  f"test MSE {row['test_mse']:.4g}  ‖f‖_L {row['lipschitz']:.4g}   torch/liplab time {ratio:.2f}×")
    else:
        print(f"fit_torch: {opts.bench} not built; liplab not timed")


if __name__ == "__main__":
    sys.exit(main())
