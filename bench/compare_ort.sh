#!/usr/bin/env bash
# haad's inference plan against ONNX Runtime (C API and Node API) and PyTorch
# (eager, trace + optimize_for_inference) on one model, one machine, in
# interleaved rounds: every round runs every engine once per case, so slow
# and fast phases of a shared VM hit all engines alike; the tables report the
# median over rounds and the paired (same-round) ratios.
#   bench/compare_ort.sh [rounds] [seconds per measurement]
# Cases: one clip, embed + 5 similarities (the latency case), and a batch of 64
# clips, embed only (throughput); 1 and 2 threads.
# Needs: node + npm (onnxruntime-node from the npm registry, installed into
# bench/ort/node_modules with ONNXRUNTIME_NODE_INSTALL=skip: the CPU library
# ships in the package and the post-install step would try to fetch GPU files),
# a C compiler, Debian's python3-torch (export and the PyTorch timings), and
# ../shared/data (a short haad train makes the model).
# Writes bench/results/compare_ort.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"; secs="${2:-1}"
data="${HAAD_DATA:-../shared/data}"
out=bench/results; mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target haad bench_latency >/dev/null
if [ ! -d bench/ort/node_modules/onnxruntime-node ]; then
  (cd bench/ort && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund >/dev/null)
fi
lib=$(ls bench/ort/node_modules/onnxruntime-node/bin/napi-v*/linux/x64/libonnxruntime.so.1 | head -1)
cc -O2 -o "$tmp/ort_latency" bench/ort/ort_latency.c -ldl

# a model with trained (not initial) weights: 300 steps on MSR Action3D
./build/haad train --data "$data" --steps 300 --seed 1 --out "$tmp/model.safetensors" >/dev/null
$PY bench/onnx_model.py export "$tmp/model.safetensors" "$tmp/m" 2>/dev/null > "$tmp/export.json"
J=$($PY -c "import json;print(json.load(open('$tmp/m/meta.json'))['joints'])")
F=$($PY -c "import json;print(json.load(open('$tmp/m/meta.json'))['in_features'])")
D=$($PY -c "import json;print(json.load(open('$tmp/m/meta.json'))['dim'])")

# one measurement: engine case threads -> a JSON line in $tmp/runs.jsonl
measure() {
  local eng=$1 case=$2 th=$3 B sup=() o="$tmp/out_${1}_${2}_${3}.f32"
  if [ "$case" = single ]; then B=1; else B=64; fi
  local x="$tmp/m/x$B.f32"
  local line
  case $eng in
    haad-plan|haad-eager|haad-plan-avx2)
      local mode=plan isa=""
      [ "$eng" = haad-eager ] && mode=eager
      [ "$eng" = haad-plan-avx2 ] && isa=avx2
      [ "$case" = single ] && sup=(--support "$tmp/m/support.f32" 5)
      line=$(HAAD_ISA=$isa OMP_NUM_THREADS=$th ./build/bench/bench_latency "$tmp/model.safetensors" "$x" $B "${sup[@]}" \
             --mode $mode --seconds "$secs" --out "$o") ;;
    ort-c|ort-node)
      local model="$tmp/m/embed.onnx"
      [ "$case" = single ] && model="$tmp/m/score.onnx" && sup=("$tmp/m/support.f32" 5)
      if [ $eng = ort-c ]; then
        line=$("$tmp/ort_latency" "$lib" "$model" "$x" $B $J $F $D $th "$secs" "${sup[@]}" --out "$o")
      else
        line=$(node bench/ort/ort_latency.js "$model" "$x" $B $J $F $D $th "$secs" "${sup[@]}" --out "$o")
      fi ;;
    torch-eager|torch-optimized)
      [ "$case" = single ] && sup=(--support)
      line=$($PY bench/onnx_model.py time "$tmp/model.safetensors" "$tmp/m" $B "${sup[@]}" --mode "${eng#torch-}" \
             --threads $th --seconds "$secs" --out "$o" 2>/dev/null) ;;
  esac
  echo "{\"round\": $r, \"case\": \"$case\", \"name\": \"$eng\", \"run\": $line}" >> "$tmp/runs.jsonl"
}

engines="haad-plan haad-plan-avx2 haad-eager ort-c ort-node torch-eager torch-optimized"
grep -q avx512f /proc/cpuinfo || engines=${engines/haad-plan-avx2 /}
start=$(date +%s)
for r in $(seq 1 "$rounds"); do
  for th in 1 2; do
    for case in single batch64; do
      for eng in $engines; do measure "$eng" "$case" "$th"; done
    done
  done
  echo "round $r/$rounds done ($(( $(date +%s) - start )) s)" >&2
