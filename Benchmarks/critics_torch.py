"""PyTorch CPU reference for liplab's critic training benchmark.

The configuration of liplab's Benchmarks/Swift/CriticBenchmark.swift: critic 1→64→64→1 with
LeakyReLU(0.2), float64, batch 256, single thread, real N(0, 1) against fake N(2, 0.5), for
wgan-gp (λ = 10, Adam 1e-4, β = (0.5, 0.9), random interpolates, create_graph=True), sn
(torch.nn.utils.spectral_norm on every layer, WGAN loss, Adam 1e-4, β = (0.5, 0.9)) and wgan-clip
(RMSprop 5e-5, parameters clamped to ±0.01). Real and fake batches go through the critic in one
forward call, so spectral_norm takes one power step per training step, as liplab does. Prints steps/s (median wall time of repetitions; the JSON line adds the median in process CPU
time, which other processes sharing the cores disturb less) and GFLOP/s
with the same operation count as the Swift benchmark, as a readable line and as a JSON line
({"case": "critic_train", "impl": "torch", ...}) for Benchmarks/run.py.

Usage: python3 Benchmarks/critics_torch.py [--steps 2000] [--repetitions 3]
       python3 Benchmarks/critics_torch.py --check [--bench .build/release/liplab-bench]

--check replays, for every method, the training trace `liplab-bench critics --trace METHOD`
prints (initial weights, every batch, every loss, the final weights of a 1→8→8→1 leaky critic)
in PyTorch with the same weights and batches, PyTorch's optimisers, autograd (create_graph for
the penalties) and torch.nn.utils.spectral_norm, and reports the largest relative difference of
the losses and of the final parameters.
"""

import argparse
import json
import os
import subprocess
import sys
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
    """The Swift benchmark's count (Trainer.multiplyAddsPerStep × 2, pinned by a Swift test):
    per real or fake pass, forward 1→h, h→h, h→1 and backward ∂W3, ∂A2, ∂W2, ∂A1, ∂W1; the
    penalty adds the interpolates' values through 1→h→h, their tangent through all layers and
    the backward pass of the tangent products. 12.9 MFLOP for clip and sn, 21.5 for wgan-gp."""
    one_pass = batch * (h + h * h + h) + batch * (h + h + h * h + h * h + h)
    macs = 2 * one_pass
    if method == "wgan-gp":
        macs += batch * (h + h * h) + batch * (h + h * h + h) + batch * (3 * h + 2 * h * h)
    return 2.0 * macs


def train(method, steps, batch=256):
    torch.manual_seed(0)
    f = critic(method)
    if method == "wgan-clip":
        opt = torch.optim.RMSprop(f.parameters(), lr=5e-5)
    else:
        opt = torch.optim.Adam(f.parameters(), lr=1e-4, betas=(0.5, 0.9))
    real = torch.empty(batch, 1, dtype=torch.float64)
    fake = torch.empty(batch, 1, dtype=torch.float64)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        real.normal_(0.0, 1.0)
        fake.normal_(2.0, 0.5)
        opt.zero_grad(set_to_none=True)
        # Real and fake in one forward call (one spectral_norm power step per training step).
        fr, fg = f(torch.cat([real, fake])).split(batch)
        loss = fg.mean() - fr.mean()
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
    return time.perf_counter() - start, time.process_time() - cpu


METHODS = ["wgan-clip", "wgan-gp", "wgan-lp", "sn", "specreg", "l2", "lsgan", "gan-qp", "wgan",
           "gan"]


