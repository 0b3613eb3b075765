"""PyTorch CPU reference for liplab's critic training benchmark.

The configuration of liplab's Benchmarks/Swift/CriticBenchmark.swift: critic 1→64→64→1 with
LeakyReLU(0.2), float64, batch 256, single thread, real N(0, 1) against fake N(2, 0.5), for
wgan-gp (λ = 10, Adam 1e-4, β = (0.5, 0.9), random interpolates, create_graph=True), sn
(torch.nn.utils.spectral_norm on every layer, WGAN loss, Adam 1e-4, β = (0.5, 0.9)) and wgan-clip
(RMSprop 5e-5, parameters clamped to ±0.01). Prints steps/s (median of repetitions) and GFLOP/s
with the same operation count as the Swift benchmark, as a readable line and as a JSON line
({"case": "critic_train", "impl": "torch", ...}) for Benchmarks/run.py.

Usage: python3 Benchmarks/critics_torch.py [--steps 2000] [--repetitions 3]
"""

import argparse
import json
import time

import torch
from torch import nn


def critic(method):
    layers = [nn.Linear(1, 64), nn.Linear(64, 64), nn.Linear(64, 1)]
    if method == "sn":
        layers = [nn.utils.spectral_norm(layer) for layer in layers]
    return nn.Sequential(
        layers[0], nn.LeakyReLU(0.2), layers[1], nn.LeakyReLU(0.2), layers[2]
    ).double()


def flops_per_step(method, h=64, batch=256):
    """The Swift benchmark's count: 6 h×h products per step, 4 more for the gradient penalty."""
    products = 6 + (4 if method == "wgan-gp" else 0)
    return products * 2.0 * batch * h * h


def train(method, steps, batch=256):
    torch.manual_seed(0)
    f = critic(method)
    if method == "wgan-clip":
        opt = torch.optim.RMSprop(f.parameters(), lr=5e-5)
    else:
        opt = torch.optim.Adam(f.parameters(), lr=1e-4, betas=(0.5, 0.9))
    real = torch.empty(batch, 1, dtype=torch.float64)
    fake = torch.empty(batch, 1, dtype=torch.float64)
    start = time.perf_counter()
    for _ in range(steps):
        real.normal_(0.0, 1.0)
        fake.normal_(2.0, 0.5)
        opt.zero_grad(set_to_none=True)
        loss = f(fake).mean() - f(real).mean()
        if method == "wgan-gp":
            eps = torch.rand(batch, 1, dtype=torch.float64)
            xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
            (g,) = torch.autograd.grad(f(xhat).sum(), xhat, create_graph=True)
            loss = loss + 10.0 * ((g.abs() - 1) ** 2).mean()
        loss.backward()
        opt.step()
        if method == "wgan-clip":
            with torch.no_grad():
                for p in f.parameters():
                    p.clamp_(-0.01, 0.01)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(
        f"torch {torch.__version__} critic 1→64→64→1 leaky(0.2), batch 256, float64, "
        f"{args.steps} steps, 1 thread"
    )
    for method in ["wgan-gp", "sn", "wgan-clip"]:
        times = sorted(train(method, args.steps) for _ in range(args.repetitions))
        seconds = times[len(times) // 2]
        rate = args.steps / seconds
        gflops = flops_per_step(method) * rate / 1e9
        print(
            f"  {method:<9} {rate:.1f} steps/s  {gflops:.2f} GFLOP/s  "
            f"({flops_per_step(method) / 1e6:.1f} MFLOP/step)"
        )
        print(json.dumps({
            "case": "critic_train", "impl": "torch", "method": method, "steps": args.steps,
            "median_s": seconds, "min_s": times[0], "reps": len(times),
            "steps_per_s": rate, "gflops": gflops,
            "mflop_per_step": flops_per_step(method) / 1e6,
        }), flush=True)


if __name__ == "__main__":
    main()
