#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a while.
#   tools/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DHAAD_FUZZ=ON -DHAAD_CUDA=OFF -DHAAD_TESTS=OFF -DHAAD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
for f in build-fuzz/tests/fuzz/fuzz_*; do
  echo "== $(basename "$f") (${secs}s)"
  mkdir -p "build-fuzz/corpus/$(basename "$f")"
  "$f" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 "build-fuzz/corpus/$(basename "$f")" 2>&1 | tail -2
done
