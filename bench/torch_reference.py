#!/usr/bin/env python3
"""PyTorch reference of haad's few-shot anomaly detector, for two checks:

1. accuracy: the same DCT-GCN encoder, SupCon loss, batches, augmentation,
   schedule and unseen-category protocol, trained in PyTorch, should reach
   haad's AUC within noise (the proof that haad's engine trains correctly);
2. speed: one training step (64 samples) and single-clip scoring, same CPU and
   thread count, against haad's bench_model.

Input: the cleaned clips in haad's generic layout (haad convert --from msr ...)
and haad's results.json (for the held-out categories of each fold).
usage: torch_reference.py GENERIC_DIR RESULTS_JSON [--threads N] [--draws N] [--steps N] [--out JSON]
"""
import argparse, csv, json, math, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_generic(d):
    sk = json.load(open(os.path.join(d, "skeleton.json")))
    clips = []
    with open(os.path.join(d, "clips.csv")) as f:
        for r in csv.DictReader(f):
            clips.append((np.load(os.path.join(d, r["file"])).astype(np.float32), sk["classes"].index(r["label"]), int(r["subject"])))
    return sk, clips


def normalize(m, sk):
    parents, root = sk["parents"], sk["parents"].index(-1)
    m = m - m[0:1, root:root + 1, :]
    bones = [(j, p) for j, p in enumerate(parents) if p >= 0]
    scale = np.mean([np.linalg.norm(m[:, j] - m[:, p], axis=-1).mean() for j, p in bones])
    m = m / max(scale, 1e-9)
    l, r = sk["left_hip"], sk["right_hip"]
    dx, dz = m[0, r, 0] - m[0, l, 0], m[0, r, 2] - m[0, l, 2]
    if dx * dx + dz * dz > 1e-12:
        m = rotate_y(m, math.atan2(dz, dx))
    return m


def rotate_y(m, a):
    c, s = math.cos(a), math.sin(a)
    x, z = m[..., 0].copy(), m[..., 2].copy()
    m = m.copy()
    m[..., 0], m[..., 2] = c * x + s * z, -s * x + c * z
    return m


def resample(m, H):
    T = m.shape[0]
    src = np.linspace(0, T - 1, H) if H > 1 else np.zeros(1)
    a = np.floor(src).astype(int)
    b = np.minimum(a + 1, T - 1)
    w = (src - a)[:, None, None]
    return (1 - w) * m[a] + w * m[b]


def dct_basis(H, M):
    k, n = np.arange(M)[:, None], np.arange(H)[None, :]
    c = np.cos(np.pi * (n + 0.5) * k / H) * np.sqrt(2.0 / H)
    c[0] *= np.sqrt(0.5)
    return c.astype(np.float32)


def features(m, H, M, basis):  # [J, 3M], as haad orders them
    co = np.einsum("kt,tjc->kjc", basis, resample(m, H))  # [M, J, 3]
    return co.transpose(1, 2, 0).reshape(m.shape[1], 3 * M).astype(np.float32)


def augment(m, sk, rng):  # haad's AugmentConfig defaults
    T = m.shape[0]
    if T > 2:
        ln = max(2, int(round(T * (0.8 + 0.2 * rng.random()))))
        st = rng.integers(0, T - ln + 1)
        m = m[st:st + ln]
        f = 1 + 0.2 * (2 * rng.random() - 1)
        m = resample(m, max(2, int(round(m.shape[0] / f))))
    if rng.random() < 0.5:
        perm = list(range(m.shape[1]))
        for l, r in sk["lr_pairs"]:
            perm[l], perm[r] = r, l
        m = m[:, perm].copy()
        m[..., 0] *= -1
    m = rotate_y(m, (2 * rng.random() - 1) * math.pi / 6)
    m = m * (1 + 0.1 * (2 * rng.random() - 1))
    return m + 0.01 * rng.standard_normal(m.shape).astype(np.float32)


class Block(nn.Module):
    def __init__(self, J, C, p):
        super().__init__()
        self.lin, self.ln, self.p = nn.Linear(C, C), nn.LayerNorm(C), p
        self.adj_corr = nn.Parameter(torch.zeros(J, J))

    def forward(self, h, A):
        return h + F.dropout(F.gelu(self.ln(self.lin((A + self.adj_corr) @ h))), self.p, self.training)


class GCN(nn.Module):
    def __init__(self, sk, F_in, C=128, blocks=4, embed=128, p=0.1):
        super().__init__()
        J = len(sk["parents"])
        A = torch.eye(J)
        for j, par in enumerate(sk["parents"]):
            if par >= 0:
                A[j, par] = A[par, j] = 1
        d = A.sum(1).rsqrt()
        self.register_buffer("A", d[:, None] * A * d[None, :])
        self.inp = nn.Linear(F_in, C)
        self.blocks = nn.ModuleList([Block(J, C, p) for _ in range(blocks)])
        self.head1, self.head2 = nn.Linear(C, C), nn.Linear(C, embed)

    def pool(self, x):
        h = self.inp(x)
        for b in self.blocks:
            h = b(h, self.A)
        return h.mean(1)

    def forward(self, x):
        return F.normalize(self.head2(F.gelu(self.head1(self.pool(x)))), dim=-1)

    def embed(self, x):
        return F.normalize(self.pool(x), dim=-1)


