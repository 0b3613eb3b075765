// liplab-bench: timing of liplab's kernels, driven by Benchmarks/run.py.
print("liplab-bench: no benchmarks yet")
