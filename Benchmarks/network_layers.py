#!/usr/bin/env python3
"""`layers` on a GPT-2-small-shaped model: load and per-layer table, against NumPy doing the same.

    python3 Benchmarks/network_layers.py [LIPLAB]        (also `make bench`, section "network")

Writes a random float32 safetensors file with GPT-2 small's 148 tensors and 124 M parameters
(Hugging Face's names and its Conv1D layout, in × out), then times, as whole processes:

  liplab   `w = load("gpt2.safetensors")` then `layers w`;
  NumPy    the same table: safetensors read with np.frombuffer (float32 → float64, as liplab
           holds them), then per weight ‖W‖_F and σ₁ by SciPy's `svds(k=1)` (ARPACK, tol 1e-10),
           one BLAS thread.

Both run on one core (`taskset -c 0`, where taskset exists).

Prints each one's wall time and peak resident memory (`ru_maxrss` of the child), as a ratio to
the file's size. The targets: liplab under 10 s, peak under 2.5× the file.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

LAYERS, WIDTH, VOCAB, CONTEXT = 12, 768, 50257, 1024


def gpt2_tensors():
    """(name, shape) of GPT-2 small, in Hugging Face's order."""
    yield "wte.weight", (VOCAB, WIDTH)
    yield "wpe.weight", (CONTEXT, WIDTH)
    for i in range(LAYERS):
        p = f"h.{i}."
        yield p + "ln_1.weight", (WIDTH,)
        yield p + "ln_1.bias", (WIDTH,)
        yield p + "attn.c_attn.weight", (WIDTH, 3 * WIDTH)
        yield p + "attn.c_attn.bias", (3 * WIDTH,)
        yield p + "attn.c_proj.weight", (WIDTH, WIDTH)
        yield p + "attn.c_proj.bias", (WIDTH,)
        yield p + "ln_2.weight", (WIDTH,)
        yield p + "ln_2.bias", (WIDTH,)
        yield p + "mlp.c_fc.weight", (WIDTH, 4 * WIDTH)
        yield p + "mlp.c_fc.bias", (4 * WIDTH,)
        yield p + "mlp.c_proj.weight", (4 * WIDTH, WIDTH)
        yield p + "mlp.c_proj.bias", (WIDTH,)
    yield "ln_f.weight", (WIDTH,)
    yield "ln_f.bias", (WIDTH,)


def write_gpt2(path, seed=1):
    """The file, written tensor by tensor (N(0, 0.02²) float32, as GPT-2 initialises)."""
    rng = np.random.default_rng(seed)
    entries, offset = {}, 0
    for name, shape in gpt2_tensors():
        size = int(np.prod(shape)) * 4
        entries[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    header = json.dumps(entries, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header)
        for name, shape in gpt2_tensors():
            f.write((rng.standard_normal(shape, dtype=np.float32) * np.float32(0.02)).tobytes())
    return sum(int(np.prod(s)) for _, s in gpt2_tensors())


NUMPY_LAYERS = r"""
import json, struct, sys
import numpy as np
from scipy.sparse.linalg import svds
data = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
rows = []
for name, e in header.items():
    a, b = e["data_offsets"]
    w = np.frombuffer(data, dtype="<f4", count=(b - a) // 4, offset=8 + n + a).astype(np.float64)
    w = w.reshape(e["shape"])
    if w.ndim == 2:
        s = svds(w, k=1, tol=1e-10, return_singular_vectors=False, random_state=0)[0]
        rows.append((name, np.linalg.norm(w), s))
print(len(rows))
"""


def gpt2(liplab, results=None):
    """Times both; returns the measurements and appends them to `results` (run.py's records)."""
    with tempfile.TemporaryDirectory(prefix="liplab-gpt2-") as tmp:
        path = os.path.join(tmp, "gpt2.safetensors")
        parameters = write_gpt2(path)
        size = os.path.getsize(path)
        one = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        # Separate processes for each, so each peak is its own (ru_maxrss of children is a max).
        measured = {}
        for impl in ("liplab", "numpy"):
            probe = [sys.executable, "-c",
                     "import resource, subprocess, sys, time; t = time.perf_counter(); "
                     "r = subprocess.run(sys.argv[1:], capture_output=True); "
                     "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"]
            if impl == "liplab":
                cmd = [liplab, "-e", f'w = load("{path}")', "-e", "layers w"]
            else:
                cmd = [sys.executable, "-c", NUMPY_LAYERS, path]
            out = subprocess.run(probe + pin + cmd, capture_output=True, text=True, env=one).stdout.split()
            wall, peak, status = float(out[0]), int(out[1]) * 1024, int(out[2])
            if status != 0:
                raise RuntimeError(f"{impl} exited {status}")
            measured[impl] = (wall, peak)
            if results is not None:
                results.append({"case": "gpt2_layers", "impl": impl, "median_s": wall, "min_s": wall, "reps": 1,
                                "peak_bytes": peak,
                                "file_bytes": size, "parameters": parameters})
    return parameters, size, measured


def main():
    liplab = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build", "release", "liplab")
    parameters, size, measured = gpt2(liplab)
    print(f"GPT-2 small shape: {parameters / 1e6:.1f} M parameters, file {size / 1e6:.0f} MB (float32)")
    print(f"{'':8} {'wall':>8} {'peak RSS':>10} {'peak / file':>12}")
    for impl, (wall, peak) in measured.items():
        print(f"{impl:8} {wall:7.2f}s {peak / 1e6:8.0f}MB {peak / size:11.2f}×")
    lw, nw = measured["liplab"][0], measured["numpy"][0]
    print(f"liplab / numpy wall time: {lw / nw:.2f}")


if __name__ == "__main__":
    main()
