#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a while.
#   tools/fuzz.sh [seconds per target, default 60] [target ...]
# Seeds come from tests/fuzz/seeds/<target> (small, in the repo); the growing
# corpus lives in build-fuzz/corpus/<target> (not in the repo). Crashes are
# written to build-fuzz/crashes/<target>/. A summary per target (executions,
# coverage, corpus, crashes) goes to bench/results/fuzz/fuzz.{csv,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is needed (apt-get install clang)"; exit 2; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DHAAD_FUZZ=ON -DHAAD_CUDA=OFF -DHAAD_TESTS=OFF -DHAAD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || for f in build-fuzz/tests/fuzz/fuzz_*; do targets+=("$(basename "$f")"); done
res=bench/results/fuzz; mkdir -p "$res"
csv="$res/fuzz.csv"
[ -f "$csv" ] || echo "target,seconds,executions,exec_per_s,cov,features,corpus,crashes,date" > "$csv"
for t in "${targets[@]}"; do
  echo "== $t (${secs}s)"
  corpus="build-fuzz/corpus/$t"; crashes="build-fuzz/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  log="build-fuzz/$t.log"
  set +e
  "build-fuzz/tests/fuzz/$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo 0)
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || echo 0)
  corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*' || echo 0)
  ncrash=$(find "$crashes" -type f | wc -l)
  echo "$t: rc=$rc executions=$execs ($rate/s) cov=$cov ft=$ft corpus=$corp crashes=$ncrash"
  echo "$t,$secs,$execs,$rate,$cov,$ft,$corp,$ncrash,$(date -u +%F)" >> "$csv"
done
{
  echo "| target | seconds | executions | exec/s | coverage (edges) | features | corpus | crashes | date |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  tail -n +2 "$csv" | awk -F, '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",$1,$2,$3,$4,$5,$6,$7,$8,$9}'
} > "$res/fuzz.md"
cat "$res/fuzz.md"
