#!/usr/bin/env bash
# haad perturb on MSR Action3D: a labelled within-category dataset that loads back,
# counts per class and label, and is the same file for file when run again.
#   tests/cli/perturb.sh HAAD DATA_ROOT
set -euo pipefail
haad="$1"; data="$2"
if [ ! -d "$data/msr_action3d" ]; then echo "SKIP: $data/msr_action3d not found"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for run in a b; do
  "$haad" perturb --dataset msr --path "$data/msr_action3d" --out "$tmp/$run" --per-class 1 --severities 0.5 >/dev/null
done
diff -q "$tmp/a/clips.csv" "$tmp/b/clips.csv" >/dev/null || fail "clips.csv differs between two runs"
f=$(grep -m1 "stumble" "$tmp/a/clips.csv" | cut -d, -f1)
cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two runs"
out=$("$haad" data-info --dataset generic --path "$tmp/a")
grep -q "labelled anomalous: 140 " <<<"$out" || fail "expected 140 = 20 categories x 7 perturbations: $out"
grep -q "skipped: none" <<<"$out" || fail "perturbed clips failed the sanity checks: $out"
grep -q ",test,freeze@0.5,1,[0-9;]*,[0-9]*-[0-9]*$" "$tmp/a/clips.csv" || fail "freeze rows lack joints or frames"
# --validation: only the training subjects (odd ids on MSR), re-dealt into pseudo-train and pseudo-test
"$haad" perturb --dataset msr --path "$data/msr_action3d" --out "$tmp/v" --per-class 1 --severities 0.5 --validation >/dev/null
head -1 "$tmp/v/clips.csv" | grep -q "subject" || fail "validation clips.csv header: $(head -1 "$tmp/v/clips.csv")"
col=$(head -1 "$tmp/v/clips.csv" | tr , '\n' | grep -n -x subject | cut -d: -f1)
even=$(tail -n +2 "$tmp/v/clips.csv" | cut -d, -f"$col" | awk '$1 % 2 == 0' | wc -l)
[ "$even" = 0 ] || fail "--validation wrote $even clips of test subjects"
grep -q ",test,swap@0.5,1," "$tmp/v/clips.csv" || fail "--validation perturbed no pseudo-test clip"
echo "perturb: all checks passed"
