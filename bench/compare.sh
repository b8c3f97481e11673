#!/usr/bin/env bash
# One-line runner: build the benchmarks and time haad against PyTorch side by side.
#   bench/compare.sh [threads] [rounds=5] [name=compare_kernels]
# haad's CPU path: HAAD_ISA (avx2|avx512; default: the best this CPU has).
# OpenBLAS's kernel family is matched to haad's path (bench/openblas_core.sh);
# the core OpenBLAS used is recorded in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${3:-compare_kernels}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bench_kernels >/dev/null
source bench/openblas_core.sh
mkdir -p bench/results
HAAD_CMP_NOTE="haad path: $haad_isa; OpenBLAS core: $openblas_core" \
/usr/bin/python3 bench/compare_pytorch.py build/bench/bench_kernels --threads "${1:-$(nproc)}" --rounds "${2:-5}" \
  --json "bench/results/$name.json" --md "bench/results/$name.md"
# (recorded runs: bench/results/compare_kernels_run*.{json,md}, compare_kernels_avx512.*, compare_kernels_avx2.*)
