#!/usr/bin/env bash
# The within-category protocol on every dataset in ../shared/data: haad perturb (3 test
# clips per category, 7 kinds x 4 severities, seed 1), then haad eval --protocol within
# with the defaults. Writes bench/results/within_<dataset>/.
#   bench/within_all.sh [DATA_ROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
data="${1:-../shared/data}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ds in ${HAAD_WITHIN_SETS:-msr_action3d utkinect utd_mhad nw_ucla kard}; do
  dataset_args "$ds" "$data"
  ./build/haad perturb "${args[@]}" --out "$tmp/$ds" --per-class 3 | tail -1
  out=bench/results/within_${ds%_action3d}
  ./build/haad eval --protocol within --dataset generic --path "$tmp/$ds" --out "$out" > "$out.log" 2>&1
  rm -f "$out"/train_within_*.csv
  grep -E "^\| (seen|unseen) \| 5 " "$out/results_within.md"
done
