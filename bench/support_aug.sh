#!/usr/bin/env bash
# Generative support expansion and the paper's configuration on all five datasets
# (issue 9). Two phases:
#   validation  settings are chosen here: `haad eval --validation` (the training
#               subjects' clips only, re-split into pseudo-train/pseudo-test
#               subjects), haad default and --preset paper, each with and without
#               --support-aug (one run gives both: the same episodes).
#   test        the same four configurations on the real split, three training
#               seeds (--train-seed; the folds and support draws stay fixed), the
#               baselines once.
# The completion models (one per training set) and their completions are cached in
# $CACHE/<dataset> and shared by both encoders and all training seeds.
# Usage: bench/support_aug.sh validation|test|summary [datasets...]
# Env: HAAD (./build/haad), DATA (../shared/data), OUT (bench/results/support_aug),
#      CACHE (/tmp/haad_support_cache), JOBS (2 processes at once, one thread each),
#      A (5 completions per support clip), SEEDS ("1 2 3"), DIFF_STEPS (800 per completion model).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
HAAD=${HAAD:-./build/haad}
DATA=${DATA:-../shared/data}
OUT=${OUT:-bench/results/support_aug}
CACHE=${CACHE:-/tmp/haad_support_cache}
JOBS=${JOBS:-2}
A=${A:-5}
SEEDS=${SEEDS:-"1 2 3"}
DIFF_STEPS=${DIFF_STEPS:-800}
phase=${1:-summary}
shift || true
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(msr_action3d utkinect utd_mhad nw_ucla kard)
mkdir -p "$OUT"

# one eval: NAME DATASET EXTRA_ARGS...
one() {
  local name=$1 ds=$2
  shift 2
  dataset_args "$ds" "$DATA"
  local dir="$OUT/$name"
  if [ -f "$dir/results.json" ]; then echo "have $dir"; return 0; fi
  mkdir -p "$dir"
  local t0=$SECONDS
  if OMP_NUM_THREADS=1 /usr/bin/time -v "$HAAD" eval "${args[@]}" --k 5 --support-aug "$A" --diff-steps "$DIFF_STEPS" \
      --gen-cache "$CACHE/$ds" \
      --out "$dir" "$@" > "$dir/log.txt" 2> "$dir/time.txt"; then
    echo "done $dir in $((SECONDS - t0)) s"
  else
    echo "FAILED $dir (see $dir/log.txt)"
    return 1
  fi
}
export -f one dataset_args
export HAAD DATA OUT CACHE A DIFF_STEPS

# pass 1 trains each dataset's completion models (one process per dataset); pass 2
# reuses them from the cache, so no two processes train the same model
first=$(mktemp)
rest=$(mktemp)
case $phase in
  validation)
    for ds in "${sets[@]}"; do
      echo "one validation/${ds}_default $ds --validation --draws 5 --no-ae" >> "$first"
      echo "one validation/${ds}_paper $ds --validation --draws 5 --no-ae --preset paper" >> "$rest"
    done
    ;;
  test)
    s1=$(echo $SEEDS | cut -d' ' -f1)
    for s in $SEEDS; do
      for ds in "${sets[@]}"; do
        if [ "$s" = "$s1" ]; then
          echo "one test/${ds}_default_seed$s $ds --train-seed $s" >> "$first"
        else
          echo "one test/${ds}_default_seed$s $ds --train-seed $s --no-ae" >> "$rest"
        fi
        echo "one test/${ds}_paper_seed$s $ds --train-seed $s --no-ae --preset paper" >> "$rest"
      done
    done
    ;;
  summary) ;;
  *) echo "usage: $0 validation|test|summary [datasets...]" >&2; exit 2 ;;
esac
for f in "$first" "$rest"; do
  xargs -P "$JOBS" -I{} bash -c '{}' < "$f" || true
done
rm -f "$first" "$rest"
/usr/bin/python3 bench/support_aug_summary.py "$OUT"
