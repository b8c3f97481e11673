#!/usr/bin/env python3
"""PyTorch reference of haad's motion denoiser (diffusion/denoiser.cpp), for
timing against bench/bench_diffusion.cpp on the same CPU and thread count:

  train step : batch 32, H=56 frames, 20 joints: q_sample, forward, x0 + velocity
               + bone-length loss, backward, gradient clipping, AdamW
  DDIM-50    : 16 clips, classifier-free guidance (32-clip forward batches), no grad

The architecture is haad's, parameter for parameter (the count is printed and
checked by bench/compare_diffusion.sh): input projection, sinusoidal step table
-> Linear -> SiLU -> Linear, class embedding (+1 "no class" row) added to it as a
prepended token, sinusoidal positions, pre-norm nn.TransformerEncoderLayer
(GELU, batch_first) x L with a key-padding mask, final LayerNorm, output projection.
usage: torch_diffusion.py [--threads N] [--out JSON] [--reps N] [--device cpu|cuda]
On CUDA the timings synchronise the device, TF32 is off (haad's cuBLAS calls are
plain FP32), and DDIM-50 is also timed with the network step captured in a CUDA
graph (torch.cuda.CUDAGraph), as haad's sampler does.
"""
import argparse, json, math, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

MSR20_PARENTS = [2, 2, 3, 6, 6, 6, -1, 0, 1, 7, 8, 9, 10, 4, 5, 13, 14, 15, 16, 2]


def sinusoid(n, d):
    pe = torch.zeros(n, d)
    pos = torch.arange(n, dtype=torch.float64)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float64)
    f = pos / torch.pow(10000.0, i / d)
    pe[:, 0::2] = torch.sin(f).float()
    pe[:, 1::2] = torch.cos(f).float()
    return pe


class Denoiser(nn.Module):
    def __init__(self, J=20, C=20, H=56, D=256, L=4, heads=4, ff=1024, dropout=0.1, T=1000):
        super().__init__()
        self.input_process = nn.Linear(J * 3, D)
        self.time_mlp1, self.time_mlp2 = nn.Linear(D, D), nn.Linear(D, D)
        self.class_embed = nn.Embedding(C + 1, D)
        self.layers = nn.ModuleList([nn.TransformerEncoderLayer(D, heads, ff, dropout, activation="gelu",
                                                                batch_first=True, norm_first=True) for _ in range(L)])
        self.final_norm = nn.LayerNorm(D)
        self.output_process = nn.Linear(D, J * 3)
        self.register_buffer("time_table", sinusoid(T, D), persistent=False)
        self.register_buffer("pos_table", sinusoid(H + 1, D), persistent=False)
        self.p = dropout

    def forward(self, x, t, cls, mask):
        B, H = x.shape[0], x.shape[1]
        temb = self.time_mlp2(F.silu(self.time_mlp1(self.time_table[t])))
        cond = (temb + self.class_embed(cls)).unsqueeze(1)
        seq = torch.cat([cond, self.input_process(x)], 1) + self.pos_table[:H + 1]
        seq = F.dropout(seq, self.p, self.training)
        pad = torch.cat([torch.zeros(B, 1, dtype=torch.bool, device=x.device), mask < 0.5], 1)
        for l in self.layers:
            seq = l(seq, src_key_padding_mask=pad)
        return self.output_process(self.final_norm(seq[:, 1:]))


def cosine_alpha_bar(T=1000, s=0.008):
    f = lambda t: math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    ab, prod = [], 1.0
    for t in range(T):
        prod *= 1 - min(1 - f(t + 1) / f(t), 0.999)
        ab.append(prod)
    return torch.tensor(ab, dtype=torch.float64)


def loss_fn(pred, x0, mask):
    B, H, C = pred.shape
    m3 = mask[..., None]
    frames = mask.sum()
    l = ((pred - x0) ** 2 * m3).sum() / (frames * C)
    vp, vx = pred[:, 1:] - pred[:, :-1], x0[:, 1:] - x0[:, :-1]
    vm = (mask[:, 1:] * mask[:, :-1])[..., None]
    l = l + ((vp - vx) ** 2 * vm).sum() / (vm.sum() * C)
    ch = torch.tensor([j for j, p in enumerate(MSR20_PARENTS) if p >= 0], device=pred.device)
    pa = torch.tensor([p for p in MSR20_PARENTS if p >= 0], device=pred.device)
    def bl(y):
        y = y.reshape(B, H, -1, 3)
        return torch.sqrt(((y[:, :, ch] - y[:, :, pa]) ** 2).sum(-1) + 1e-8)
    l = l + ((bl(pred) - bl(x0)) ** 2 * m3).sum() / (frames * len(ch))
    return l


