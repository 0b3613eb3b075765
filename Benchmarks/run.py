#!/usr/bin/env python3
"""liplab benchmarks against NumPy/SciPy (and PyTorch for the critics), one command: `make bench`.

Runs liplab-bench (JSON lines on stdout), times NumPy and SciPy on exactly the same matrices
(liplab-bench writes them as .npy files to a temporary directory), single-threaded, several
repetitions, medians, and prints one table per topic with the ratios and the issue-4 targets.
Raw results go to Benchmarks/results/<time>.jsonl.

    python3 Benchmarks/run.py [--bench PATH] [--liplab PATH] [--only kernels,spectral,...]

NumPy and SciPy are installed with pip into Benchmarks/.venv when they are not importable.
Critics: when `liplab-bench list` names `critics`, its JSON lines are shown; when torch imports
and Benchmarks/critics_torch.py exists it is run too. Both print lines like
  {"case": "critic_train", "impl": "liplab"|"torch", "method": "wgan-gp", "steps_per_s": …,
   "gflops": …}
and the table pairs them by method.
Fit: `liplab-bench fit` times the supervised reference (15 noisy points of sin(3x), a
1→256→256→1 ReLU network, 6000 full-batch Adam steps, float64) for method none and for specreg
at λ = 1e-3, and reports the fitted model's errors and Lipschitz constant beside the time.
Network: `load` and `layers` on a GPT-2-small-shaped safetensors file against NumPy/SciPy
building the same table (Benchmarks/network_layers.py): wall time and peak memory.
"""

import os

# Single-threaded BLAS: must be set before NumPy is imported.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
            "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "Benchmarks", ".venv")


def ensure_numpy_scipy():
    """Imports NumPy and SciPy, installing them into Benchmarks/.venv and re-running if needed."""
    try:
        import numpy  # noqa: F401
        import scipy.sparse.linalg  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("LIPLAB_BENCH_IN_VENV"):
        sys.exit("run.py: numpy/scipy still missing inside Benchmarks/.venv")
    print("run.py: installing numpy and scipy into Benchmarks/.venv", flush=True)
    python = os.path.join(VENV, "bin", "python3")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "-q", "numpy", "scipy"])
    os.environ["LIPLAB_BENCH_IN_VENV"] = "1"
    os.execv(python, [python] + sys.argv)


ensure_numpy_scipy()
import numpy as np  # noqa: E402
import scipy.sparse.linalg as sla  # noqa: E402

SHAPES = [(256, 256), (1024, 1024), (2048, 2048), (4096, 4096), (4096, 1024)]
KINDS = ["gauss", "hard"]


