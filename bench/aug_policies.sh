#!/usr/bin/env bash
# Training augmentation policy (haad eval --aug all|geometric) on every dataset in
# ../shared/data, both protocols: the standard one (other categories are the
# anomalies; K = 1, 5; 5 draws; no AE) and the within-category one on the
# synthetic anomalies of bench/within_all.sh (haad perturb --per-class 3, seed 1).
# Reports haad, kNN on raw DCT and the hybrid score side by side.
# Writes bench/results/aug_policies/<dataset>_<protocol>_<policy>/ and a summary
# table bench/results/aug_policies/summary.md.
#   bench/aug_policies.sh [DATA_ROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/datasets.sh
data="${1:-../shared/data}"
out=bench/results/aug_policies; mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ds in ${HAAD_SETS:-msr_action3d utkinect utd_mhad nw_ucla kard}; do
  dataset_args "$ds" "$data"
  ./build/haad perturb "${args[@]}" --out "$tmp/$ds" --per-class 3 > /dev/null
  for pol in all geometric; do
    ./build/haad eval "${args[@]}" --k 1,5 --draws 5 --no-ae --aug $pol --out "$out/${ds}_standard_$pol" > /dev/null 2>&1
    ./build/haad eval --protocol within --dataset generic --path "$tmp/$ds" --aug $pol --no-ae \
      --out "$out/${ds}_within_$pol" > /dev/null 2>&1
    rm -f "$out"/*/train_*.csv
    echo "$ds $pol done" >&2
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
rows = ["| dataset | policy | standard seen K=5: haad / kNN / hybrid | standard unseen K=5: haad / kNN / hybrid | within unseen K=5: haad / kNN / hybrid |",
        "|---|---|---:|---:|---:|"]
kinds_md = []
for ds in sorted({d.rsplit('_', 2)[0] for d in os.listdir(out) if os.path.isdir(f"{out}/{d}")}):
    for pol in ("all", "geometric"):
        try:
            st = json.load(open(f"{out}/{ds}_standard_{pol}/results.json"))["settings"]
            wi = json.load(open(f"{out}/{ds}_within_{pol}/results_within.json"))
        except Exception:
            continue
        f = lambda s, k: f"{st[s][k]['auc']['mean']:.3f}"
        w = wi["settings"]["unseen"]["K5"]
        wf = lambda k: f"{w[k]['auc']['mean']:.3f}"
        rows.append(f"| {ds} | {pol} | {f('seen','haad_K5')} / {f('seen','knn_dct_K5')} / {f('seen','hybrid_K5')} | "
                    f"{f('unseen','haad_K5')} / {f('unseen','knn_dct_K5')} / {f('unseen','hybrid_K5')} | "
                    f"{wf('haad')} / {wf('knn_raw_dct')} / {wf('hybrid')} |")
        bk = wi["by_kind_K5"]
        mids = sorted(k for k in bk if k.endswith("@0.5"))
        cells = []
        for k in mids:
            h, n, y = bk[k]["haad_unseen"], bk[k]["knn_unseen"], bk[k]["hybrid_unseen"]
            cells.append(f"{k[:-4]} {h:.3f}/{n:.3f}/{y:.3f}")
        kinds_md.append(f"| {ds} | {pol} | " + " | ".join(cells) + " |")
hdr = "| dataset | policy | " + " | ".join(k[:-4] for k in sorted(k for k in bk if k.endswith("@0.5"))) + " |"
md = "\n".join(rows) + "\n\nWithin category, unseen, K=5, middle severity (0.5): haad / kNN / hybrid\n\n" + hdr + "\n|---|---|" + "---:|" * 7 + "\n" + "\n".join(kinds_md) + "\n"
open(f"{out}/summary.md", "w").write(md)
print(md)
PY
