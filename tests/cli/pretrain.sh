#!/usr/bin/env bash
# haad pretrain on two real datasets (canonical skeleton), then eval and train
# fine-tuning from it (--init), the lodo protocol, and the clear errors around them.
#   tests/cli/pretrain.sh HAAD DATA_ROOT
set -euo pipefail
haad="$1"; data="$2"
if [ ! -d "$data/kard" ] || [ ! -d "$data/utkinect" ]; then echo "SKIP: $data/kard or $data/utkinect not found"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
out=$("$haad" pretrain --data "$data" --datasets kard,utkinect --steps 20 --hidden 32 --out "$tmp/p.safetensors" \
  --generator "$tmp/g.safetensors" --diff-steps 3 --diff-latent 32)
grep -q "pretrain: kard: .* clips of 18 categories" <<<"$out" || fail "pretrain summary: $out"
grep -q "pretrain: utkinect: .* canonical16" <<<"$out" || fail "pretrain summary: $out"
[ -s "$tmp/p.safetensors" ] || fail "no model written"
grep -q "completion generator: 3 steps" <<<"$out" || fail "pretrain --generator: $out"
# the pretrained generator completes support clips for a pretrained-skeleton model (score --support-aug)
gen_meta=$(head -c 6000 "$tmp/g.safetensors" | tr -c '[:print:]' ' ')
grep -q '"history":"1"' <<<"$gen_meta" || fail "the generator is not a completion model"
grep -q "canonical16" <<<"$gen_meta" || fail "the generator is not on the canonical skeleton"
# a generator on one dataset plus others (canonical skeleton), held-out categories left out
out=$("$haad" train-diffusion --data "$data" --dataset utkinect --data-mix kard --completion --space dct --steps 2 \
  --latent 32 --ff 64 --heldout walk --out "$tmp/gm.safetensors")
grep -q "data-mix: kard: " <<<"$out" || fail "train-diffusion --data-mix summary: $out"
grep -q "canonical16" <<<"$(head -c 6000 "$tmp/gm.safetensors" | tr -c '[:print:]' ' ')" || fail "the mixed generator is not canonical"
# fine-tune from it on MSR (mapped onto the canonical skeleton)
"$haad" eval --data "$data" --dataset msr --init "$tmp/p.safetensors" --hidden 32 --steps 20 --k 1 --draws 1 --folds 2 \
  --no-ae --out "$tmp/e" >/dev/null
grep -q '"init"' "$tmp/e/results.json" || fail "results.json does not record --init"
"$haad" train --data "$data" --dataset msr --init "$tmp/p.safetensors" --hidden 32 --steps 10 --out "$tmp/m.safetensors" >/dev/null
# train with another dataset mixed in: a canonical-skeleton model
out=$("$haad" train --data "$data" --dataset utkinect --data-mix kard --hidden 32 --steps 10 --out "$tmp/mx.safetensors")
grep -q "data-mix: kard: " <<<"$out" || fail "train --data-mix summary: $out"
grep -q "canonical16" <<<"$(head -c 4000 "$tmp/mx.safetensors" | tr -c '[:print:]' ' ')" || fail "the mixed model is not canonical"
# one dataset alone on the canonical skeleton (the single-dataset side of a fine-tuning comparison)
"$haad" train --data "$data" --dataset utkinect --canonical --hidden 32 --steps 10 --out "$tmp/c.safetensors" >/dev/null
grep -q "canonical16" <<<"$(head -c 4000 "$tmp/c.safetensors" | tr -c '[:print:]' ' ')" || fail "train --canonical is not canonical"
# a pretrained model of another width is an error naming the file
err=$("$haad" eval --data "$data" --dataset msr --init "$tmp/p.safetensors" --hidden 64 --steps 5 --k 1 --draws 1 \
  --no-ae --out "$tmp/e2" 2>&1) && fail "a width mismatch must fail"
grep -q "p.safetensors" <<<"$err" || fail "the error does not name the model: $err"
# leave one dataset out, trained on the other one
"$haad" eval --protocol lodo --target kard --data "$data" --data-mix utkinect --hidden 32 --steps 20 --k 1 --draws 1 \
  --no-ae --out "$tmp/l" >/dev/null
grep -q '"protocol": "lodo"' "$tmp/l/results.json" || fail "lodo results"
# on validation: the target's training subjects only (no test-subject clip is read)
out=$("$haad" eval --protocol lodo --target kard --validation --data "$data" --data-mix utkinect --hidden 32 --steps 20 \
  --k 1 --draws 1 --no-ae --out "$tmp/lv")
grep -q "validation: .* clips of the training subjects" <<<"$out" || fail "lodo --validation: $out"
grep -q '"protocol": "lodo"' "$tmp/lv/results.json" || fail "lodo validation results"
err=$("$haad" eval --protocol lodo --data "$data" 2>&1) && fail "lodo without --target must fail"
grep -q "needs --target" <<<"$err" || fail "lodo error: $err"
err=$("$haad" eval --data "$data" --data-mix nosuchset 2>&1) && fail "an unknown --data-mix entry must fail"
grep -q "nosuchset" <<<"$err" || fail "data-mix error: $err"
echo "pretrain: all checks passed"
