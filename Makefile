# liplab — build, run, test, benchmark.
#   make run     build in release mode and start liplab (installs libedit-dev and zlib1g-dev when
#                missing)
#   make test    build and run every test, including the replay of sessions/*.lip, and check
#                that the release build's hot loops vectorise (Tests/vectorised); installs tmux
#                for the terminal tests when missing
#   make bench   kernel and training benchmarks against NumPy/SciPy and PyTorch (installs them)
#   make docs    export every session to docs/sessions/ as Markdown and Jupyter notebooks (not
#                committed) and regenerate sessions/README.md
#   make check-export   validate the sessions' notebooks with PyPI's nbformat, where installed
#   make check-safetensors  load liplab's saved networks into PyTorch and compare, where installed
#   make example  a real model: silero-vad's weights (fetched from PyPI) through load, layers and
#                convnorms
#   make sanitize   every Swift Testing suite under AddressSanitizer (UBSan on the C targets),
#                then under ThreadSanitizer
#   make fuzz    libFuzzer (with AddressSanitizer) on the statement pipeline and on every file reader,
#                SECONDS seconds each (default 60): prints executions, executions/s and findings per
#                target, each finding kept in .build/fuzz/; FUZZ_TARGETS='npy csv' picks targets
#   make fuzz-swift   the deterministic Swift statement fuzzer for SECONDS seconds
#                (LIPLAB_FUZZ_SEED=N picks the stream)

SWIFT  ?= swift
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTHON ?= python3

.PHONY: run build release test bench docs check-export check-safetensors example deps test-deps sanitize fuzz fuzz-build fuzz-swift clean

# libedit-dev, zlib1g-dev and pkg-config from Debian when pkg-config cannot find libedit or zlib.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit zlib; then \
	  echo "make: installing libedit-dev, zlib1g-dev and pkg-config"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libedit-dev zlib1g-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product liplab

run: release
	@.build/release/liplab $(ARGS)

# tmux, which the terminal tests drive liplab through (they are skipped without it).
test-deps: deps
	@if ! command -v tmux >/dev/null 2>&1; then \
	  echo "make: installing tmux for the terminal tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tmux >/dev/null; \
	fi

# Every test; then the release build replays the sessions and its hot loops are checked for
# packed SIMD arithmetic.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) build -c release --static-swift-stdlib --product liplab
	.build/release/liplab --check sessions/
	Tests/vectorised

# Every suite under AddressSanitizer, with UndefinedBehaviorSanitizer on the C targets (this
# toolchain refuses -sanitize=undefined for Swift), then under ThreadSanitizer; each build in its
# own directory. LeakSanitizer's suppressions (libedit's tables kept until exit) are in
# Tests/sanitizers/lsan.supp. The terminal tests' waits (30 s) cover the sanitizers' slowdown;
# LIPLAB_SANITIZER leaves out the one test that needs an address-space limit (ulimit -v), which
# the sanitizers' shadow memory cannot live under.
SANITIZER_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/sanitizers/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 TSAN_OPTIONS=halt_on_error=1

sanitize: test-deps
	$(SWIFT) build --build-tests --build-path .build/asan --sanitize=address \
	  -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
	LIPLAB_SANITIZER=address $(SANITIZER_ENV) $(SWIFT) test --skip-build --build-path .build/asan --sanitize=address
	$(SWIFT) build --build-tests --build-path .build/tsan --sanitize=thread
	LIPLAB_SANITIZER=thread $(SANITIZER_ENV) $(SWIFT) test --skip-build --build-path .build/tsan --sanitize=thread

# NumPy, SciPy and PyTorch (CPU, ~3 GB) from PyPI, pinned, when they are not importable.
BENCH_PY := numpy==2.4.6 scipy==1.17.1 torch==2.15.0

bench: deps
	@$(PYTHON) -c "import numpy, scipy, torch" 2>/dev/null || $(PYTHON) -m pip install -q $(BENCH_PY)
	$(SWIFT) build -c release --static-swift-stdlib --product liplab
	$(SWIFT) build -c release --product liplab-bench
	$(PYTHON) Benchmarks/run.py

# The sessions as handouts: each replayed, written as Markdown and as an nbformat 4.5 notebook.
docs: build
	mkdir -p docs/sessions
	.build/debug/liplab --export md sessions/ -o docs/sessions
	.build/debug/liplab --export ipynb sessions/ -o docs/sessions
	.build/debug/liplab --curriculum sessions/ > sessions/README.md

# nbformat's own validator over the exported notebooks (skipped, with a note, without nbformat:
# pip install nbformat).
check-export: build
	$(PYTHON) Benchmarks/check_export.py .build/debug/liplab sessions/

# A real trained model: the silero-vad voice-activity detector's 15 float32 tensors (1-D conv
# kernels, an LSTM cell), read from the PyPI wheel (a zip), then its layer table and one
# convolution's norms. The wheel is kept in .build/example/.
EXAMPLE_DIR := .build/example
EXAMPLE     := $(EXAMPLE_DIR)/silero_vad_16k.safetensors
example: release
	@if [ ! -f $(EXAMPLE) ]; then \
	  mkdir -p $(EXAMPLE_DIR) && \
	  $(PYTHON) -m pip download -q --no-deps silero-vad==6.2.3 -d $(EXAMPLE_DIR) && \
	  $(PYTHON) -c "import glob, zipfile, sys; w = zipfile.ZipFile(glob.glob('$(EXAMPLE_DIR)/silero_vad-6.2.3-*.whl')[0]); open('$(EXAMPLE)', 'wb').write(w.read('silero_vad/data/silero_vad_16k.safetensors'))"; \
	fi
	.build/release/liplab -e 'w = load("$(EXAMPLE)")' -e 'show w' -e 'layers w' \
	  -e 'convnorms w("conv1.weight") n=64 padding=zero'

# PyTorch's load_state_dict on every kind of network liplab saves, outputs compared (skipped,
# with a note, without torch: pip install torch safetensors).
check-safetensors: build
	$(PYTHON) Benchmarks/check_safetensors.py .build/debug/liplab

clean:
	rm -rf .build

# libFuzzer's targets (Fuzz/LibFuzzerEntry.swift): the statement pipeline and each file reader, for
# $(SECONDS) seconds each (Fuzz/run). The fuzz product exists only when the manifest sees
# LIPLAB_FUZZ, and is built with its own scratch path, so `swift build` never links a binary
# whose main is libFuzzer's. A finding is copied to .build/fuzz/; keep it under
# Tests/NotebookTests/Fixtures/fuzz/ once fixed, where `make test` replays it.
SECONDS ?= 60
FUZZ_TARGETS ?= statements npy csv safetensors npz out

fuzz-build: deps
	LIPLAB_FUZZ=1 $(SWIFT) build -c release --scratch-path .build-fuzz --product liplab-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld

fuzz: fuzz-build
	Fuzz/run $(SECONDS) $(FUZZ_TARGETS)

# The deterministic statement fuzzer (Tests/NotebookTests/StatementFuzzer.swift) for $(SECONDS)
# seconds, inside the test process: slower than libFuzzer, but needs no sanitizer build.
fuzz-swift: deps
	$(SWIFT) build --build-tests
	LIPLAB_FUZZ_SECONDS=$(SECONDS) $(SWIFT) test --skip-build --filter 'FuzzTests/fuzzTheStatementPipeline'
