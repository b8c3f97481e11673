#!/usr/bin/env python3
"""Compare configurations run by bench/validate.sh (validation data only).

For each configuration and each of its two scores (haad's max-cosine, and the hybrid of
haad + raw-DCT kNN) it reports, per dataset, unseen and seen K=5 AUC averaged over the
training seeds, and two summaries over datasets:
  mean AUC      the mean unseen AUC;
  error ratio   the geometric mean of unseen error (1 - AUC) divided by raw-DCT kNN's
                error on the same episodes: what issue 9's bar measures (<= 0.7 on every
                dataset), scale-free, so an easy dataset (KARD, error 0.01) counts as much
                as a hard one (NW-UCLA, 0.2).
The rule: the lowest error ratio, among candidates whose mean seen AUC is within 0.01 of
the default's. Usage: bench/validate_summary.py [--test] NAME... (writes summary.md beside the runs;
--test: the test-split runs of PHASE=test bench/validate.sh, where the rule is not applied)"""
import json, math, os, statistics, sys

ROOT = "bench/results/validation"
SETS = ["msr_action3d", "utkinect", "utd_mhad", "nw_ucla", "kard"]


def load(name, ds):
    runs = []
    d = os.path.join(ROOT, name)
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if f.startswith(ds + "_s") and os.path.exists(os.path.join(d, f, "results.json")):
            runs.append(json.load(open(os.path.join(d, f, "results.json")))["settings"])
    return runs


def auc(runs, setting, key):
    v = [r[setting][key]["auc"]["mean"] for r in runs if key in r.get(setting, {})]
    return statistics.mean(v) if v else None


def main(names):
    rows, summ = [], {}
    for name in names:
        for score, key in (("max", "haad_K5"), ("hybrid", "hybrid_K5"), ("max + support expansion", "haad_support_aug_K5")):
            cand = f"{name} / {score}"
            ratios, un, se, cells = [], [], [], []
            for ds in SETS:
                runs = load(name, ds)
                u, s, k = auc(runs, "unseen", key), auc(runs, "seen", key), auc(runs, "unseen", "knn_dct_K5")
                if u is None or k is None:
                    cells.append("—")
                    continue
                r = (1 - u) / max(1e-6, 1 - k)
                ratios.append(r); un.append(u)
                if s is not None:  # leave-one-dataset-out runs (--no-seen) have no seen setting
                    se.append(s)
                cells.append(f"{u:.3f} / {'—' if s is None else f'{s:.3f}'} ({r:.2f}, n={len(runs)})")
            if not un:
                continue  # no such column in these runs
            complete = len(ratios) == len(SETS)
            if complete:
                summ[cand] = dict(unseen=statistics.mean(un), seen=statistics.mean(se) if len(se) == len(SETS) else None,
                                  ratio=math.exp(statistics.mean(math.log(x) for x in ratios)), worst=max(ratios))
            rows.append(f"| {cand} | " + " | ".join(cells) + " |")
    knn = []
    for ds in SETS:
        for name in names:
            k = auc(load(name, ds), "unseen", "knn_dct_K5")
            if k is not None:
                knn.append(f"{k:.3f}"); break
        else:
            knn.append("—")
    title = ("# The chosen settings on the test split (PHASE=test bench/validate.sh; cross-subject)" if ROOT.endswith("test_configs")
             else "# Settings chosen on validation (bench/validate.sh; training subjects only, re-split)")
    md = [title, "",
          "Unseen / seen K = 5 AUC, mean over training seeds (unseen error / raw-DCT kNN's error, seeds):", "",
          "| candidate | " + " | ".join(SETS) + " |", "|---|" + "---:|" * len(SETS)] + rows
    md += [f"| kNN on raw DCT (unseen) | " + " | ".join(knn) + " |", "",
           "| candidate | mean unseen AUC | mean seen AUC | error ratio to kNN (geometric mean) | worst ratio |",
           "|---|---:|---:|---:|---:|"]
    for c, v in summ.items():
        seen = "—" if v["seen"] is None else f"{v['seen']:.3f}"
        md.append(f"| {c} | {v['unseen']:.3f} | {seen} | {v['ratio']:.2f} | {v['worst']:.2f} |")
    base = summ.get("default / max")
    if ROOT.endswith("test_configs"):
        ok = {}  # settings are chosen on validation, never here
    else:
        ok = {c: v for c, v in summ.items() if base is None or v["seen"] is None or v["seen"] >= base["seen"] - 0.01}
    if ok:
        best = min(ok, key=lambda c: ok[c]["ratio"])
        md += ["", f"Rule (lowest error ratio; mean seen AUC within 0.01 of the default's): **{best}**."]
    open(os.path.join(ROOT, "summary.md"), "w").write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--test"]:
        ROOT, args = "bench/results/test_configs", args[1:]
    main(args or sorted(n for n in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, n))))
