#!/usr/bin/env bash
# Choose settings on validation data only (issues 9 and 10). Runs one configuration of
# `haad eval --validation` (each dataset's training subjects, re-split into pseudo-train
# and pseudo-test subjects: no test-subject clip is read) on every dataset in
# ../shared/data, for several training seeds, unseen and seen categories, K = 5.
#   bench/validate.sh NAME [haad eval options...]      e.g. bench/validate.sh inst05 --inst-weight 0.5
#   (@others in the options stands for the other four datasets: --data-mix @others; @pretrained for a
#   model haad pretrain made on the other four with the run's seed: --init @pretrained, fine-tuning;
#   @target for the dataset's own name: --protocol lodo --target @target --no-seen, LODO on validation)
#   bench/validate_summary.py NAME...                   compares configurations (summary.md)
# Writes bench/results/validation/NAME/<dataset>_s<seed>/ (results.json, results.md, log tail).
# PHASE=test runs the chosen configuration once on the real cross-subject split instead (10 draws,
# training seeds 1 2 3; the same episodes as bench/support_aug.sh test): bench/results/test_configs/NAME/,
# summarised by bench/validate_summary.py --test NAME...
# Env: HAAD (./build/haad), DATA (../shared/data), SEEDS ("1 2"; test: "1 2 3"), JOBS (2 processes, one
#      thread each), SETS (the five datasets), PHASE (validation | test).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
export DATA=${DATA:-../shared/data} HAAD=${HAAD:-./build/haad}
name=$1; shift
PHASE=${PHASE:-validation}
if [ "$PHASE" = test ]; then
  export out=bench/results/test_configs/$name PHASE_ARGS="--draws 10"
  SEEDS=${SEEDS:-1 2 3}
else
  export out=bench/results/validation/$name PHASE_ARGS="--validation --draws 5"
fi
mkdir -p "$out"
printf '%q ' "$@" > "$out/options.txt"
export OPTS="$*"
run() {
  ds=$1 seed=$2
  dataset_args "$ds" "$DATA"
  local others
  others=$(echo msr utkinect utd_mhad nw_ucla kard | tr ' ' '\n' | grep -v -x "${ds%_action3d}" | paste -sd, -)
  local opts=${OPTS//@others/$others}
  opts=${opts//@target/${ds%_action3d}}
  dir="$out/${ds}_s$seed"
  [ -f "$dir/results.json" ] && return 0
  mkdir -p "$dir"
  local t0=$SECONDS
  if [[ $opts == *@pretrained* ]]; then  # the target never reaches the pretrained model
    "$HAAD" pretrain --data "$DATA" --datasets "$others" --seed "$seed" --out "$dir/pretrained.safetensors" \
      > "$dir/pretrain.log" 2>&1 || { echo "FAILED pretrain $dir"; return 0; }
    opts=${opts//@pretrained/$dir/pretrained.safetensors}
  fi
  # shellcheck disable=SC2086
  if OMP_NUM_THREADS=1 "$HAAD" eval "${args[@]}" $PHASE_ARGS --train-seed "$seed" --k 5 --no-ae $opts --data "$DATA" \
      --out "$dir" > "$dir/log.txt" 2>&1; then
    echo "done $dir in $((SECONDS - t0)) s"
  else
    echo "FAILED $dir"
  fi
  rm -f "$dir"/train_*.csv "$dir"/roc_*.svg "$dir"/pretrained.safetensors*
  tail -30 "$dir/log.txt" > "$dir/log.tmp" && mv "$dir/log.tmp" "$dir/log.txt"
}
export -f run dataset_args
for seed in ${SEEDS:-1 2}; do for ds in ${SETS:-msr_action3d utkinect utd_mhad nw_ucla kard}; do echo "$ds $seed"; done; done |
  xargs -P "${JOBS:-2}" -n 2 bash -c 'run "$0" "$1"'
