#!/usr/bin/env bash
# Pretrain on the other datasets, fine-tune on the target (issue "More motion, one
# skeleton"): for each target and seed, haad pretrain --datasets <the other four>,
# then haad eval --init on the target (its own training categories; the target's
# held-out categories never reach either training). Also the single-dataset eval
# with the same seed. K = 1, 5; 5 draws; no AE.
# Writes bench/results/pretrain_finetune/<dataset>_{single,init}_s<seed>/ and summary.md.
#   bench/pretrain_finetune.sh [DATA_ROOT] [SEEDS="1 2 3"]    env: HAAD (./build/haad), OUT, HAAD_SETS
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
data="${1:-../shared/data}"; seeds="${2:-1 2 3}"
out=${OUT:-bench/results/pretrain_finetune}; mkdir -p "$out"
HAAD=${HAAD:-./build/haad}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
all="msr utkinect utd_mhad nw_ucla kard"
for ds in ${HAAD_SETS:-utkinect nw_ucla kard}; do
  others=$(echo $all | tr ' ' '\n' | grep -v -x "$ds" | paste -sd, -)
  dataset_args "$ds" "$data"
  for s in $seeds; do
    "$HAAD" pretrain --data "$data" --datasets "$others" --seed "$s" --out "$tmp/p.safetensors" > /dev/null
    "$HAAD" eval "${args[@]}" --seed "$s" --init "$tmp/p.safetensors" --k 1,5 --draws 5 --no-ae \
      --out "$out/${ds}_init_s$s" > /dev/null 2>&1
    "$HAAD" eval "${args[@]}" --seed "$s" --k 1,5 --draws 5 --no-ae --out "$out/${ds}_single_s$s" > /dev/null 2>&1
    rm -f "$out"/*/train_*.csv
    echo "$ds seed $s done" >&2
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys, statistics as st
out = sys.argv[1]
rows = ["| dataset | unseen K=5 single | unseen K=5 pretrained + fine-tuned | error change | seen K=5 single | seen K=5 pretrained | kNN (canonical) unseen |",
        "|---|---:|---:|---:|---:|---:|---:|"]
for ds in ("msr", "utkinect", "utd_mhad", "nw_ucla", "kard"):
    r = {}
    for kind in ("single", "init"):
        for d in sorted(os.listdir(out)):
            if d.startswith(f"{ds}_{kind}_s") and os.path.isdir(f"{out}/{d}"):
                s = json.load(open(f"{out}/{d}/results.json"))["settings"]
                r.setdefault(kind, []).append(s)
    if len(r) < 2: continue
    g = lambda kind, setting, key: [x[setting][key]["auc"]["mean"] for x in r[kind]]
    ms = lambda v: f"{st.mean(v):.3f} ± {st.stdev(v) if len(v) > 1 else 0:.3f}"
    su, iu = g("single", "unseen", "haad_K5"), g("init", "unseen", "haad_K5")
    ch = (1 - st.mean(iu)) / (1 - st.mean(su)) - 1
    rows.append(f"| {ds} | {ms(su)} | {ms(iu)} | {ch:+.0%} | {ms(g('single','seen','haad_K5'))} | {ms(g('init','seen','haad_K5'))} | {ms(g('init','unseen','knn_dct_K5'))} |")
md = f"Seeds: {len(r.get('single', []))} per dataset; mean ± std over seeds of the mean AUC over 5 support draws.\n\n" + "\n".join(rows) + "\n"
open(f"{out}/summary.md", "w").write(md)
print(md)
PY
