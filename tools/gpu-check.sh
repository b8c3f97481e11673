#!/usr/bin/env bash
# The GPU check, in one run on the device machine (no package registry there):
#   1. preflight (seconds): what is there and what is missing, before any build
#   2. build with CUDA; GoogleTest and Google Benchmark from third_party/ (offline)
#   3. the whole test suite with HAAD_REQUIRE_CUDA=1: every op CUDA against CPU,
#      forward and backward; a missing device fails instead of skipping
#   4. benchmarks: kernels on CUDA, the denoiser's training step and DDIM-50
#      (eager and CUDA graph) against PyTorch CUDA on the same device
# Everything lands in $OUT (or gpu-results/): device.txt, preflight.txt,
# configure/build logs, ctest.xml, tests.json, bench_*.json, torch_diffusion_cuda.json,
# summary.md. Each stage has its own time limit; the whole run fits in 8 minutes.
#
#   tools/gpu-check.sh              run it (on the device machine)
#   tools/gpu-check.sh --preflight  only report what it finds and would do (any machine)
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-gpu-results}"
mkdir -p "$out"
export PATH="/usr/local/cuda/bin:$PATH"
jobs=$(nproc)
t_start=$(date +%s)

# ------------------------------------------------------------------ preflight
missing=()
note() { printf '%-22s %s\n' "$1" "$2"; }
preflight() {
  note "date" "$(date -u +%FT%TZ)"
  note "repo" "$(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')"
  if command -v nvcc >/dev/null; then note "nvcc" "$(nvcc --version | grep -o 'release [0-9.]*')"; else note "nvcc" "MISSING"; missing+=(nvcc); fi
  if command -v cmake >/dev/null; then
    v=$(cmake --version | head -1 | grep -o '[0-9][0-9.]*')
    note "cmake" "$v"
    if [ "$(printf '%s\n3.25\n' "$v" | sort -V | head -1)" != "3.25" ]; then missing+=("cmake>=3.25 (have $v)"); fi
  else note "cmake" "MISSING"; missing+=(cmake); fi
  if command -v ninja >/dev/null; then gen="Ninja"; note "generator" "ninja $(ninja --version)"
  elif command -v make >/dev/null; then gen="Unix Makefiles"; note "generator" "make"
  else note "generator" "MISSING (ninja or make)"; missing+=(ninja/make); fi
  if command -v c++ >/dev/null || command -v g++ >/dev/null; then note "c++" "$( (g++ --version 2>/dev/null || c++ --version) | head -1)"
  else note "c++" "MISSING"; missing+=(c++); fi
  for d in googletest benchmark; do
    if [ -f "third_party/$d/CMakeLists.txt" ]; then note "third_party/$d" "present (built from source: -DHAAD_TEST_DEPS=source)"
    else note "third_party/$d" "MISSING"; missing+=("third_party/$d"); fi
  done
  if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then note "device" "$(nvidia-smi -L | head -1)"
  else note "device" "none visible (nvidia-smi): the tests would FAIL under HAAD_REQUIRE_CUDA=1"; missing+=(gpu); fi
  py=$(command -v python3 || true)
  if [ -n "$py" ] && "$py" -c "import torch" 2>/dev/null; then
    note "python3 torch" "$("$py" -c 'import torch; print(torch.__version__, "cuda" if torch.cuda.is_available() else "no cuda")')"
  else note "python3 torch" "not found: the PyTorch CUDA comparison would be skipped"; fi
  if [ -d ../shared/data/msr_action3d ]; then note "real data" "../shared/data present"
  else note "real data" "../shared/data absent: real-data tests skip with a message"; fi
  note "cores" "$jobs"
  echo
  echo "would run:"
  echo "  cmake -S . -B build-gpu -G \"${gen:-Ninja}\" -DCMAKE_BUILD_TYPE=Release -DHAAD_CUDA=ON -DHAAD_CUDA_ARCH=90 -DHAAD_TEST_DEPS=source"
  echo "  cmake --build build-gpu -j$jobs                                   (limit 240 s)"
  echo "  HAAD_REQUIRE_CUDA=1 ctest --test-dir build-gpu -j8 --output-junit  (limit 150 s)"
  echo "  bench_cuda (GEMM, element-wise, softmax, norms), bench_diffusion (CUDA cases)   (limit 110 s)"
  echo "  python3 bench/torch_diffusion.py --device cuda                     (limit 90 s)"
  echo "  results and summary.md in $out"
  if [ ${#missing[@]} -gt 0 ]; then echo; echo "MISSING: ${missing[*]}"; fi
}
preflight > "$out/preflight.txt" 2>&1  # not in a pipe: `missing` must survive
cat "$out/preflight.txt"
if [ "${1:-}" = "--preflight" ]; then
  [ ${#missing[@]} -eq 0 ]
  exit $?
fi
# a missing GPU is reported by the tests themselves (HAAD_REQUIRE_CUDA=1); anything else stops here
for m in "${missing[@]}"; do
  [ "$m" = gpu ] || { echo "gpu-check: cannot build: missing $m"; exit 2; }
done

{ nvidia-smi 2>&1 | head -15; nvcc --version | tail -2; } > "$out/device.txt" 2>&1

# ------------------------------------------------------------------ build
stage() { echo "== $1 ($(($(date +%s) - t_start)) s)"; }
stage "configure"
timeout 120 cmake -S . -B build-gpu -G "$gen" -DCMAKE_BUILD_TYPE=Release -DHAAD_CUDA=ON -DHAAD_CUDA_ARCH=90 \
  -DHAAD_TEST_DEPS=source > "$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; exit 1; }
stage "build"
timeout 240 cmake --build build-gpu -j"$jobs" > "$out/build.log" 2>&1 || { tail -60 "$out/build.log"; exit 1; }
./build-gpu/haad info | tee -a "$out/device.txt"

# ------------------------------------------------------------------ tests
stage "tests (HAAD_REQUIRE_CUDA=1)"
export HAAD_REQUIRE_CUDA=1
timeout 150 ctest --test-dir build-gpu -j8 --output-on-failure --output-junit "$PWD/$out/ctest.xml" > "$out/ctest.txt" 2>&1
rc=$?
tail -5 "$out/ctest.txt"
grep -E "^\s*[0-9]+ - .*\((Failed|Timeout|Not Run|Exception)" "$out/ctest.txt" | head -40
# gtest's own JSON (per test, with skip reasons), CUDA cases only: fast
timeout 60 ./build-gpu/tests/haad_tests --gtest_filter='*Cuda*:*cuda*:BackendOps*:Diffusion.CudaGraph*' \
  --gtest_output=json:"$out/tests_cuda.json" > "$out/tests_cuda.txt" 2>&1
unset HAAD_REQUIRE_CUDA

# ------------------------------------------------------------------ benchmarks
stage "benchmarks"
bench() {  # name, limit, args...
  local name=$1 lim=$2; shift 2
  [ -x "build-gpu/bench/$name" ] || { echo "no $name"; return; }
  timeout "$lim" "build-gpu/bench/$name" --benchmark_out="$out/$name$suffix.json" --benchmark_out_format=json "$@" \
    > "$out/$name$suffix.txt" 2>&1 || echo "$name: exit $? (see $out/$name$suffix.txt)"
  tail -12 "$out/$name$suffix.txt"
}
suffix="" bench bench_cuda 50 --benchmark_min_time=0.2
suffix="_cuda" bench bench_diffusion 60 --benchmark_filter=cuda --benchmark_min_time=0.5
if command -v python3 >/dev/null && python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  timeout 90 python3 bench/torch_diffusion.py --device cuda --reps 20 --out "$out/torch_diffusion_cuda.json" \
    > "$out/torch_diffusion_cuda.txt" 2>&1 || echo "torch_diffusion: exit $?"
fi

# ------------------------------------------------------------------ summary
stage "summary"
python3 - "$out" "$rc" <<'PY' || true
import json, os, re, sys
out, rc = sys.argv[1], int(sys.argv[2])
lines = ["# GPU check", ""]
try:
    lines += ["```", open(f"{out}/device.txt").read().strip()[-1500:], "```", ""]
except OSError:
    pass
txt = open(f"{out}/ctest.txt").read() if os.path.exists(f"{out}/ctest.txt") else ""
m = re.search(r"(\d+)% tests passed, (\d+) tests failed out of (\d+)", txt)
lines.append(f"ctest with HAAD_REQUIRE_CUDA=1: {m.group(0) if m else 'no summary (see ctest.txt)'}; exit {rc}")
unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9}
def ms(path, name):
    try:
        for b in json.load(open(path))["benchmarks"]:
            if b["name"] == name:
                return b["real_time"] * unit[b["time_unit"]] * 1e3
    except (OSError, ValueError, KeyError):
        return None
d = f"{out}/bench_diffusion_cuda.json"
h_step = ms(d, "BM_denoiser_train_step_cuda/real_time")
h_eager, h_graph = ms(d, "BM_ddim50_sample_cuda/graph:0/real_time"), ms(d, "BM_ddim50_sample_cuda/graph:1/real_time")
t = {}
try:
    t = json.load(open(f"{out}/torch_diffusion_cuda.json"))
except (OSError, ValueError):
    pass
f = lambda v: f"{v:.2f}" if v else "—"
r = lambda a, b: f"{b / a:.2f}x" if a and b else "—"
lines += ["", "| denoiser on CUDA | haad ms | PyTorch ms | haad faster by |", "|---|---:|---:|---:|",
          f"| training step, batch 32 | {f(h_step)} | {f(t.get('train_step_ms'))} | {r(h_step, t.get('train_step_ms'))} |",
          f"| DDIM-50, 16 clips, eager | {f(h_eager)} | {f(t.get('ddim50_16clips_ms'))} | {r(h_eager, t.get('ddim50_16clips_ms'))} |",
          f"| DDIM-50, 16 clips, CUDA graph | {f(h_graph)} | {f(t.get('ddim50_16clips_graph_ms'))} | {r(h_graph, t.get('ddim50_16clips_graph_ms'))} |",
          "", f"PyTorch {t.get('torch', '?')} on {t.get('device_name', '?')}, TF32 off on both sides."]
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "gpu-check: tests exit code $rc, $(($(date +%s) - t_start)) s in all; results in $out"
exit $rc
