#!/usr/bin/env python3
"""Compare configurations run by bench/within_validate.sh (validation data only, issue 15).

Per configuration: for each kind of synthetic wrong execution at the middle severity (0.5), K = 5,
unseen categories, haad's AUC minus raw-DCT kNN's, averaged over the five datasets; the number
of (kind, dataset) cells where haad >= kNN; and the overall unseen K = 5 AUC. Writes
bench/results/within_validation/summary.md. Usage: bench/within_validate_summary.py NAME..."""
import json, os, statistics, sys

ROOT = "bench/results/within_validation"
SETS = ["msr_action3d", "utkinect", "utd_mhad", "nw_ucla", "kard"]
KINDS = ["freeze", "swap", "amplitude", "speed", "tremor", "cut", "stumble"]


def main(names):
    head = "| candidate | " + " | ".join(KINDS) + " | cells haad ≥ kNN | unseen K=5 haad / kNN (mean) |"
    rows = [head, "|---" + "|---:" * (len(KINDS) + 2) + "|"]
    for name in names:
        diffs = {k: [] for k in KINDS}
        cells = total = 0
        hu, ku = [], []
        for ds in SETS:
            f = os.path.join(ROOT, name, ds, "results_within.json")
            if not os.path.exists(f):
                continue
            j = json.load(open(f))
            for k in KINDS:
                b = j["by_kind_K5"].get(f"{k}@0.5")
                if not b:
                    continue
                diffs[k].append(b["haad_unseen"] - b["knn_unseen"])
                cells += b["haad_unseen"] >= b["knn_unseen"]
                total += 1
            u = j["settings"]["unseen"]["K5"]
            hu.append(u["haad"]["auc"]["mean"]); ku.append(u["knn_raw_dct"]["auc"]["mean"])
        if not hu:
            continue
        cols = [f"{statistics.mean(diffs[k]):+.3f}" if diffs[k] else "—" for k in KINDS]
        rows.append(f"| {name} | " + " | ".join(cols) + f" | {cells}/{total} | {statistics.mean(hu):.3f} / {statistics.mean(ku):.3f} |")
    md = ("# Wrong executions on validation (bench/within_validate.sh)\n\nPer kind at severity 0.5, K = 5, unseen categories: "
          "haad's AUC minus raw-DCT kNN's, mean over the datasets run.\n\n" + "\n".join(rows) + "\n")
    open(os.path.join(ROOT, "summary.md"), "w").write(md)
    print(md)


if __name__ == "__main__":
    main(sys.argv[1:])
