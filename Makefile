# LossLab: `make test` runs the test suite, `make experiments` writes the precision tables.
SWIFT ?= swift
# Release builds target Haswell-class CPUs (F16C, AVX2, FMA, BMI2, MOVBE) when this CPU has
# them, so that Float16 converts in hardware instead of in software; otherwise the portable
# x86-64 baseline. The numbers do not change: Swift does not contract a*b+c into an FMA.
HASWELL := $(shell grep -qw f16c /proc/cpuinfo 2>/dev/null && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo && grep -qw movbe /proc/cpuinfo && echo yes)
RELEASE_FLAGS := -c release $(if $(HASWELL),-Xswiftc -target-cpu -Xswiftc haswell)
# Where the release binaries are (a shell expansion, evaluated in each recipe after the build).
RELEASE_BIN = $$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)

.PHONY: all build release test test-asan fuzz sharded-experiments tensorboard-reader tensorfiles-venv bench-venv experiments bench arb-floor deps clean goldens compare framework-vectors slurm-check

all: build

# GNU MPFR comes from Debian's libmpfr-dev (never vendored). Installed here when missing and we
# are root; otherwise one line says what to run.
deps:
	@if [ ! -f /usr/include/mpfr.h ] || ! command -v pkg-config >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing libmpfr-dev and pkg-config"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmpfr-dev pkg-config) >/dev/null; \
	  else \
	    echo "LossLab needs GNU MPFR: run 'sudo apt-get install -y libmpfr-dev pkg-config'" >&2; exit 2; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# The allocation test counts the release build's allocations (a debug build boxes values that
# the optimizer keeps on the stack), so the release bench is built first and named to it.
test: deps tensorboard-reader tensorfiles-venv
	$(SWIFT) build $(RELEASE_FLAGS) --product losslab-bench
	LOSSLAB_RELEASE_BENCH="$(RELEASE_BIN)/losslab-bench" $(SWIFT) test

# The test suite under AddressSanitizer (a separate build folder; the allocation test, which
# interposes malloc in the release bench, is skipped: ASan owns malloc). LeakSanitizer stays on,
# with MPFR's and GMP's process-lifetime caches suppressed (Tests/lsan-suppressions.txt).
test-asan: deps tensorboard-reader tensorfiles-venv
	$(SWIFT) build --sanitize=address --scratch-path .build/asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	  $(SWIFT) test --sanitize=address --scratch-path .build/asan --skip AllocationTests

# Mutated specs and expressions (seeded: FUZZ_SEED, FUZZ_COUNT of each) through the built
# losslab's parsers: every input must end in exit 0 or a one-line exit 2 within the time limit.
FUZZ_COUNT ?= 1000
FUZZ_SEED ?= 1
fuzz: build
	python3 Tests/Fuzz/fuzz.py --losslab "$$($(SWIFT) build --show-bin-path)/losslab" --count $(FUZZ_COUNT) --seed $(FUZZ_SEED)

# TensorBoard's own event reader (pip's tensorboard, in a virtualenv under .build/) for the
# LossLabTensorBoard tests; installed once, skipped when it imports.
TENSORBOARD_VENV := .build/tensorboard-venv
tensorboard-reader:
	@$(TENSORBOARD_VENV)/bin/python -c "import tensorboard" 2>/dev/null || \
	  { echo "installing tensorboard into $(TENSORBOARD_VENV)"; \
	    python3 -m venv $(TENSORBOARD_VENV) && $(TENSORBOARD_VENV)/bin/pip install -q tensorboard; }

# numpy, ml_dtypes and safetensors (pip, in a virtualenv under .build/): the LossLabTensorFiles
# and command-line tests have them write the .npy, .safetensors and CSV files LossLab reads
# (Tests/LossLabTensorFilesTests/write_fixtures.py); installed once, skipped when they import.
TENSORFILES_VENV := .build/tensorfiles-venv
tensorfiles-venv:
	@$(TENSORFILES_VENV)/bin/python -c "import numpy, ml_dtypes, safetensors" 2>/dev/null || \
	  { echo "installing numpy, ml_dtypes and safetensors into $(TENSORFILES_VENV)"; \
	    python3 -m venv $(TENSORFILES_VENV) && $(TENSORFILES_VENV)/bin/pip install -q numpy ml_dtypes safetensors; }

