#!/usr/bin/env python3
"""Check that PyTorch loads liplab's saved networks and computes the same function.

    python3 Benchmarks/check_safetensors.py [LIPLAB]          (`make check-safetensors`)

Runs LIPLAB (default .build/debug/liplab) on a script that makes and trains critics and
regression models of every kind liplab has (relu, leaky and tanh activations; BatchNorm and
LayerNorm layers; spectral normalization; a fitted mlp), saves each with `save c "c.safetensors"`
and its values at fixed points (`save v "values.npy"`). Then, for each file: reads it with the
reference reader (`safetensors.torch.load_file`), builds the `torch.nn.Sequential` its
`liplab.modules` metadata names, `load_state_dict(strict=True)`, and compares the module's
outputs in evaluation mode (float64) with liplab's. Prints one line per network; exits 1 on the
first mismatch, 0 when all agree, and 0 with a note when torch or safetensors is missing
(`pip install torch safetensors numpy`).
"""

import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import torch
    import numpy
    from safetensors import safe_open
    from safetensors.torch import load_file
except ImportError:
    print("check_safetensors: torch or safetensors is not installed (pip install torch safetensors); nothing checked")
    sys.exit(0)

# Each network: its definition and the statements that train it.
NETWORKS = {
    "relu": ("critic(hidden=[16 16], act=relu, seed=1)", "train c method=wgan-gp steps=100 batch=64 lr=1e-3"),
    "leaky": ("critic(hidden=[8 8 8], seed=2)", "train c method=wgan-clip steps=100 batch=64"),
    "tanh": ("critic(hidden=[12], act=tanh, seed=3)", "train c method=wgan-lp steps=100 batch=64 lr=1e-3"),
    "sn": ("critic(hidden=[16 16], act=relu, seed=4)", "train c method=sn steps=100 batch=64 lr=1e-3"),
    "batchnorm": ("critic(hidden=[16 16], act=relu, norm=batch, seed=5)", "train c method=wgan-gp steps=100 batch=64 lr=1e-3"),
    "layernorm": ("critic(hidden=[16 16], norm=layer, seed=6)", "train c method=wgan-lp steps=100 batch=64 lr=1e-3"),
    "mlp": (
        "mlp(hidden=[32 32], act=relu, seed=7)",
        "x = linspace(-1, 1, 15)\ny = sin(3*x) + 0.15*randn(15, 1, seed=2)\nfit c x y method=specreg lambda=1e-3 steps=300",
    ),
}
POINTS = [-3.0 + 0.125 * i for i in range(49)]


def module(spec: str) -> torch.nn.Module:
    name, arguments = re.fullmatch(r"(\w+)\((.*)\)", spec).groups()
    values = [float(a) if "." in a or "e" in a else int(a) for a in arguments.split(", ") if a]
    if name == "Linear":
        return torch.nn.Linear(*values)
    if name == "BatchNorm1d":
        return torch.nn.BatchNorm1d(*values)
    if name == "LayerNorm":
        return torch.nn.LayerNorm(*values)
    if name == "ReLU":
        return torch.nn.ReLU()
    if name == "LeakyReLU":
        return torch.nn.LeakyReLU(*values)
    if name == "Tanh":
        return torch.nn.Tanh()
    raise ValueError(f"unknown module {spec}")


def main() -> int:
    liplab = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/liplab"
    points = "[" + " ".join(repr(p) for p in POINTS) + "]"
    with tempfile.TemporaryDirectory() as out:
        directory = pathlib.Path(out)
        script = [f"P = {points}"]
        for name, (definition, training) in NETWORKS.items():
            script += [
                f"c = {definition}", training, f'save c "{directory / name}.safetensors"',
                "v = c(P)", f'save v "{directory / name}-values.npy"']
        subprocess.run([liplab], input="\n".join(script) + "\n", text=True, capture_output=True, check=True)
        for name in NETWORKS:
            expected = torch.from_numpy(numpy.load(directory / f"{name}-values.npy")).reshape(-1)
            path = str(directory / f"{name}.safetensors")
            tensors = load_file(path)
            with safe_open(path, framework="pt") as f:
                metadata = f.metadata()
            network = torch.nn.Sequential(*[module(s) for s in metadata["liplab.modules"].split("; ")]).double()
            network.load_state_dict(tensors, strict=True)
            network.eval()
            with torch.no_grad():
                found = network(torch.tensor(POINTS, dtype=torch.float64).reshape(-1, 1)).reshape(-1)
            error = float((found - expected).abs().max() / expected.abs().max().clamp(min=1e-300))
            status = "ok  " if error < 1e-12 else "FAIL"
            print(f"{status} {name:10} {metadata['liplab.architecture']:36} max relative difference {error:.1e}")
            if error >= 1e-12:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
