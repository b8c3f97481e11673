#!/usr/bin/env bash
# Per-window latency of `haad stream` on a recorded stream: 40 MSR Action3D clips back to back
# (1713 frames), window 60, stride 15, K = 5 support clips, 1 and 2 threads. Writes
# bench/results/stream/stream_t{1,2}.jsonl and prints p50/p99.
#   bench/stream_latency.sh [DATA_ROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
./build/haad convert --dataset msr "$data/msr_action3d" "$tmp/g" >/dev/null
./build/haad train --dataset msr --path "$data/msr_action3d" --out "$tmp/m.safetensors" >/dev/null
ls "$tmp/g/clips" | sed -n '1,40p' | while read -r f; do
  p="$tmp/g/clips/$f"
  tail -c +$(( $(od -An -tu2 -j8 -N2 "$p" | tr -d ' ') + 11 )) "$p"
done > "$tmp/rec.bin"
sup=$(ls "$tmp/g/clips"/a01_s0[1357]_e01.npy "$tmp/g/clips"/a01_s01_e02.npy | tr '\n' ',')
mkdir -p bench/results/stream
for th in 1 2; do
  OMP_NUM_THREADS=$th ./build/haad stream --binary --model "$tmp/m.safetensors" --support "${sup%,}" --window 60 --stride 15 \
    < "$tmp/rec.bin" > "bench/results/stream/stream_t$th.jsonl"
  sort -t: -k5 -g <(grep -o '"latency_us": [0-9.]*' "bench/results/stream/stream_t$th.jsonl" | awk '{print $2}') |
    awk -v th=$th '{a[NR]=$1} END {printf "threads %d: %d windows, p50 %.0f us, p99 %.0f us, max %.0f us\n", th, NR, a[int(NR/2)+1], a[int(0.99*(NR-1))+1], a[NR]}'
done
