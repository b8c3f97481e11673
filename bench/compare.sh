#!/usr/bin/env bash
# One-line runner: build the benchmarks and time haad against PyTorch side by side.
#   bench/compare.sh [threads] [rounds=5] [name=compare_kernels]
# haad's CPU path: HAAD_ISA (avx2|avx512; default: the best this CPU has).
# OpenBLAS (PyTorch's BLAS here) picks its kernels from the CPU model; Debian's
# 0.3.21 does not know recent Xeons and falls back to "Prescott" (SSE3, ~4x
# slower). When it does, OPENBLAS_CORETYPE is set to the kernel family that
# matches haad's path (SkylakeX for avx512, Haswell for avx2), so both sides
# use the same vector width; the core OpenBLAS used is recorded in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${3:-compare_kernels}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bench_kernels >/dev/null
isa="${HAAD_ISA:-$(grep -q -w avx512f /proc/cpuinfo && echo avx512 || echo avx2)}"
core=$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import torch; a = torch.ones(64, 64); a @ a" 2>&1 | sed -n 's/^Core: //p' | head -1)
if [ -z "${OPENBLAS_CORETYPE:-}" ] && { [ "$core" = Prescott ] || [ -n "${HAAD_ISA:-}" ]; }; then
  if [ "$isa" = avx512 ]; then export OPENBLAS_CORETYPE=SKYLAKEX; else export OPENBLAS_CORETYPE=HASWELL; fi
  echo "OpenBLAS detected core '$core'; using OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE to match haad's $isa path" >&2
fi
core=$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import torch; a = torch.ones(64, 64); a @ a" 2>&1 | sed -n 's/^Core: //p' | head -1)
mkdir -p bench/results
HAAD_CMP_NOTE="haad path: $isa; OpenBLAS core: $core" \
/usr/bin/python3 bench/compare_pytorch.py build/bench/bench_kernels --threads "${1:-$(nproc)}" --rounds "${2:-5}" \
  --json "bench/results/$name.json" --md "bench/results/$name.md"
# (recorded runs: bench/results/compare_kernels_run*.{json,md}, compare_kernels_avx512.*, compare_kernels_avx2.*)