def measure(fn, min_reps=5, min_time=0.25, max_reps=500):
    """Per-call seconds of fn(): one warm-up, then at least min_reps calls and min_time seconds."""
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or (time.perf_counter() - start < min_time and len(times) < max_reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def measure_interleaved(fns, min_reps=7, min_time=0.6, max_reps=500):
    """Per-call seconds of several functions called round-robin (after one warm-up each), so
    that a burst of load from other processes hits all of them alike."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    start = time.perf_counter()
    while len(times[0]) < min_reps or (time.perf_counter() - start < min_time and len(times[0]) < max_reps):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return times


def record(results, case, times, **fields):
    r = {"case": case, "impl": fields.pop("impl", "numpy"), **fields,
         "median_s": statistics.median(times), "min_s": min(times), "reps": len(times)}
    results.append(r)
    return r


def run_bench(bench, args, results):
    """Runs liplab-bench with args, collecting its JSON lines; other lines are echoed."""
    proc = subprocess.run([bench] + args, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            results.append(json.loads(line))
        elif line.strip():
            print("  liplab-bench:", line)
    if proc.returncode != 0:
        print(f"  liplab-bench {' '.join(args)} exited with {proc.returncode}: {proc.stderr.strip()}")


# ---------------------------------------------------------------------------------------------
# NumPy / SciPy side


def numpy_matrix_vector(path, kind, m, n, results):
    w = np.load(path)
    bytes_ = 8.0 * m * n
    state = {"v": np.full(n, 1 / np.sqrt(n)), "u": w @ np.full(n, 1 / np.sqrt(n))}

    def step():
        y = w.T @ (w @ state["v"])
        state["v"] = y / np.linalg.norm(y)

    cases = [("stream_sum", lambda: w.sum()), ("gemv", lambda: w @ state["v"]),
             ("gemv_t", lambda: w.T @ state["u"]), ("power_step", step)]
    times = measure_interleaved([fn for _, fn in cases])
    for (case, _), t in zip(cases, times):
        extra = {"threads": 1} if case == "power_step" else {"gbps": bytes_ / statistics.median(t) / 1e9}
        record(results, case, t, matrix=kind, m=m, n=n, **extra)
    return w


def numpy_sigma(w, kind, m, n, results):
    reps = 2 if m * n >= 4096 * 1024 else 3
    sv = {}

    def svds():
        sv["s"] = sla.svds(w, k=1, return_singular_vectors=False)[0]

    t = measure(svds, min_reps=reps, min_time=0)
    record(results, "sigma1_svds", t, matrix=kind, m=m, n=n, sigma=float(sv["s"]))
    if max(m, n) <= 1024:
        t = measure(lambda: sv.__setitem__("n", np.linalg.norm(w, 2)), min_reps=reps, min_time=0)
        record(results, "sigma1_norm2", t, matrix=kind, m=m, n=n, sigma=float(sv["n"]))


def numpy_gemm(results):
    cases = [("nn", False, False, 256, 64, 64), ("nt", False, True, 256, 64, 64),
             ("tn", True, False, 64, 64, 256), ("nn", False, False, 256, 256, 256),
             ("nn", False, False, 1024, 1024, 1024), ("nn", False, False, 2048, 2048, 2048)]
    rng = np.random.default_rng(0)
    for variant, ta, tb, m, n, k in cases:
        a = rng.standard_normal((k, m) if ta else (m, k))
        b = rng.standard_normal((n, k) if tb else (k, n))
        c = np.empty((m, n))
        aa = a.T if ta else a
        bb = b.T if tb else b
        t = measure(lambda: np.matmul(aa, bb, out=c), min_time=0.3)
        record(results, "gemm", t, variant=variant, m=m, n=n, k=k,
               gflops=2.0 * m * n * k / statistics.median(t) / 1e9)


def numpy_svd(path, results):
    w = np.load(path)
    t = measure(lambda: np.linalg.svd(w), min_time=0.5)
    record(results, "svd", t, matrix="gauss", m=w.shape[0], n=w.shape[1])
    t = measure(lambda: np.linalg.svd(w, compute_uv=False), min_time=0.5)
    record(results, "singular_values", t, matrix="gauss", m=w.shape[0], n=w.shape[1])


SVD_VALUE_SHAPES = [(256, 256), (1024, 1024), (768, 3072), (2048, 2048), (4096, 1024)]
SVD_VECTOR_SHAPES = [(256, 256), (1024, 1024)]


def numpy_svd_shapes(path, m, n, results):
    """The issue-11 SVD cases on liplab's matrix: svd(compute_uv=False), and the thin SVD on
    the vector shapes."""
    w = np.load(path)
    large = m * n >= 1 << 20
    reps, min_time = (3, 0) if large else (7, 1)
    t = measure(lambda: np.linalg.svd(w, compute_uv=False), min_reps=reps, min_time=min_time)
    record(results, "svd_values", t, matrix="gauss", m=m, n=n, threads=1)
    if (m, n) in SVD_VECTOR_SHAPES:
        t = measure(lambda: np.linalg.svd(w, full_matrices=False), min_reps=reps, min_time=min_time)
        record(results, "svd_vectors", t, matrix="gauss", m=m, n=n, threads=1)


def norms_statement(liplab, results):
    """`norms W` on a 2048² Gaussian as a whole statement: the process with the statement minus
    the process that only builds W."""
    setup = [liplab, "-e", "W = randn(2048, 2048, seed=1)"]
    full = setup + ["-e", "norms W"]
    if not os.path.exists(liplab):
        print(f"  norms: {liplab} not built")
        return
    base = measure(lambda: subprocess.run(setup, capture_output=True), min_reps=3, min_time=0)
    whole = measure(lambda: subprocess.run(full, capture_output=True), min_reps=3, min_time=0)
    record(results, "norms_statement", whole, impl="liplab", setup_s=statistics.median(base))


def startup(liplab, results):
    """Process start to exit: liplab -e 'norm2(eye(3))' against python3 -c 'import numpy'."""
    commands = {"liplab": [liplab, "-e", "norm2(eye(3))"],
                "numpy": [sys.executable, "-c", "import numpy"]}
    for impl, cmd in commands.items():
        if not os.path.exists(cmd[0]):
            print(f"  startup: {cmd[0]} not built")
            continue
        probe = subprocess.run(cmd, capture_output=True, text=True)
        if probe.returncode != 0:
            print(f"  startup: {' '.join(cmd)} exits with {probe.returncode}: "
                  f"{(probe.stdout + probe.stderr).strip()[:200]}")
        if shutil.which("hyperfine"):
            out = os.path.join(tempfile.gettempdir(), "liplab-hyperfine.json")
            subprocess.run(["hyperfine", "-N", "-w", "3", "-r", "30", "--export-json", out,
                            " ".join(repr(c) if " " in c else c for c in cmd)],
                           capture_output=True)
            with open(out) as f:
                times = json.load(f)["results"][0]["times"]
        else:
            times = measure(lambda: subprocess.run(cmd, capture_output=True), min_reps=20,
                            min_time=0.5, max_reps=50)
        record(results, "startup", times, impl=impl, status=probe.returncode,
               output=probe.stdout.strip()[:60])


def listed(bench):
    """The subcommands `liplab-bench list` names."""
    return subprocess.run([bench, "list"], capture_output=True, text=True).stdout.split()


def critics(bench, results):
    if "critics" in listed(bench):
        run_bench(bench, ["critics"], results)
    else:
        print("  critics: liplab-bench has no 'critics' subcommand yet")
    script = os.path.join(ROOT, "Benchmarks", "critics_torch.py")
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
    if not os.path.exists(script):
        print("  critics: Benchmarks/critics_torch.py not present")
    elif not have_torch:
        print("  critics: torch is not importable (pip install torch to compare)")
    else:
        proc = subprocess.run([sys.executable, script], capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                results.append(json.loads(line))


def fit(bench, liplab, results):
    if "fit" in listed(bench):
        run_bench(bench, ["fit"], results)
    else:
        print("  fit: liplab-bench has no 'fit' subcommand")
        return
    try:
        import torch  # noqa: F401
        import safetensors  # noqa: F401
    except ImportError:
        print("  fit: torch or safetensors is not importable (pip install torch safetensors to compare)")
        return
    # PyTorch from liplab's own initial weights (saved as a state dict); its liplab-bench run is
    # not repeated here.
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "fit_torch.py"), "--liplab", liplab,
                           "--bench", "/nonexistent"], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            results.append(json.loads(line))


# ---------------------------------------------------------------------------------------------
# Tables


def pool(results):
    """Merges repeated results of the same measurement: the median of the medians (and of the
    derived rates), the smallest minimum, the total number of repetitions."""
    groups = {}
    for r in results:
        key = tuple(sorted((k, v) for k, v in r.items()
                           if k not in ("median_s", "min_s", "reps", "gbps", "gflops", "sigma",
                                        "matvecs", "iterations", "converged", "error", "times")))
        groups.setdefault(key, []).append(r)
    pooled = []
    for rs in groups.values():
        r = dict(rs[0])
        for k in ("median_s", "gbps", "gflops", "sigma", "matvecs", "iterations", "steps_per_s"):
            if k in r and all(isinstance(x.get(k), (int, float)) for x in rs):
                r[k] = statistics.median(x[k] for x in rs)
        r["min_s"] = min(x["min_s"] for x in rs)
        r["reps"] = sum(x["reps"] for x in rs)
        pooled.append(r)
    return pooled


def find(results, case, impl, **fields):
    for r in results:
        if r["case"] == case and r["impl"] == impl and all(r.get(k) == v for k, v in fields.items()):
            return r
    return None


def fmt_time(s):
    if s is None:
        return "—"
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else (f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s")


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "—"


def table(title, header, rows):
    print(f"\n{title}")
    if not rows:
        print("  (no results)")
        return
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else []
    line = lambda cells: "  " + "  ".join(str(c).rjust(w) for c, w in zip(cells, widths))  # noqa: E731
    print(line(header))
    print("  " + "  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def med(r):
    return r["median_s"] if r else None


def print_tables(results, targets):
    rows = []
    for (m, n) in SHAPES:
        for kind in KINDS:
            key = dict(matrix=kind, m=m, n=n)
            s = find(results, "stream_sum", "liplab", **key)
            g = find(results, "gemv", "liplab", **key)
            gt = find(results, "gemv_t", "liplab", **key)
            ng = find(results, "gemv", "numpy", **key)
            ns = find(results, "stream_sum", "numpy", **key)
            if not s:
                continue
            rows.append([f"{m}×{n}", kind, f"{s['gbps']:.1f}", f"{g['gbps']:.1f}",
                         f"{100 * g['gbps'] / s['gbps']:.0f}%", f"{gt['gbps']:.1f}",
                         f"{ng['gbps']:.1f}" if ng else "—", f"{ns['gbps']:.1f}" if ns else "—"])
            if (m, n) == (4096, 4096):
                targets.append((f"gemv ≥ 90% of streaming read, {kind} 4096²",
                                g["gbps"] / s["gbps"] >= 0.9, f"{100 * g['gbps'] / s['gbps']:.0f}%"))
            f1 = find(results, "power_step", "liplab", threads=1, **key)
            if (m, n) in ((4096, 4096), (4096, 1024)):
                # Issue 11: every one-pass kernel ≥ 85% of the streaming read of the same run.
                rates = [("gemv", g["gbps"]), ("gemvᵀ", gt["gbps"])]
                if f1:
                    rates.append(("gramTimes (power step)", 8.0 * m * n / med(f1) / 1e9))
                for name, rate in rates:
                    targets.append((f"{name} ≥ 85% of streaming read, {kind} {m}×{n}",
                                    rate / s["gbps"] >= 0.85, f"{100 * rate / s['gbps']:.0f}%"))
    table("Matrix–vector bandwidth (GB/s, one thread; stream = liplab Kernels.sum over W)",
          ["shape", "matrix", "stream", "gemv", "gemv/stream", "gemvᵀ", "numpy W@v", "numpy W.sum"],
          rows)

    rows, scaling = [], []
    for (m, n) in SHAPES:
        for kind in KINDS:
            key = dict(matrix=kind, m=m, n=n)
            f1 = find(results, "power_step", "liplab", threads=1, **key)
            f2 = find(results, "power_step", "liplab", threads=2, **key)
            uv = find(results, "power_step_uv", "liplab", **key)
            npy = find(results, "power_step", "numpy", **key)
            if not f1:
                continue
            rows.append([f"{m}×{n}", kind, fmt_time(med(f1)), fmt_time(med(f2)), fmt_time(med(uv)),
                         fmt_time(med(npy)), ratio(med(f1), med(npy)), ratio(med(f2), med(npy))])
            if kind == "gauss":
                scaling.append([f"{m}×{n}", f"{med(f1) / (m * n) * 1e9:.3f}",
                                f"{med(f2) / (m * n) * 1e9:.3f}" if f2 else "—",
                                f"{med(npy) / (m * n) * 1e9:.3f}" if npy else "—"])
            if (m, n) == (4096, 4096) and npy:
                targets.append((f"power step ≤ 0.6× NumPy two-gemv, {kind} 4096²",
                                med(f1) <= 0.6 * med(npy), ratio(med(f1), med(npy))))
    table("Power step v ← WᵀWv/‖WᵀWv‖ (liplab fused one pass; NumPy W.T @ (W @ v))",
          ["shape", "matrix", "fused 1T", "fused 2T", "u–v form 1T", "numpy", "1T/numpy",
           "2T/numpy"], rows)
    table("Scaling: time per power step / (m·n), ns per entry (flat when memory-bound)",
          ["shape", "fused 1T", "fused 2T", "numpy"], scaling)

    rows = []
    for (m, n) in SHAPES:
        for kind in KINDS:
            key = dict(matrix=kind, m=m, n=n)
            lz = find(results, "sigma1_lanczos", "liplab", **key)
            sv = find(results, "sigma1_svds", "numpy", **key)
            n2 = find(results, "sigma1_norm2", "numpy", **key)
            if not (lz or sv):
                continue
            ref = sv["sigma"] if sv else None
            if kind == "hard":
                ref = 1.0  # exact by construction
            err = f"{abs(lz['sigma'] - ref) / ref:.1e}" if lz and ref else "—"
            rows.append([f"{m}×{n}", kind, fmt_time(med(lz)),
                         str(int(lz["matvecs"])) if lz else "—", err, fmt_time(med(sv)),
                         ratio(med(lz), med(sv)), fmt_time(med(n2))])
            if (m, n) == (4096, 4096):
                targets.append((f"σ₁ to 1e-10 ≤ 0.5× svds(k=1), {kind} 4096²",
                                bool(lz and sv and med(lz) <= 0.5 * med(sv)),
                                ratio(med(lz), med(sv)) if lz else "Lanczos not available"))
    table("σ₁ to 1e-10 (liplab Golub–Kahan–Lanczos; SciPy svds(k=1); NumPy norm(W, 2) for n ≤ 1024)",
          ["shape", "matrix", "lanczos", "W·x + Wᵀ·y", "rel. err", "svds", "lanczos/svds",
           "norm(W,2)"], rows)

    rows = []
    for case in ("svd", "singular_values"):
        ls = find(results, case, "liplab")
        ns = find(results, case, "numpy")
        if ls or ns:
            rows.append([case, fmt_time(med(ls)), fmt_time(med(ns)), ratio(med(ls), med(ns))])
            if case == "svd":
                targets.append(("SVD 256² ≤ 3× numpy.linalg.svd", bool(ls and med(ls) <= 3 * med(ns)),
                                ratio(med(ls), med(ns)) if ls else "Matrix.svd not available"))
    table("Exact SVD of a 256×256 Gaussian matrix (liplab svd()/singularValues(); NumPy svd)",
          ["call", "liplab", "numpy", "ratio"], rows)

    rows = []
    for case, shapes, limit in (("svd_values", SVD_VALUE_SHAPES, None),
                                ("svd_vectors", SVD_VECTOR_SHAPES, 2.0)):
        for (m, n) in shapes:
            ls = find(results, case, "liplab", m=m, n=n, threads=1)
            ns = find(results, case, "numpy", m=m, n=n, threads=1)
            if not (ls or ns):
                continue
            rows.append([case, f"{m}×{n}", fmt_time(med(ls)), fmt_time(med(ns)), ratio(med(ls), med(ns))])
            target = limit or (2.0 if (m, n) == (256, 256) else 1.5)
            targets.append((f"{case} {m}×{n} ≤ {target}× NumPy (one thread)",
                            bool(ls and ns and med(ls) <= target * med(ns)), ratio(med(ls), med(ns))))
    if rows:
        table("Fast SVD, one thread (liplab singularValues()/svd(); NumPy svd(compute_uv=False)/"
              "svd(full_matrices=False))", ["call", "shape", "liplab", "numpy", "ratio"], rows)
    r = find(results, "norms_statement", "liplab")
    if r:
        print(f"\n`norms W` on randn(2048, 2048): {fmt_time(med(r))} per process "
              f"({fmt_time(r['setup_s'])} of it building W)")
        targets.append(("norms W 2048² ≤ 2.5 s", med(r) - r["setup_s"] <= 2.5,
                        fmt_time(med(r) - r["setup_s"])))

    rows = []
    for r in results:
        if r["case"] == "gemm" and r["impl"] == "liplab":
            key = dict(variant=r["variant"], m=r["m"], n=r["n"], k=r["k"])
            npy = find(results, "gemm", "numpy", **key)
            rows.append([r["variant"], f"{int(r['m'])}×{int(r['n'])}×{int(r['k'])}",
                         f"{r['gflops']:.1f}", f"{npy['gflops']:.1f}" if npy else "—",
                         ratio(npy and med(npy), med(r)) if npy else "—"])
            shape = (r["variant"], int(r["m"]), int(r["n"]), int(r["k"]))
            if npy and shape in (("nn", 256, 64, 64), ("nn", 256, 256, 256),
                                 ("nn", 1024, 1024, 1024), ("nn", 2048, 2048, 2048)):
                targets.append((f"gemm {shape[1]}×{shape[2]}×{shape[3]} ≥ 0.9× OpenBLAS GFLOP/s",
                                r["gflops"] >= 0.9 * npy["gflops"],
                                f"{r['gflops'] / npy['gflops']:.2f}×"))
    table("Matrix product C = op(A)·op(B), GFLOP/s, one thread (speed-up = numpy time / liplab time)",
          ["op", "m×n×k", "liplab", "numpy", "speed-up"], rows)

    rows = []
    for impl in ("liplab", "numpy"):
        r = find(results, "startup", impl)
        if r:
            rows.append([impl, fmt_time(med(r)), fmt_time(r["min_s"]), r["status"], r["output"]])
    table("Process start-up to exit (liplab -e 'norm2(eye(3))'; python3 -c 'import numpy')",
          ["command", "median", "min", "exit", "output"], rows)
    ls, ns = find(results, "startup", "liplab"), find(results, "startup", "numpy")
    if ls and ls["status"] == 0:
        targets.append(("liplab -e start-up ≤ 20 ms and faster than import numpy",
                        med(ls) <= 0.02 and (not ns or med(ls) < med(ns)), fmt_time(med(ls))))

    rows = []
    for r in results:
        if r["case"] == "critic_train" and r["impl"] == "liplab":
            t = find(results, "critic_train", "torch", method=r["method"])
            rows.append([r["method"], f"{r['steps_per_s']:.0f}", f"{r.get('gflops', 0):.1f}",
                         f"{t['steps_per_s']:.0f}" if t else "—",
                         f"{t.get('gflops', 0):.1f}" if t else "—",
                         f"{r['steps_per_s'] / t['steps_per_s']:.2f}×" if t else "—"])
            if t:
                targets.append((f"critic training {r['method']} ≥ 3× PyTorch steps/s",
                                r["steps_per_s"] >= 3 * t["steps_per_s"],
                                f"{r['steps_per_s'] / t['steps_per_s']:.2f}×"))
    if rows:
        table("Critic training 1→64→64→1, batch 256, float64, one thread",
              ["method", "liplab steps/s", "GFLOP/s", "torch steps/s", "GFLOP/s", "speed-up"], rows)

    rows = []
    for r in results:
        if r["case"] == "fit" and r["impl"] == "liplab":
            lam = "—" if r.get("lambda") is None else f"{r['lambda']:g}"
            t = next((x for x in results if x["case"] == "fit" and x["impl"] == "torch"
                      and x["method"] == r["method"]), None)
            rows.append([r["method"], lam, fmt_time(med(r)), f"{r['train_mse']:.3g}",
                         f"{r['test_mse']:.3g}", f"{r['lipschitz']:.3g}",
                         f"{r['spectral_product']:.3g}",
                         fmt_time(med(t)) if t else "—", ratio(med(t), med(r)) if t else "—"])
            targets.append((f"fit {int(r['steps'])} steps {r['method']} ≤ 3 s", med(r) <= 3,
                            fmt_time(med(r))))
    if rows:
        table("Regression fit 1→256→256→1 relu, 15 points, 6000 Adam steps, float64, one thread",
              ["method", "λ", "time", "train MSE", "test MSE", "‖f‖_L", "Π‖W_l‖₂", "torch", "speed-up"], rows)

    print("\nTargets")
    for name, ok, value in targets:
        print(f"  [{'x' if ok else ' '}] {name}: {value}")


def cpu_name():
    """The CPU's model name with its family and model numbers (which tell Zen 4 from Zen 5,
    where the model name does not) and whether it has AVX-512."""
    if not os.path.exists("/proc/cpuinfo"):
        return platform.processor()
    fields = {}
    for line in open("/proc/cpuinfo"):
        if ":" in line:
            key, value = (part.strip() for part in line.split(":", 1))
            fields.setdefault(key, value)
        elif fields:
            break
    vector = "AVX-512" if "avx512f" in fields.get("flags", "").split() else \
        ("AVX2" if "avx2" in fields.get("flags", "").split() else "no AVX2")
    return (f"{fields.get('model name', platform.processor())} (family {fields.get('cpu family', '?')}, "
            f"model {fields.get('model', '?')}, {vector})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "liplab-bench"))
    parser.add_argument("--liplab", default=os.path.join(ROOT, ".build", "release", "liplab"))
    parser.add_argument("--rounds", type=int, default=4,
                        help="alternating liplab/NumPy rounds per shape (medians of medians)")
    parser.add_argument("--spectral-rounds", type=int, default=2,
                        help="how many of those rounds also time σ₁ (Lanczos, svds, norm)")
    parser.add_argument("--only", default="kernels,spectral,svd,gemm,startup,critics,fit,network",
                        help="comma-separated sections (kernels always runs)")
    opts = parser.parse_args()
    only = set(opts.only.split(","))
    if not os.path.exists(opts.bench):
        sys.exit(f"run.py: {opts.bench} not found; run `make bench` (or swift build -c release)")
    cpu = cpu_name()
    print(f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}; "
          f"NumPy {np.__version__}, SciPy {__import__('scipy').__version__}, one BLAS thread")
    results = []
    with tempfile.TemporaryDirectory(prefix="liplab-bench-") as tmp:
        # Shape by shape, liplab then NumPy on the same files, so that both see the same load;
        # `--rounds` rounds of that, and each result is the median of its rounds' medians.
        for (m, n) in SHAPES:
            shape = f"{m}x{n}"
            for rnd in range(opts.rounds):
                print(f"{m}×{n} round {rnd + 1}/{opts.rounds}: liplab …", end="", flush=True)
                run_bench(opts.bench, ["kernels", "--shape", shape, "--npy", tmp], results)
                spectral = "spectral" in only and rnd < opts.spectral_rounds
                if spectral:
                    run_bench(opts.bench, ["spectral", "--shape", shape], results)
                print(" numpy …", flush=True)
                for kind in KINDS:
                    path = os.path.join(tmp, f"{kind}_{shape}.npy")
                    w = numpy_matrix_vector(path, kind, m, n, results)
                    if spectral:
                        numpy_sigma(w, kind, m, n, results)
                    del w
            for kind in KINDS:
                if not (kind == "gauss" and (m, n) == (256, 256)):
                    os.remove(os.path.join(tmp, f"{kind}_{shape}.npy"))
        if "spectral" in only and os.path.exists(os.path.join(tmp, "gauss_256x256.npy")):
            print("SVD 256×256: liplab, numpy …", flush=True)
            run_bench(opts.bench, ["svd"], results)
            numpy_svd(os.path.join(tmp, "gauss_256x256.npy"), results)
    if "svd" in only:
        with tempfile.TemporaryDirectory(prefix="liplab-svd-") as tmp:
            for (m, n) in SVD_VALUE_SHAPES:
                shape = f"{m}x{n}"
                for rnd in range(2):
                    print(f"SVD {m}×{n} round {rnd + 1}/2: liplab, numpy …", flush=True)
                    run_bench(opts.bench, ["svdshapes", "--shape", shape, "--npy", tmp], results)
                    numpy_svd_shapes(os.path.join(tmp, f"svd_{shape}.npy"), m, n, results)
                os.remove(os.path.join(tmp, f"svd_{shape}.npy"))
        print("norms W 2048² …", flush=True)
        norms_statement(opts.liplab, results)
    if "gemm" in only:
        print("matrix products: liplab, numpy …", flush=True)
        run_bench(opts.bench, ["gemm"], results)
        numpy_gemm(results)
    if "startup" in only:
        print("start-up …", flush=True)
        startup(opts.liplab, results)
    if "critics" in only:
        print("critics …", flush=True)
        critics(opts.bench, results)
    if "fit" in only:
        print("fit …", flush=True)
        fit(opts.bench, opts.liplab, results)
    if "network" in only:
        print("layers on a GPT-2-small-shaped file: liplab, numpy …", flush=True)
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import network_layers
        parameters, size, measured = network_layers.gpt2(opts.liplab, results)
        rows = [[impl, f"{wall:.2f} s", f"{peak / 1e6:.0f} MB", f"{peak / size:.2f}×"]
                for impl, (wall, peak) in measured.items()]
        rows.append(["liplab / numpy", ratio(measured["liplab"][0], measured["numpy"][0]), "", ""])
        table(f"load + layers, {parameters / 1e6:.1f} M float32 parameters ({size / 1e6:.0f} MB); "
              "targets ≤ 10 s, peak ≤ 2.5× the file",
              ["", "wall", "peak RSS", "peak / file"], rows)
    out_dir = os.path.join(ROOT, "Benchmarks", "results")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, time.strftime("%Y%m%d-%H%M%S") + ".jsonl")
    with open(out, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    targets = []
    print_tables(pool(results), targets)
    print(f"\nraw results: {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