done

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
flags=$(grep -o -w 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')
$PY - "$tmp" "$out" "$cpu" "$flags" "$rounds" "$secs" <<'PY'
import json, statistics as st, sys, numpy as np
tmp, out, cpu, flags, rounds, secs = sys.argv[1:]
runs = [json.loads(l) for l in open(f"{tmp}/runs.jsonl")]
meta = json.load(open(f"{tmp}/m/meta.json"))
cases = [("single", "one clip: embed + 5 similarities, µs"), ("batch64", "batch of 64: embed, µs")]
engines = []
for x in runs:
    if x["name"] not in engines: engines.append(x["name"])
def med(name, case, th):
    v = [x["run"]["median_us"] for x in runs if x["name"] == name and x["case"] == case and x["run"]["threads"] == th]
    return st.median(v) if v else None
def paired(a, b, case, th):  # median over rounds of time(a)/time(b), same round
    r = {}
    for x in runs:
        if x["case"] == case and x["run"]["threads"] == th and x["name"] in (a, b): r.setdefault(x["round"], {})[x["name"]] = x["run"]["median_us"]
    v = [d[a] / d[b] for d in r.values() if a in d and b in d]
    return st.median(v) if v else None
# agreement with PyTorch eager (the export script's reference, same weights and inputs)
ref = {"single": np.fromfile(f"{tmp}/m/torch_score1.f32", np.float32), "batch64": np.fromfile(f"{tmp}/m/torch_embed64.f32", np.float32)}
agree = {}
for e in engines:
    for c in ("single", "batch64"):
        try:
            y = np.fromfile(f"{tmp}/out_{e}_{c}_1.f32", np.float32)
            agree[f"{e}/{c}"] = float(np.abs(y - ref[c]).max())
        except Exception as ex:
            agree[f"{e}/{c}"] = str(ex)
summary = {}
for c, _ in cases:
    for th in (1, 2):
        s = {e: med(e, c, th) for e in engines}
        best_ort = min((e for e in ("ort-c", "ort-node") if s.get(e)), key=lambda e: s[e])
        s["best_ort"] = best_ort
        s["ratio_best_ort_over_haad"] = paired(best_ort, "haad-plan", c, th)
        s["ratio_ort_c_over_haad"] = paired("ort-c", "haad-plan", c, th)
        s["ratio_ort_node_over_haad"] = paired("ort-node", "haad-plan", c, th)
        s["ratio_eager_over_plan"] = paired("haad-eager", "haad-plan", c, th)
        summary[f"{c}/t{th}"] = s
ortv = next((x["run"].get("ort") for x in runs if x["name"] == "ort-c"), "?")
res = {"cpu": cpu, "cpu_flags": flags, "rounds": int(rounds), "seconds_per_measurement": float(secs), "onnxruntime": ortv,
       "torch": meta["torch"], "onnx_checker": meta["onnx_checker"], "max_abs_diff_vs_torch": agree, "summary": summary, "runs": runs}
json.dump(res, open(f"{out}/compare_ort.json", "w"), indent=1)
names = {"haad-plan": "haad, inference plan", "haad-plan-avx2": "haad, inference plan, AVX2 path (HAAD_ISA=avx2)",
         "haad-eager": "haad, eager forward (before the plan)", "ort-c": f"ONNX Runtime {ortv}, C API",
         "ort-node": f"ONNX Runtime {ortv}, Node API (onnxruntime-node)", "torch-eager": f"PyTorch {meta['torch']} eager",
         "torch-optimized": "PyTorch trace + optimize_for_inference"}
md = [f"CPU: {cpu} ({flags.strip()}); {rounds} interleaved rounds, {secs} s per measurement; median over rounds of each run's median latency.", ""]
for c, title in cases:
    md += [f"| {title} | 1 thread | 2 threads |", "|---|---:|---:|"]
    for e in engines:
        v = [summary[f"{c}/t{th}"][e] for th in (1, 2)]
        md.append(f"| {names.get(e, e)} | " + " | ".join(f"{x:.1f}" if x else "—" for x in v) + " |")
    tp = [64e6 / summary[f"{c}/t{th}"]["haad-plan"] for th in (1, 2)] if c == "batch64" else None
    if tp: md.append(f"| haad plan throughput, clips/s | {tp[0]:,.0f} | {tp[1]:,.0f} |")
    md.append("")
md += ["Paired ratios, time of the other engine / time of haad's plan (same round; > 1: haad faster):", "",
       "| case | threads | best ONNX Runtime API / haad | ORT C / haad | ORT Node / haad | haad eager / haad plan |", "|---|---:|---|---:|---:|---:|"]
for c, _ in cases:
    for th in (1, 2):
        s = summary[f"{c}/t{th}"]
        md.append(f"| {c} | {th} | {s['ratio_best_ort_over_haad']:.2f} ({s['best_ort']}) | {s['ratio_ort_c_over_haad']:.2f} | {s['ratio_ort_node_over_haad']:.2f} | {s['ratio_eager_over_plan']:.2f} |")
md += ["", "Largest absolute difference from PyTorch eager (same weights and inputs; scores for one clip, embeddings for 64): " +
       ", ".join(f"{k} {v:.1e}" if isinstance(v, float) else f"{k} {v}" for k, v in agree.items()), "",
       f"ONNX graphs: opset 17, exported by torch.onnx; onnx.checker: {meta['onnx_checker']}."]
open(f"{out}/compare_ort.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