# Every spec in Experiments/ at full size, tables into Results/ (THREADS=N to choose; the tables
# do not depend on it). QUICK=1 runs the shrunken sweeps CI uses. The TensorBoard files carry a
# fixed wall time (SOURCE_DATE_EPOCH, 2026-01-01 00:00 UTC) instead of the clock, so that
# Results/tensorboard, committed, comes out byte-identical from run to run.
RESULTS_EPOCH := 1767225600
experiments: release
	SOURCE_DATE_EPOCH=$(RESULTS_EPOCH) "$(RELEASE_BIN)/losslab" run --tensorboard Results/tensorboard $(if $(THREADS),--threads $(THREADS)) $(if $(QUICK),--quick)

# Every spec with a `shards: N` line (too large for one machine's run of every spec, which leaves
# it out and keeps its tables): its N shards on this machine's cores, JOBS at a time with one
# thread each (.build/shards/NAME/I), then merged into Results/ as a single run writes it. On a
# cluster, `losslab slurm SPEC --shards N` writes the same as a job array (README, "More than one
# machine").
JOBS ?= $(shell nproc)
SHARDED_SPECS = $(shell grep -l '^shards:' Experiments/*.yaml)
sharded-experiments: release
	@bin="$(RELEASE_BIN)/losslab"; for spec in $(SHARDED_SPECS); do \
	  name=$$(basename $$spec .yaml); n=$$(sed -n 's/^shards: *\([0-9]*\).*/\1/p' $$spec); \
	  dir=.build/shards/$$name; rm -rf $$dir; mkdir -p $$dir; \
	  echo "$$name: $$n shards, $(JOBS) at a time -> $$dir"; \
	  seq 1 $$n | xargs -P $(JOBS) -I{} "$$bin" run $$name --threads 1 --quiet --shard {}/$$n --out $$dir/{} || exit 1; \
	  SOURCE_DATE_EPOCH=$(RESULTS_EPOCH) "$$bin" merge $$dir/* --out Results --tensorboard Results/tensorboard || exit 1; \
	done

# A real Slurm on this machine (Debian's slurm-wlm and munge, installed when missing; root):
# single-node slurmctld and slurmd on private ports, the job array and merge that `losslab slurm`
# writes for two quick specs in SLURM_SHARDS shards, compared byte for byte with one run; the
# daemons it started are stopped. Not part of `make test`: it needs root and starts daemons.
SLURM_SHARDS ?= 3
slurm-check: build
	Tests/Slurm/slurm-check.sh "$$($(SWIFT) build --show-bin-path)/losslab" $(SLURM_SHARDS)

# The regression goldens (Tests/Regression/goldens/*.csv): recomputed from the specs beside them.
# `make test` compares against them and fails on any worsening; it never rewrites them. Run this
# after a change that makes a figure better (or worse on purpose), and commit the new goldens.
goldens: build
	"$$($(SWIFT) build --show-bin-path)/losslab" run --quiet --csv-only --experiments Tests/Regression/specs --out Tests/Regression/goldens

# Reruns the default suite into a temporary folder and compares it with the committed Results/
# (exit status 1 if any figure got worse). The run leaves out the `shards:` specs: their
# committed tables stand in for themselves.
compare: release
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	"$(RELEASE_BIN)/losslab" run --quiet $(if $(THREADS),--threads $(THREADS)) --out "$$tmp" && \
	for spec in $(SHARDED_SPECS); do \
	  name=$$(basename $$spec .yaml); [ ! -f Results/$$name.csv ] || cp Results/$$name.csv "$$tmp/"; \
	done && \
	"$(RELEASE_BIN)/losslab" compare Results "$$tmp"

# losslab-bench: the MPFR reference against a C floor, the certified reference per point against
# Arb (.build/arb-floor, below), the native losses against plain loops, heap allocations per
# example, the exhaustive float16 sweep, peak memory, and `losslab run bce-logits` against NumPy
# + mpmath (Bench/bce_logits_mpmath.py, run from a virtualenv under .build/ with numpy, mpmath
# and ml_dtypes from PyPI, installed once); every row beside its goal (release build, Haswell
# flags as above).
BENCH_VENV := .build/bench-venv
bench-venv:
	@$(BENCH_VENV)/bin/python -c "import numpy, mpmath, ml_dtypes" 2>/dev/null || \
	  { echo "installing numpy, mpmath and ml_dtypes into $(BENCH_VENV)"; \
	    { [ -x $(BENCH_VENV)/bin/pip ] || python3 -m venv $(BENCH_VENV); } && \
	    $(BENCH_VENV)/bin/pip install -q numpy mpmath ml_dtypes; }

# The Arb floor (Bench/arb_floor.c, the certified reference per point in Arb): compiled with cc
# into .build/ against Debian's libflint-arb-dev, installed as `deps` installs MPFR; never part
# of the Swift package, so that `make build` and `make test` need no FLINT.
ARB_FLOOR := .build/arb-floor
arb-floor: $(ARB_FLOOR)
$(ARB_FLOOR): Bench/arb_floor.c
	@if [ ! -f /usr/include/arb.h ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing libflint-arb-dev"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libflint-arb-dev) >/dev/null; \
	  else \
	    echo "the bench's Arb floor needs Arb: run 'sudo apt-get install -y libflint-arb-dev'" >&2; exit 2; \
	  fi; \
	fi
	@mkdir -p .build
	cc -O2 -std=c99 -Wall -o $(ARB_FLOOR) Bench/arb_floor.c -lflint-arb -lflint -lmpfr -lgmp

bench: release bench-venv arb-floor
	"$(RELEASE_BIN)/losslab-bench"

clean:
	rm -rf .build

# Conformance vectors computed by the real frameworks (torch, Keras on TensorFlow and on JAX,
# optax, tf.nn, torchvision, MONAI, segmentation-models-pytorch, transformers), never by
# LossLab: Tests/FrameworkVectors/*.jsonl (see its README). The frameworks are pip-installed
# from PyPI once into a virtualenv under .build/ (the newest that install; each line records
# its versions); MONAI, smp and transformers are optional (their files are skipped without).
# Tests/FrameworkVectors/agreement.py then counts what the current losslab reproduces.
FRAMEWORK_VENV := .build/framework-venv
framework-vectors:
	@$(FRAMEWORK_VENV)/bin/python -c "import torch, torchvision, tensorflow, keras, jax, optax, ml_dtypes" 2>/dev/null || \
	  { echo "installing torch, tensorflow-cpu, keras, jax and optax into $(FRAMEWORK_VENV)"; \
	    { [ -x $(FRAMEWORK_VENV)/bin/pip ] || python3 -m venv $(FRAMEWORK_VENV); } && \
	    $(FRAMEWORK_VENV)/bin/pip install -q torch torchvision tensorflow-cpu "keras>=3" "jax[cpu]" optax; }
	@$(FRAMEWORK_VENV)/bin/python -c "import monai, segmentation_models_pytorch, transformers" 2>/dev/null || \
	  { echo "installing monai, segmentation-models-pytorch and transformers into $(FRAMEWORK_VENV)"; \
	    $(FRAMEWORK_VENV)/bin/pip install -q monai segmentation-models-pytorch transformers || \
	    echo "(not installed: their vectors are skipped)"; }
	TF_CPP_MIN_LOG_LEVEL=2 $(FRAMEWORK_VENV)/bin/python Tests/FrameworkVectors/generate.py
	TF_CPP_MIN_LOG_LEVEL=2 $(FRAMEWORK_VENV)/bin/python Tests/FrameworkVectors/generate_kernels.py