def ddim(net, ab, cls, mask, steps=50, g=2.0, H=56, C=60, graph=False):
    B, dev = cls.shape[0], cls.device
    null = torch.full_like(cls, 20)
    cls2, mask2 = torch.cat([cls, null]), torch.cat([mask, mask])
    x = torch.randn(B, H, C, device=dev)
    ts = [i * 1000 // steps for i in range(steps - 1, -1, -1)]
    step = lambda xin, tin: net(xin, tin, cls2, mask2)
    if graph:  # the network evaluation captured once, replayed every step (static input/output buffers)
        xin, tin = torch.cat([x, x]), torch.full((2 * B,), ts[0], dtype=torch.long, device=dev)
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for _ in range(2):
                step(xin, tin)
        torch.cuda.current_stream().wait_stream(s)
        cg = torch.cuda.CUDAGraph()
        with torch.cuda.graph(cg):
            yout = step(xin, tin)
        def step(xn, tn):
            xin.copy_(xn)
            tin.copy_(tn)
            cg.replay()
            return yout
    for k, t in enumerate(ts):
        tp = ts[k + 1] if k + 1 < len(ts) else -1
        y = step(torch.cat([x, x]), torch.full((2 * B,), t, dtype=torch.long, device=dev))
        x0 = y[B:] + g * (y[:B] - y[B:])
        a, ap = ab[t].item(), ab[tp].item() if tp >= 0 else 1.0
        eps = (x - math.sqrt(a) * x0) / math.sqrt(1 - a)
        x = math.sqrt(ap) * x0 + math.sqrt(1 - ap) * eps
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--out", default="")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dev = torch.device(a.device)
    cuda = a.device == "cuda"
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    net = Denoiser().to(dev)
    nparam = sum(p.numel() for p in net.parameters())
    ab = cosine_alpha_bar()
    opt = torch.optim.AdamW(net.parameters(), lr=5e-4, weight_decay=0.0)
    B = 32
    x0, mask = torch.randn(B, 56, 60, device=dev), torch.ones(B, 56, device=dev)
    cls = torch.arange(B, device=dev) % 21
    t = (torch.arange(B, device=dev) * 37) % 1000
    ab_dev = ab.to(dev)
    net.train()
    times = []
    for i in range(a.reps + 3):
        sync()
        t0 = time.perf_counter()
        noise = torch.randn_like(x0)
        s = ab_dev[t].float()[:, None, None]
        xt = s.sqrt() * x0 + (1 - s).sqrt() * noise
        loss = loss_fn(net(xt, t, cls, mask), x0, mask)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        sync()
        if i >= 3:
            times.append(time.perf_counter() - t0)
    step_ms = statistics.median(times) * 1e3
    net.eval()
    def time_ddim(graph):
        stimes = []
        with torch.no_grad():
            c16, m16 = torch.arange(16, device=dev) % 20, torch.ones(16, 56, device=dev)
            ddim(net, ab, c16, m16, steps=5, graph=graph)  # warm-up
            for _ in range(3):
                sync()
                t0 = time.perf_counter()
                ddim(net, ab, c16, m16, graph=graph)
                sync()
                stimes.append(time.perf_counter() - t0)
        return statistics.median(stimes) * 1e3, [x * 1e3 for x in stimes]
    sample_ms, sample_all = time_ddim(False)
    r = {"torch": torch.__version__, "device": a.device, "threads": a.threads, "parameters": nparam,
         "train_step_ms": step_ms, "train_step_ms_all": [x * 1e3 for x in times], "ddim50_16clips_ms": sample_ms,
         "ddim50_all_ms": sample_all}
    if cuda:
        r["device_name"] = torch.cuda.get_device_name(0)
        r["ddim50_16clips_graph_ms"], r["ddim50_graph_all_ms"] = time_ddim(True)
    print(json.dumps(r, indent=1))
    if a.out:
        json.dump(r, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
