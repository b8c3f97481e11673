#!/usr/bin/env bash
# Issue 10: choose --mix-ratio on validation data only. For every dataset in ../shared/data,
# haad eval --validation (its training subjects, re-split into pseudo-train/pseudo-test) with
# --data-mix <the other four> at each ratio, beside the same validation run without the mix
# (bench/results/support_aug/validation/<dataset>_default, bench/support_aug.sh validation).
# The ratio with the highest mean unseen K=5 AUC over the datasets is the one to use.
# Writes bench/results/mix_ratio_validation/<dataset>_r<ratio>/ and summary.md.
#   bench/mix_ratio_validation.sh [ratios (default "0.25 0.5")]   env: DATA, JOBS (2), HAAD
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
export DATA=${DATA:-../shared/data} HAAD=${HAAD:-./build/haad}
out=bench/results/mix_ratio_validation; mkdir -p "$out"; export out
ratios=${1:-"0.25 0.5"}
all="msr utkinect utd_mhad nw_ucla kard"
run() {
  ds=$1 r=$2
  others=$(echo msr utkinect utd_mhad nw_ucla kard | tr ' ' '\n' | grep -v -x "$ds" | paste -sd, -)
  dataset_args "$ds" "$DATA"
  dir="$out/${ds}_r$r"
  [ -f "$dir/results.json" ] && return 0
  mkdir -p "$dir"
  OMP_NUM_THREADS=1 "$HAAD" eval "${args[@]}" --data "$DATA" --data-mix "$others" --mix-ratio "$r" --validation \
    --k 5 --draws 5 --no-ae --out "$dir" > "$dir/log.txt" 2>&1 || echo "FAILED $dir"
  rm -f "$dir"/train_*.csv "$dir"/roc_*.svg
  tail -20 "$dir/log.txt" > "$dir/log.tmp" && mv "$dir/log.tmp" "$dir/log.txt"
}
export -f run dataset_args
for ds in $all; do for r in $ratios; do echo "$ds $r"; done; done | xargs -P "${JOBS:-2}" -n 2 bash -c 'run "$0" "$1"'
/usr/bin/python3 - "$out" $ratios <<'PY'
import json, os, statistics, sys
out, ratios = sys.argv[1], sys.argv[2:]
names = {"msr": "msr_action3d", "utkinect": "utkinect", "utd_mhad": "utd_mhad", "nw_ucla": "nw_ucla", "kard": "kard"}
def auc(path, setting):
    try:
        return json.load(open(os.path.join(path, "results.json")))["settings"][setting]["haad_K5"]["auc"]["mean"]
    except (OSError, KeyError, ValueError):
        return None
rows = ["| dataset | no mix | " + " | ".join(f"mix ratio {r}" for r in ratios) + " |", "|---|---:|" + "---:|" * len(ratios)]
cols = {"none": []}
cols.update({r: [] for r in ratios})
for ds, folder in names.items():
    base = {s: auc(f"bench/results/support_aug/validation/{folder}_default", s) for s in ("unseen", "seen")}
    vals = {r: {s: auc(os.path.join(out, f"{ds}_r{r}"), s) for s in ("unseen", "seen")} for r in ratios}
    f = lambda v: "—" if v["unseen"] is None else f"{v['unseen']:.3f} / {v['seen']:.3f}"
    rows.append(f"| {folder} | {f(base)} | " + " | ".join(f(vals[r]) for r in ratios) + " |")
    if base["unseen"] is not None and all(vals[r]["unseen"] is not None for r in ratios):
        cols["none"].append(base["unseen"])
        for r in ratios: cols[r].append(vals[r]["unseen"])
means = {k: statistics.mean(v) for k, v in cols.items() if v}
md = ["# --mix-ratio chosen on validation (unseen / seen K=5 AUC; training subjects only, re-split)", ""] + rows + ["",
      "Mean unseen AUC over the datasets with every run: " + ", ".join(f"{k} {v:.3f}" for k, v in means.items()) + "."]
if means:
    md.append(f"Chosen: **{max(means, key=means.get)}** (highest mean unseen K=5 AUC on validation).")
open(os.path.join(out, "summary.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
