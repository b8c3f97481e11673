#!/usr/bin/env bash
# haad score/embed on a folder with bad clips: every good clip is scored, each bad
# one gets an error row naming it, the exit status is 3; --strict stops at the
# first. Also: @list files, CSV error rows, one option name per concept.
#   tests/cli/score_batch.sh HAAD DATA_ROOT
set -euo pipefail
haad="$1"; data="$2"
if [ ! -d "$data/msr_action3d" ]; then
  echo "SKIP: $data/msr_action3d not found (real data lives beside the repository)"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$haad" train --dataset msr --path "$data/msr_action3d" --steps 3 --out "$tmp/m.safetensors" >/dev/null
"$haad" convert --dataset msr "$data/msr_action3d" "$tmp/g" >/dev/null
mkdir "$tmp/sup" "$tmp/test"
ls "$tmp/g/clips" | sed -n '1,3p' | while read -r f; do cp "$tmp/g/clips/$f" "$tmp/sup/"; done
ls "$tmp/g/clips" | sed -n '100,104p' | while read -r f; do cp "$tmp/g/clips/$f" "$tmp/test/"; done
printf '\x93NUMPY\x01\x00garbage' > "$tmp/test/bad_header.npy"
head -c 300 "$tmp/test/$(ls "$tmp/test" | sed -n 2p)" > "$tmp/test/bad_truncated.npy"

set +e
"$haad" score --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" --out "$tmp/s.json" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 3 ] || fail "exit status $rc, expected 3"
[ "$(grep -c '"score": [0-9-]' "$tmp/s.json")" = 5 ] || fail "expected 5 scored clips: $(cat "$tmp/s.json")"
grep -q '"clip": *"[^"]*bad_header.npy"' "$tmp/s.json" || fail "bad_header.npy has no row"
[ "$(grep -c '"error"' "$tmp/s.json")" = 2 ] || fail "expected 2 error rows"
grep -q 'bad_truncated.npy' "$tmp/err" || fail "stderr does not name the bad clip"

# --strict: today's behaviour, the first bad clip stops everything
set +e
"$haad" score --strict --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "--strict: exit status $rc, expected 1"
grep -q 'bad_header.npy' "$tmp/err" || fail "--strict: the error does not name the clip"

# @list with relative paths, and CSV rows (errors in the last column)
ls "$tmp/test" | sed "s/^/test\//" > "$tmp/list.txt"
set +e
"$haad" score --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "@$tmp/list.txt" --format csv --out "$tmp/s.csv" 2>/dev/null
rc=$?
set -e
[ "$rc" = 3 ] || fail "@list: exit status $rc"
[ "$(wc -l < "$tmp/s.csv")" = 8 ] || fail "csv: expected header + 5 + 2 rows: $(cat "$tmp/s.csv")"
grep -q 'bad_header.npy,,,,' "$tmp/s.csv" || fail "csv: no error row"

# embed: good rows written with their file list
set +e
"$haad" embed --model "$tmp/m.safetensors" --clips "$tmp/test" --out "$tmp/e.npy" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || fail "embed: exit status $rc"
[ "$(wc -l < "$tmp/e.npy.clips.txt")" = 5 ] || fail "embed: row list"

# one name per concept, and no silent defaults (output captured: grep -q may close a pipe early)
out=$("$haad" data-info --dataset generic --path "$tmp/g")
grep -q "545 clips" <<<"$out" || fail "data-info --dataset generic --path: $out"
out=$("$haad" data-info --format generic --path "$tmp/g" 2>&1 || true)
grep -q -- "--format is now --dataset" <<<"$out" || fail "renamed option: $out"
out=$("$haad" score --modle x --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" 2>&1 || true)
grep -q "unknown option --modle for 'haad score'" <<<"$out" || fail "unknown option: $out"
out=$("$haad" train-diffusion --help)
! grep -q -- "--arch" <<<"$out" || fail "train-diffusion --help lists encoder options"
[ "$(grep -c -- '--steps' <<<"$out")" = 1 ] || fail "train-diffusion --help lists --steps twice"
# generative support expansion: completions of each support clip join the scoring set
"$haad" train-diffusion --dataset msr --path "$data/msr_action3d" --completion --space dct --steps 2 --latent 32 --ff 64 \
  --out "$tmp/c.safetensors" >/dev/null
"$haad" score --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" --support-aug 2 --gen-ddim 3 \
  --diffusion "$tmp/c.safetensors" --out "$tmp/sa.json" 2>"$tmp/err" || true
grep -q '"generated_support": [1-6]' "$tmp/sa.json" || fail "no generated support clips: $(head -c 400 "$tmp/sa.json")"
[ "$(grep -c '"score": [0-9-]' "$tmp/sa.json")" = 5 ] || fail "support-aug: expected 5 scored clips"
"$haad" train-diffusion --dataset msr --path "$data/msr_action3d" --steps 1 --latent 32 --ff 64 --out "$tmp/d.safetensors" >/dev/null
out=$("$haad" score --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" --support-aug 2 \
  --diffusion "$tmp/d.safetensors" 2>&1 || true)
grep -q "d.safetensors: not a motion completion model" <<<"$out" || fail "a class-conditioned model must be refused: $out"
out=$("$haad" score --model "$tmp/m.safetensors" --support "$tmp/sup" --clips "$tmp/test" --support-aug 2 2>&1 || true)
grep -q "needs --diffusion" <<<"$out" || fail "--support-aug without --diffusion: $out"
# the hybrid score: haad train measured the spreads a single support clip needs
mkdir "$tmp/one"; cp "$(ls -d "$tmp"/sup/* | head -1)" "$tmp/one/"
"$haad" score --score hybrid --model "$tmp/m.safetensors" --support "$tmp/one" --clips "$tmp/test" --out "$tmp/h.json" \
  2>/dev/null || true
[ "$(grep -c '"score": [0-9-]' "$tmp/h.json")" = 5 ] || fail "hybrid, K = 1: expected 5 scored clips: $(head -c 400 "$tmp/h.json")"
grep -q '"score": "hybrid"' "$tmp/h.json" || fail "hybrid: the output does not name its score"
echo "score_batch: all checks passed"
