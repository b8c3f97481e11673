#!/usr/bin/env bash
# haad's motion denoiser against the same model in PyTorch, same machine and
# threads: one training step (batch 32) and one DDIM-50 sample of 16 clips with
# classifier-free guidance. Writes bench/results/compare_diffusion.{json,md}.
#   bench/compare_diffusion.sh [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-$(nproc)}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j"$(nproc)" --target bench_diffusion >/dev/null
out=bench/results; mkdir -p "$out"
export OMP_NUM_THREADS="$threads"
# interleaved: haad, torch, haad, torch (the VM's speed drifts; each side gets both slots)
for r in 1 2; do
  ./build/bench/bench_diffusion --benchmark_min_time=2 --benchmark_format=json > "$out/bench_diffusion_run$r.json"
  /usr/bin/python3 bench/torch_diffusion.py --threads "$threads" --out "$out/torch_diffusion_run$r.json" > /dev/null
done
/usr/bin/python3 - "$out" "$threads" <<'PY'
import json, sys
out, threads = sys.argv[1], sys.argv[2]
unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9}
def haad(r):
    b = {x["name"]: x for x in json.load(open(f"{out}/bench_diffusion_run{r}.json"))["benchmarks"]}
    g = lambda n: b[n]["real_time"] * unit[b[n]["time_unit"]] * 1e3
    return g("BM_denoiser_train_step/real_time"), g("BM_ddim50_sample/real_time"), b["BM_denoiser_train_step/real_time"]["FLOPS"]
H = [haad(r) for r in (1, 2)]
T = [json.load(open(f"{out}/torch_diffusion_run{r}.json")) for r in (1, 2)]
hs, hd = min(h[0] for h in H), min(h[1] for h in H)
ts, td = min(t["train_step_ms"] for t in T), min(t["ddim50_16clips_ms"] for t in T)
md = f"""Denoiser (latent 256, 4 layers, 4 heads, FF 1024, H=56, 20 joints; {T[0]['parameters']:,} parameters in PyTorch), threads={threads}, torch {T[0]['torch']}; best of two interleaved runs each

| | haad | PyTorch (same model) | haad speed-up |
|---|---:|---:|---:|
| training step (batch 32, fwd + loss + bwd + AdamW) | {hs:.1f} ms ({max(h[2] for h in H) / 1e9:.0f} GFLOP/s) | {ts:.1f} ms | {ts / hs:.2f}x |
| DDIM-50 sample, 16 clips, guidance (32-clip batches) | {hd:.0f} ms | {td:.0f} ms | {td / hd:.2f}x |

per run: haad step {', '.join(f'{h[0]:.1f}' for h in H)} ms, torch step {', '.join(f"{t['train_step_ms']:.1f}" for t in T)} ms; haad DDIM {', '.join(f'{h[1]:.0f}' for h in H)} ms, torch DDIM {', '.join(f"{t['ddim50_16clips_ms']:.0f}" for t in T)} ms
"""
print(md)
open(f"{out}/compare_diffusion.md", "w").write(md)
json.dump({"haad_step_ms": hs, "torch_step_ms": ts, "haad_ddim50_ms": hd, "torch_ddim50_ms": td,
           "step_speedup": ts / hs, "ddim_speedup": td / hd, "threads": int(threads), "torch_parameters": T[0]["parameters"]},
          open(f"{out}/compare_diffusion.json", "w"), indent=1)
PY
