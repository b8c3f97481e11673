#!/usr/bin/env bash
# One-line runner: build the benchmarks and time haad against PyTorch side by side.
#   bench/compare.sh [threads] [rounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bench_kernels >/dev/null
mkdir -p bench/results
/usr/bin/python3 bench/compare_pytorch.py build/bench/bench_kernels --threads "${1:-$(nproc)}" --rounds "${2:-5}" \
  --json bench/results/compare_kernels.json --md bench/results/compare_kernels.md
# (recorded runs: bench/results/compare_kernels_run1.json, _run2.{json,md})
