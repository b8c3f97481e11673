#!/usr/bin/env bash
# More motion, one skeleton: for every dataset in ../shared/data,
#   mix:  haad eval on it with --data-mix <the other four> (canonical skeleton, K = 1, 5; 5 draws)
#   lodo: haad eval --protocol lodo --target it (trained on the other four only; K = 1, 5, 10)
# and the single-dataset figures of bench/aug_policies.sh (same flags, native skeleton) beside them.
# Writes bench/results/mix_lodo/<dataset>_{mix,lodo}/ and bench/results/mix_lodo/summary.md.
#   bench/mix_lodo.sh [DATA_ROOT]    env: HAAD (./build/haad), OUT, HAAD_SETS, MODE (both | lodo | mix)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
data="${1:-../shared/data}"
out=${OUT:-bench/results/mix_lodo}; mkdir -p "$out"
HAAD=${HAAD:-./build/haad}
all="msr utkinect utd_mhad nw_ucla kard"
for ds in ${HAAD_SETS:-$all}; do
  others=$(echo $all | tr ' ' '\n' | grep -v -x "$ds" | paste -sd, -)
  dataset_args "$ds" "$data"
  start=$(date +%s)
  [ "${MODE:-both}" = lodo ] || "$HAAD" eval "${args[@]}" --data "$data" --data-mix "$others" --k 1,5 --draws 5 --no-ae --out "$out/${ds}_mix" > "$out/${ds}_mix.log" 2>&1
  [ "${MODE:-both}" = mix ] || "$HAAD" eval --protocol lodo --target "$ds" --data "$data" --k 1,5,10 --draws 5 --no-ae --out "$out/${ds}_lodo" > "$out/${ds}_lodo.log" 2>&1
  rm -f "$out"/*/train_*.csv
  echo "$ds done ($(( $(date +%s) - start )) s)" >&2
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
names = {"msr": "msr_action3d", "utkinect": "utkinect", "utd_mhad": "utd_mhad", "nw_ucla": "nw_ucla", "kard": "kard"}
rows = ["| dataset | unseen K=5: single / + other datasets (error change) | seen K=5: single / + others | kNN raw DCT unseen K=5 | LODO K=1 / 5 / 10 | kNN K=5 (LODO episodes) | LODO error / kNN error |",
        "|---|---:|---:|---:|---:|---:|---:|"]
for ds, folder in names.items():
    a = lambda s, k: s[k]["auc"]["mean"]
    try:
        lodo = json.load(open(f"{out}/{ds}_lodo/results.json"))["settings"]["unseen"]
    except Exception as e:
        rows.append(f"| {ds} | (missing: {e}) |"); continue
    l1, l5, l10 = (a(lodo, f"haad_K{k}") for k in (1, 5, 10))
    lk = a(lodo, "knn_dct_K5")
    try:
        single = json.load(open(f"bench/results/aug_policies/{folder}_standard_all/results.json"))["settings"]
        mix = json.load(open(f"{out}/{ds}_mix/results.json"))["settings"]
    except Exception:  # MODE=lodo: no mix runs
        rows.append(f"| {ds} | — | — | — | {l1:.3f} / {l5:.3f} / {l10:.3f} | {lk:.3f} | {(1-l5)/(1-lk):.2f} |"); continue
    su, mu = a(single["unseen"], "haad_K5"), a(mix["unseen"], "haad_K5")
    ss, ms = a(single["seen"], "haad_K5"), a(mix["seen"], "haad_K5")
    ku = a(single["unseen"], "knn_dct_K5")
    rows.append(f"| {ds} | {su:.3f} / {mu:.3f} ({(1-mu)/(1-su)-1:+.0%}) | {ss:.3f} / {ms:.3f} | {ku:.3f} | {l1:.3f} / {l5:.3f} / {l10:.3f} | {lk:.3f} | {(1-l5)/(1-lk):.2f} |")
md = "\n".join(rows) + "\n"
open(f"{out}/summary.md", "w").write(md)
print(md)
PY
