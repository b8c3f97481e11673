#!/usr/bin/env python3
"""The haad GCN encoder in PyTorch with a haad checkpoint's weights: export to
ONNX for bench/compare_ort.sh, and time PyTorch eager / optimize_for_inference
the same way bench_latency times haad (warm-up, each call timed alone, median).

  onnx_model.py export MODEL.safetensors OUTDIR     embed.onnx, score.onnx, x1.f32, x64.f32,
                                                    support.f32 (K=5), torch_*.f32, meta.json
  onnx_model.py time MODEL.safetensors OUTDIR B [--support] --mode eager|optimized --threads N --seconds S [--out Y.f32]

Reads the safetensors file itself (8-byte header length, JSON header, raw
little-endian tensors), so it needs only torch and numpy.
"""
import argparse, json, os, struct, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        head = json.loads(f.read(n))
        data = f.read()
    meta = head.pop("__metadata__", {})
    dt = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    out = {}
    for k, v in head.items():
        a, b = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dt[v["dtype"]]).reshape(v["shape"]).copy())
    return out, meta


class Block(nn.Module):
    def __init__(self, J, C):
        super().__init__()
        self.lin, self.ln = nn.Linear(C, C), nn.LayerNorm(C)
        self.adj_corr = nn.Parameter(torch.zeros(J, J))

    def forward(self, h, A):
        return h + F.gelu(self.ln(self.lin((A + self.adj_corr) @ h)))


class Encoder(nn.Module):
    """haad's GCNEncoder, layer norm, embedding from the backbone: per joint (nodes, haad's default) or pooled"""

    def __init__(self, w, meta):
        super().__init__()
        J, Fin, C, nb = int(meta["joints"]), int(meta["in_features"]), int(meta["hidden"]), int(meta["blocks"])
        if meta.get("arch") != "gcn" or meta.get("norm") != "layer" or meta.get("embed_from") not in ("backbone", "nodes"):
            sys.exit("onnx_model.py: only gcn / layer norm / nodes- or backbone-embedding models are exported")
        self.nodes = meta.get("embed_from") == "nodes"
        self.register_buffer("A", w["adjacency"])
        self.inp = nn.Linear(Fin, C)
        self.blocks = nn.ModuleList([Block(J, C) for _ in range(nb)])
        sd = {"A": w["adjacency"], "inp.weight": w["in.weight"], "inp.bias": w["in.bias"]}
        for b in range(nb):
            for k in ("lin.weight", "lin.bias", "ln.weight", "ln.bias", "adj_corr"):
                sd[f"blocks.{b}.{k}"] = w[f"blocks.{b}.{k}"]
        self.load_state_dict(sd)
        self.eval()

    def forward(self, x):  # [B, J, F] -> [B, C] unit rows
        h = self.inp(x)
        for b in self.blocks:
            h = b(h, self.A)
        return F.normalize(h.flatten(1) if self.nodes else h.mean(1), dim=-1)


class Scorer(nn.Module):  # embed + similarities to the support set: 1 - max cosine
    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, x, support):
        return 1 - (self.enc(x) @ support.t()).max(dim=1).values


def build(model):
    w, meta = load_safetensors(model)
    return Encoder(w, meta), meta


def export(a):
    enc, meta = build(a.model)
    os.makedirs(a.outdir, exist_ok=True)
    J, Fin = int(meta["joints"]), int(meta["in_features"])
    g = torch.Generator().manual_seed(1)
    x1, x64 = torch.randn(1, J, Fin, generator=g), torch.randn(64, J, Fin, generator=g)
    with torch.no_grad():
        support = enc(torch.randn(5, J, Fin, generator=g))
        ref1 = Scorer(enc)(x1, support)
        ref64 = enc(x64)
    torch.onnx.export(enc, (x64,), os.path.join(a.outdir, "embed.onnx"), opset_version=17, input_names=["x"],
                      output_names=["emb"], dynamic_axes={"x": {0: "B"}, "emb": {0: "B"}})
    torch.onnx.export(Scorer(enc), (x1, support), os.path.join(a.outdir, "score.onnx"), opset_version=17,
                      input_names=["x", "support"], output_names=["score"],
                      dynamic_axes={"x": {0: "B"}, "support": {0: "K"}, "score": {0: "B"}})
    for name, t in (("x1", x1), ("x64", x64), ("support", support), ("torch_score1", ref1), ("torch_embed64", ref64)):
        t.numpy().astype(np.float32).tofile(os.path.join(a.outdir, name + ".f32"))
    info = {"joints": J, "in_features": Fin, "dim": int(support.shape[1]), "K": 5, "torch": torch.__version__}
    try:
        import onnx  # Debian's python3-onnx, when installed: check the exported graphs
        for f in ("embed.onnx", "score.onnx"):
            onnx.checker.check_model(onnx.load(os.path.join(a.outdir, f)))
        info["onnx_checker"] = "passed"
    except ImportError:
        info["onnx_checker"] = "not run (python3-onnx not installed)"
    json.dump(info, open(os.path.join(a.outdir, "meta.json"), "w"), indent=1)
    print(json.dumps(info))


def timing(a):
    torch.set_num_threads(a.threads)
    enc, meta = build(a.model)
    J, Fin = int(meta["joints"]), int(meta["in_features"])
    x = torch.from_numpy(np.fromfile(os.path.join(a.outdir, f"x{a.B}.f32"), dtype=np.float32).reshape(a.B, J, Fin))
    sup = torch.from_numpy(np.fromfile(os.path.join(a.outdir, "support.f32"), dtype=np.float32).reshape(5, -1))
    m = Scorer(enc) if a.support else enc
    args = (x, sup) if a.support else (x,)
    with torch.no_grad():
        if a.mode == "optimized":
            m = torch.jit.optimize_for_inference(torch.jit.trace(m, args))
        call = lambda: m(*args)
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 0.2 * a.seconds:
            call()
        us, t0 = [], time.perf_counter()
        while time.perf_counter() - t0 < a.seconds or len(us) < 10:
            s = time.perf_counter()
            y = call()
            us.append((time.perf_counter() - s) * 1e6)
    if a.out:
        y.numpy().astype(np.float32).tofile(a.out)
    us.sort()
    print(json.dumps({"engine": f"torch-{a.mode}", "B": a.B, "K": 5 if a.support else 0, "threads": a.threads,
                      "iters": len(us), "median_us": us[len(us) // 2], "p10_us": us[len(us) // 10],
                      "mean_us": sum(us) / len(us)}))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("model")
    e.add_argument("outdir")
    t = sub.add_parser("time")
    t.add_argument("model")
    t.add_argument("outdir")
    t.add_argument("B", type=int)
    t.add_argument("--support", action="store_true")
    t.add_argument("--mode", choices=["eager", "optimized"], default="eager")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--seconds", type=float, default=1.0)
    t.add_argument("--out")
    a = p.parse_args()
    export(a) if a.cmd == "export" else timing(a)


if __name__ == "__main__":
    main()