def replay(trace):
    """Trains in PyTorch from the trace's weights and batches; returns (losses, final layers)."""
    method, slope = trace["method"], trace["slope"]
    t = lambda x: torch.tensor(x, dtype=torch.float64)
    linears = []
    for layer in trace["initial"]:
        w = t(layer["weight"])
        lin = nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(t(layer["bias"]))
        linears.append(lin)
    if method == "sn":
        for k, lin in enumerate(linears):
            linears[k] = nn.utils.spectral_norm(lin)
            with torch.no_grad():
                linears[k].weight_u.copy_(t(trace["u"][k]))
                linears[k].weight_v.copy_(t(trace["v"][k]))
    f = nn.Sequential(linears[0], nn.LeakyReLU(slope), linears[1], nn.LeakyReLU(slope), linears[2])
    raw = [lin.weight_orig if method == "sn" else lin.weight for lin in linears]
    params = raw + [lin.bias for lin in linears]
    o = trace["optimizer"]
    if o["kind"] == "adam":
        opt = torch.optim.Adam(params, lr=o["lr"], betas=tuple(o["betas"]), eps=o["eps"])
    elif o["kind"] == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=o["lr"], alpha=o["alpha"], eps=o["eps"])
    else:
        opt = torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"])
    u = [t(x) for x in trace["u"]]
    v = [t(x) for x in trace["v"]]
    lam, losses = trace["lambda"], []
    for batch in trace["batches"]:
        xr, xg = t(batch["real"]).reshape(-1, 1), t(batch["fake"]).reshape(-1, 1)
        opt.zero_grad(set_to_none=True)
        if method == "specreg":  # one power step per layer, as spectral_norm does
            with torch.no_grad():
                for k, w in enumerate(raw):
                    v[k] = nn.functional.normalize(w.t() @ u[k], dim=0, eps=1e-12)
                    u[k] = nn.functional.normalize(w @ v[k], dim=0, eps=1e-12)
        # One forward call on both batches: spectral_norm's hook runs one power step per call,
        # and liplab (like Miyato et al.) takes one power step per training step.
        fr, fg = f(torch.cat([xr, xg])).split(len(xr))
        wass = fg.mean() - fr.mean()
        if method in ("wgan-clip", "sn", "wgan"):
            loss = wass
        elif method in ("wgan-gp", "wgan-lp"):
            eps = t(batch["eps"]).reshape(-1, 1)
            xhat = (eps * xr + (1 - eps) * xg).requires_grad_(True)
            (g,) = torch.autograd.grad(f(xhat).sum(), xhat, create_graph=True)
            excess = g.abs() - 1
            if method == "wgan-lp":
                excess = torch.relu(excess)
            loss = wass + lam * (excess ** 2).mean()
        elif method == "specreg":
            loss = wass + lam / 2 * sum((u[k] @ w @ v[k]) ** 2 for k, w in enumerate(raw))
        elif method == "l2":
            loss = wass + lam * sum((w ** 2).sum() for w in raw)
        elif method == "lsgan":
            hinge = torch.relu((xr - xg).abs() - fr + fg)
            loss = -trace["gamma"] * fr.mean() + lam * hinge.mean()
        elif method == "gan-qp":
            d = fr - fg
            loss = -d.mean() + (d ** 2 / (2 * lam * (xr - xg).abs())).mean()
        else:  # gan
            loss = nn.functional.softplus(-fr).mean() + nn.functional.softplus(fg).mean()
        losses.append(loss.item())
        loss.backward()
        opt.step()
        if method == "wgan-clip":
            with torch.no_grad():
                for p in params:
                    p.clamp_(-trace["clip"], trace["clip"])
    final = [(w.detach(), lin.bias.detach()) for w, lin in zip(raw, linears)]
    return losses, final


def check(bench, steps):
    """Replays every method's trace; True when losses agree to 1e-9 and parameters to 1e-8."""
    ok = True
    print(f"critic traces: 1→8→8→1 leaky(0.2), batch 16, lr 0.01, {steps} steps, liplab vs torch")
    for method in METHODS:
        out = subprocess.run([bench, "critics", "--trace", method, "--steps", str(steps)],
                             capture_output=True, text=True)
        line = next((x for x in out.stdout.splitlines() if x.startswith("{")), None)
        if line is None:
            print(f"  {method:<9} no trace from {bench}: {out.stdout.strip()} {out.stderr.strip()}")
            ok = False
            continue
        trace = json.loads(line)
        losses, final = replay(trace)
        ref = torch.tensor(trace["losses"], dtype=torch.float64)
        got = torch.tensor(losses, dtype=torch.float64)
        loss_err = ((ref - got).abs() / ref.abs().clamp(min=1e-3)).max().item()
        param_err = 0.0
        for (w, b), layer in zip(final, trace["final"]):
            for mine, theirs in ((w, layer["weight"]), (b, layer["bias"])):
                theirs = torch.tensor(theirs, dtype=torch.float64)
                err = ((mine - theirs).abs().max() / theirs.abs().max().clamp(min=1e-12)).item()
                param_err = max(param_err, err)
        # Rounding differs (summation order, fused multiply-adds); Adam divides by √v, which
        # amplifies it where gradients are small, hence the looser bound on the parameters.
        agree = loss_err < 1e-9 and param_err < 1e-8
        ok = ok and agree
        print(f"  {method:<9} losses {loss_err:.1e}  parameters {param_err:.1e}  "
              f"{'agree' if agree else 'DIFFER'}")
        print(json.dumps({"case": "critic_check", "impl": "torch", "method": method,
                          "loss_rel_err": loss_err, "param_rel_err": param_err}), flush=True)
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--check", action="store_true",
                        help="replay liplab's training traces in PyTorch and compare")
    parser.add_argument("--bench", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "liplab-bench"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.check:
        sys.exit(0 if check(args.bench, 30) else 1)
    print(
        f"torch {torch.__version__} critic 1→64→64→1 leaky(0.2), batch 256, float64, "
        f"{args.steps} steps, 1 thread"
    )
    for method in ["wgan-gp", "sn", "wgan-clip"]:
        runs = [train(method, args.steps) for _ in range(args.repetitions)]
        times = sorted(wall for wall, _ in runs)
        cpu_seconds = sorted(cpu for _, cpu in runs)[len(runs) // 2]
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
            "cpu_median_s": cpu_seconds, "cpu_steps_per_s": args.steps / cpu_seconds,
        }), flush=True)


if __name__ == "__main__":
    main()