def supcon(z, y, tau):
    n = z.shape[0]
    mask = (y[:, None] == y[None, :]).float() * (1 - torch.eye(n))
    logits = z @ z.T / tau
    logits = logits - logits.max(1, keepdim=True)[0].detach()
    exp = torch.exp(logits) * (1 - torch.eye(n))
    logp = logits - torch.log(exp.sum(1, keepdim=True))
    npos = mask.sum(1)
    keep = npos > 0
    return -((mask * logp).sum(1)[keep] / npos[keep]).mean()


def lr_at(step, base, warmup, total, min_lr):
    if step < warmup:
        return base * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, total - warmup))
    return min_lr + 0.5 * (base - min_lr) * (1 + math.cos(math.pi * t))


def train(model, data, idx, sk, a, rng):
    H, M, basis = 60, 20, dct_basis(60, 20)
    order = rng.permutation(idx)
    nval = int(round(0.15 * len(order)))
    val, tr = order[:nval], order[nval:]
    by = {}
    for i in tr:
        by.setdefault(data[i][1], []).append(i)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    vx = torch.tensor(np.stack([features(data[i][0], H, M, basis) for i in val]))
    vy = torch.tensor([data[i][1] for i in val])
    best, best_state, bad = 1e30, None, 0
    for step in range(a.steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, 2e-3, 20, a.steps, 1e-4)
        cls = rng.permutation(list(by))[:8]
        batch = []
        for c in cls:
            ids = rng.permutation(by[c])
            batch += [ids[q] if q < len(ids) else rng.choice(by[c]) for q in range(4)]
        views = batch + batch
        x = torch.tensor(np.stack([features(augment(data[i][0], sk, rng), H, M, basis) for i in views]))
        y = torch.tensor([data[i][1] for i in views])
        model.train()
        opt.zero_grad()
        loss = supcon(model(x), y, 0.1)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        if (step + 1) % 25 == 0 or step + 1 == a.steps:
            model.eval()
            with torch.no_grad():
                v = supcon(model(vx), vy, 0.1).item()
            if v < best - 1e-4:
                best, bad = v, 0
                best_state = {k: t.clone() for k, t in model.state_dict().items()}
            else:
                bad += 1
                if bad >= 4:
                    break
    model.load_state_dict(best_state)


def auc(scores, labels):
    s, y = np.asarray(scores), np.asarray(labels)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    P, N = y.sum(), len(y) - y.sum()
    tp = fp = 0
    area, prev_fp, prev_tp = 0.0, 0, 0
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            tp += y[j]
            fp += 1 - y[j]
            j += 1
        area += (fp - prev_fp) * (tp + prev_tp) / 2
        prev_fp, prev_tp = fp, tp
        i = j
    return area / (P * N)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("generic")
    ap.add_argument("results")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--draws", type=int, default=3)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    sk, raw = load_generic(a.generic)
    data = [(normalize(m, sk), c, s) for m, c, s in raw]
    classes = sk["classes"]
    res = json.load(open(a.results))
    folds = [[classes.index(n) for n in f["heldout"]] for f in res["settings"]["unseen"]["folds"]]
    train_ids = [i for i, d in enumerate(data) if d[2] % 2 == 1]
    test_ids = [i for i, d in enumerate(data) if d[2] % 2 == 0]
    basis = dct_basis(60, 20)
    feats = torch.tensor(np.stack([features(d[0], 60, 20, basis) for d in data]))
    per_draw = [[] for _ in range(a.draws)]
    t0 = time.time()
    for fi, held in enumerate(folds):
        model = GCN(sk, 60)
        train(model, data, [i for i in train_ids if data[i][1] not in held], sk, a, rng)
        model.eval()
        with torch.no_grad():
            emb = model.embed(feats).numpy()
        for draw in range(a.draws):
            for c in held:
                pool = [i for i in train_ids if data[i][1] == c]
                if len(pool) < 5:
                    continue
                sup = rng.choice(pool, 5, replace=False)
                test = [i for i in test_ids if data[i][1] in held]
                s = 1 - (emb[test] @ emb[sup].T).max(1)
                per_draw[draw].append(auc(s, [int(data[i][1] != c) for i in test]))
        print(f"fold {fi + 1}/{len(folds)} done ({time.time() - t0:.0f}s)", flush=True)
    draws = [float(np.mean(d)) for d in per_draw]
    train_s = time.time() - t0
    # timing: one training step of 64 samples, and single-clip scoring
    model = GCN(sk, 60)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    x, y = torch.randn(64, 20, 60), torch.tensor([(i % 32) // 4 for i in range(64)])
    times = []
    for it in range(30):
        t = time.perf_counter()
        opt.zero_grad()
        loss = supcon(model(x), y, 0.1)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        if it >= 5:
            times.append(time.perf_counter() - t)
    model.eval()
    with torch.no_grad():
        support = model.embed(torch.randn(5, 20, 60))
        one = torch.randn(1, 20, 60)
        lat = []
        for it in range(300):
            t = time.perf_counter()
            _ = 1 - (model.embed(one) @ support.T).max(1)[0]
            if it >= 20:
                lat.append(time.perf_counter() - t)
    out = {"torch": torch.__version__, "threads": a.threads, "unseen_auc_K5": {"mean": float(np.mean(draws)),
           "std": float(np.std(draws, ddof=1)) if len(draws) > 1 else 0.0, "draws": draws},
           "train_and_eval_seconds": train_s, "train_step_ms": 1e3 * float(np.median(times)),
           "score_single_clip_us": 1e6 * float(np.median(lat))}
    print(json.dumps(out, indent=1))
    if a.out:
        json.dump(out, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
