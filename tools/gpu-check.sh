#!/usr/bin/env bash
# The GPU check, in one run (fits in 10 minutes on an H100/H200 machine):
# build with CUDA, run the whole test suite with HAAD_REQUIRE_CUDA=1 (every op,
# forward and backward, CUDA against CPU; a missing device fails), then the
# kernel benchmarks. Results go to $OUT (or gpu-results/) as text and JSON.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-gpu-results}"
mkdir -p "$out"
{
  echo "date: $(date -u)"; nvidia-smi -L 2>&1 || true; nvcc --version | tail -2
} | tee "$out/device.txt"
export PATH=/usr/local/cuda/bin:$PATH
bash tools/install-deps.sh >/dev/null 2>&1 || true
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DHAAD_CUDA=ON > "$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; exit 1; }
cmake --build build-gpu -j"$(nproc)" > "$out/build.log" 2>&1 || { tail -50 "$out/build.log"; exit 1; }
./build-gpu/haad info | tee -a "$out/device.txt"
HAAD_REQUIRE_CUDA=1 ./build-gpu/tests/haad_tests --gtest_output=json:"$out/tests.json" 2>&1 | tee "$out/tests.txt" | grep -E "FAILED|PASSED|SKIPPED \]|tests ran"
rc=${PIPESTATUS[0]}
timeout 240 ./build-gpu/bench/bench_kernels --benchmark_min_time=0.2 --benchmark_format=console \
  --benchmark_out="$out/bench_kernels.json" --benchmark_out_format=json 2>&1 | tee "$out/bench.txt" | tail -25
[ -x ./build-gpu/bench/bench_cuda ] && timeout 120 ./build-gpu/bench/bench_cuda --benchmark_min_time=0.2 \
  --benchmark_out="$out/bench_cuda.json" --benchmark_out_format=json 2>&1 | tee "$out/bench_cuda.txt" | tail -20
# the diffusion model on the GPU: training step, DDIM-50 eager against CUDA-graph replay
timeout 120 ./build-gpu/bench/bench_diffusion --benchmark_filter=cuda --benchmark_min_time=0.5 \
  --benchmark_out="$out/bench_diffusion_cuda.json" --benchmark_out_format=json 2>&1 | tee "$out/bench_diffusion.txt" | tail -8
echo "tests exit code: $rc"
exit $rc
