#!/usr/bin/env python3
"""Time haad's kernels and the same ops in PyTorch on this machine, in one run.

Rounds alternate (haad, torch, haad, torch, ...) so both see the same machine
state; each figure is the median over rounds. Same thread count for both:
haad via OMP_NUM_THREADS, PyTorch via torch.set_num_threads and
OPENBLAS_NUM_THREADS (Debian's torch calls the system BLAS for matmul: install
libopenblas0-pthread, or it falls back to the reference BLAS, ~30x slower).

usage: compare_pytorch.py BENCH_BINARY [--threads N] [--rounds R] [--json OUT] [--md OUT]
"""
import argparse, json, os, statistics, subprocess, sys, time

# (haad benchmark name, flops, description, torch setup -> callable)
def cases(torch):
    F = torch.nn.functional
    def mm(m, n, k):
        a, b, c = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
        return lambda: torch.mm(a, b, out=c)
    def add(n):
        a, b, c = torch.randn(n), torch.randn(n), torch.empty(n)
        return lambda: torch.add(a, b, out=c)
    def gelu(n):
        a = torch.randn(n)
        return lambda: F.gelu(a)
    def softmax(r, c):
        a = torch.randn(r, c)
        return lambda: torch.softmax(a, -1)
    def ln(r, c):
        a, g, b = torch.randn(r, c), torch.ones(c), torch.zeros(c)
        return lambda: F.layer_norm(a, (c,), g, b)
    def conv(B, C, L, K=9):
        x, w, b = torch.randn(B, C, L), torch.randn(C, C, K), torch.zeros(C)
        return lambda: F.conv1d(x, w, b, 1, K // 2)
    return [
        ("BM_sgemm/512/512/512/real_time", 2 * 512**3, "SGEMM 512^3", mm(512, 512, 512)),
        ("BM_sgemm/1024/1024/1024/real_time", 2 * 1024**3, "SGEMM 1024^3", mm(1024, 1024, 1024)),
        ("BM_sgemm/1280/128/128/real_time", 2 * 1280 * 128 * 128, "GEMM 1280x128x128 (GCN block)", mm(1280, 128, 128)),
        ("BM_sgemm/3840/256/256/real_time", 2 * 3840 * 256 * 256, "GEMM 3840x256x256 (MDM layer)", mm(3840, 256, 256)),
        ("BM_sgemm/256/256/128/real_time", 2 * 256 * 256 * 128, "GEMM 256x256x128 (SupCon sims)", mm(256, 256, 128)),
        ("BM_elementwise_add/4194304/real_time", 4194304, "add 4M", add(1 << 22)),
        ("BM_gelu/1048576/real_time", 20 * (1 << 20), "gelu 1M", gelu(1 << 20)),
        ("BM_softmax/4096/64/real_time", 5 * 4096 * 64, "softmax 4096x64", softmax(4096, 64)),
        ("BM_layer_norm/1280/128/real_time", 8 * 1280 * 128, "layer_norm 1280x128", ln(1280, 128)),
        ("BM_conv1d/320/64/60/real_time", 2 * 320 * 64 * 64 * 9 * 60, "conv1d B320 C64 L60 K9", conv(320, 64, 60)),
    ]


def time_torch(fn, min_time=0.3):
    for _ in range(3):
        fn()
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        dt = time.perf_counter() - t0
        if dt >= min_time and n >= 5:
            return dt / n


def run_haad(binary, names, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    filt = "|".join("^" + n.replace("/real_time", "").replace("/", "/") + "/" for n in names)
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_min_time=0.3", f"--benchmark_filter={filt}"],
                         env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        res[b["name"]] = b["real_time"] * unit
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--md")
    a = ap.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(a.threads)
    import torch
    torch.set_num_threads(a.threads)
    cs = cases(torch)
    names = [c[0] for c in cs]
    h, t = {n: [] for n in names}, {n: [] for n in names}
    for r in range(a.rounds):
        hr = run_haad(a.binary, names, a.threads)
        for n in names:
            h[n].append(hr[n])
        for n, _, _, fn in cs:
            t[n].append(time_torch(fn))
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    rows = []
    for n, flops, desc, _ in cs:
        hm, tm = statistics.median(h[n]), statistics.median(t[n])
        hb, tb = min(h[n]), min(t[n])
        rows.append({"op": desc, "haad_us": hm * 1e6, "torch_us": tm * 1e6, "haad_gflops": flops / hm / 1e9,
                     "torch_gflops": flops / tm / 1e9, "speedup_vs_torch": tm / hm,
                     "best_speedup_vs_torch": tb / hb,
                     "haad_all_us": [x * 1e6 for x in h[n]], "torch_all_us": [x * 1e6 for x in t[n]]})
    meta = {"threads": a.threads, "rounds": a.rounds, "torch": torch.__version__,
            "blas": "OpenBLAS (libopenblas0-pthread)" if os.path.exists(
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3") else "system default",
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "note": os.environ.get("HAAD_CMP_NOTE", "")}
    md = [f"threads={a.threads}, rounds={a.rounds} (median), torch {torch.__version__}, BLAS: {meta['blas']}, {meta['date']}"
          + (f"; {meta['note']}" if meta["note"] else ""), "",
          "| op | haad µs | PyTorch µs | haad GFLOP/s | PyTorch GFLOP/s | haad / PyTorch (median) | (best of rounds) |",
          "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        md.append(f"| {r['op']} | {r['haad_us']:.1f} | {r['torch_us']:.1f} | {r['haad_gflops']:.1f} | "
                  f"{r['torch_gflops']:.1f} | {r['speedup_vs_torch']:.2f}x | {r['best_speedup_vs_torch']:.2f}x |")
    text = "\n".join(md)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": meta, "rows": rows}, f, indent=1)
    if a.md:
        with open(a.md, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
