#!/usr/bin/env bash
# Choose settings for wrong executions on validation data only (issue 15): for every dataset,
# haad perturb --validation (the training subjects' clips, dealt into pseudo-train and
# pseudo-test subjects; 3 pseudo-test clips per category perturbed, 7 kinds x 4 severities,
# seed 1), then haad eval --protocol within with one configuration. No test-subject clip is read.
#   bench/within_validate.sh NAME [haad eval options...]     e.g. bench/within_validate.sh raw025 --raw-weight 0.25
#   bench/within_validate_summary.py NAME...                  per kind at severity 0.5: haad against kNN
# Writes bench/results/within_validation/NAME/<dataset>/ (results_within.json, .md, log.txt).
# Env: HAAD (./build/haad), DATA (../shared/data), SETS (the five datasets), JOBS (2 processes, one thread each).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
export DATA=${DATA:-../shared/data} HAAD=${HAAD:-./build/haad}
name=$1; shift
export out=bench/results/within_validation/$name OPTS="$*"
mkdir -p "$out"
printf '%q ' "$@" > "$out/options.txt"
run() {
  ds=$1
  dataset_args "$ds" "$DATA"
  local dir="$out/$ds" tmp
  [ -f "$dir/results_within.json" ] && return 0
  mkdir -p "$dir"
  tmp=$(mktemp -d)
  local t0=$SECONDS
  # shellcheck disable=SC2086
  if OMP_NUM_THREADS=1 "$HAAD" perturb "${args[@]}" --validation --out "$tmp/p" --per-class 3 > "$dir/log.txt" 2>&1 &&
     OMP_NUM_THREADS=1 "$HAAD" eval --protocol within --dataset generic --path "$tmp/p" --k 5 --draws 5 --no-ae $OPTS \
       --out "$dir" >> "$dir/log.txt" 2>&1; then
    echo "done $dir in $((SECONDS - t0)) s"
  else
    echo "FAILED $dir"
  fi
  rm -rf "$tmp" "$dir"/train_within_*.csv
  tail -30 "$dir/log.txt" > "$dir/log.tmp" && mv "$dir/log.tmp" "$dir/log.txt"
}
export -f run dataset_args
for ds in ${SETS:-msr_action3d utkinect utd_mhad nw_ucla kard}; do echo "$ds"; done | xargs -P "${JOBS:-2}" -n 1 bash -c 'run "$0"'
