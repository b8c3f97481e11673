#!/usr/bin/env bash
# The within-category protocol on every dataset in ../shared/data: haad perturb (3 test
# clips per category, 7 kinds x 4 severities, seed 1), then haad eval --protocol within
# with the defaults. Writes bench/results/within_<dataset>/.
#   bench/within_all.sh [DATA_ROOT]
# Env: HAAD (./build/haad), HAAD_WITHIN_SETS (the five datasets), HAAD_WITHIN_OPTS (more eval options),
#      HAAD_WITHIN_OUT (bench/results: writes <it>/within_<dataset>/).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
data="${1:-../shared/data}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ds in ${HAAD_WITHIN_SETS:-msr_action3d utkinect utd_mhad nw_ucla kard}; do
  dataset_args "$ds" "$data"
  "${HAAD:-./build/haad}" perturb "${args[@]}" --out "$tmp/$ds" --per-class 3 | tail -1
  out=${HAAD_WITHIN_OUT:-bench/results}/within_${ds%_action3d}
  mkdir -p "$(dirname "$out")"
  # shellcheck disable=SC2086
  "${HAAD:-./build/haad}" eval --protocol within --dataset generic --path "$tmp/$ds" --out "$out" ${HAAD_WITHIN_OPTS:-} \
    > "$out.log" 2>&1
  rm -f "$out"/train_within_*.csv
  grep -E "^\| (seen|unseen) \| 5 " "$out/results_within.md"
done
