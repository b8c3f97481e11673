#!/usr/bin/env python3
"""Write PyTorch golden files for haad's tests (tests/golden/*.safetensors).

Run with Debian's python3-torch:  /usr/bin/python3 tools/make_golden.py
Each file holds the inputs, the parameters (named as haad names them), the
forward output, the loss target ("target"), the loss, every gradient ("grad.<name>") and the losses and
final parameters of 5 Adam steps ("adam.losses", "adam.<name>"). The test suite
reads them with haad's own safetensors reader; it needs no Python.
The files are written in the safetensors format directly (8-byte header
length, JSON header, raw little-endian data), as the safetensors package does.
"""
import json, os, struct, sys
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden")
DT = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def save_safetensors(path, tensors, metadata=None):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        b = t.numpy().tobytes()
        header[name] = {"dtype": DT[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(path + ".tmp", path)


def run(name, model, inputs, loss_fn, target):
    """forward + backward, then 5 Adam steps from the same start"""
    for x in inputs:
        if x.dtype.is_floating_point:
            x.requires_grad_(True)
    out = model(*inputs)
    loss = loss_fn(out)
    loss.backward()
    t = {}
    for i, x in enumerate(inputs):
        t[f"input{i}"] = x
        if x.grad is not None:
            t[f"grad.input{i}"] = x.grad.clone()
    for n, p in model.named_parameters():
        t[n] = p.detach().clone()
        t["grad." + n] = p.grad.clone()  # zero_grad() below zeroes grads in place
    for n, b in model.named_buffers():
        if b.dtype.is_floating_point:
            t["after." + n] = b.clone()  # buffers after the forward above (batch norm running stats)
    t["target"] = target
    t["output"] = out
    t["loss"] = loss.reshape(1)
    # 5 Adam steps (fresh start from the saved parameters)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(t[n])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        l = loss_fn(model(*[x.detach() for x in inputs]))
        l.backward()
        opt.step()
        losses.append(l.item())
    t["adam.losses"] = torch.tensor(losses, dtype=torch.float64)
    for n, p in model.named_parameters():
        t["adam." + n] = p.detach().clone()
    save_safetensors(os.path.join(OUT, name + ".safetensors"), t,
                     {"torch": torch.__version__, "writer": "tools/make_golden.py"})
    print(f"{name}: loss {loss.item():.6f}, adam losses {[round(v, 6) for v in losses]}")


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.l3 = nn.Linear(6, 16), nn.Linear(16, 8), nn.Linear(8, 3)

    def forward(self, x):
        return self.l3(torch.tanh(self.l2(F.gelu(self.l1(x)))))


class LNBlock(nn.Module):
    """pre-norm residual block + classifier head, cross-entropy loss"""
    def __init__(self):
        super().__init__()
        self.norm1, self.fc = nn.LayerNorm(12), nn.Linear(12, 12)
        self.norm2, self.head = nn.LayerNorm(12), nn.Linear(12, 5)

    def forward(self, x):
        h = x + F.silu(self.fc(self.norm1(x)))
        return F.log_softmax(self.head(self.norm2(h)), dim=-1)


class TConvBlock(nn.Module):
    """temporal conv -> batch norm (train) -> relu -> strided dilated conv -> mean over time"""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(5, 8, 5, stride=1, padding=2)
        self.bn = nn.BatchNorm1d(8)
        self.conv2 = nn.Conv1d(8, 4, 3, stride=2, padding=1, dilation=2)

    def forward(self, x):
        return self.conv2(F.relu(self.bn(self.conv1(x)))).mean(dim=2)


class EncoderLayer(nn.Module):
    """one pre-norm transformer encoder layer (GELU, no dropout) over a padded batch"""
    def __init__(self, pad_mask):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, activation="gelu",
                                                batch_first=True, norm_first=True)
        self.pad_mask = pad_mask  # True = padding (ignored as a key)

    def forward(self, x):
        return self.layer(x, src_key_padding_mask=self.pad_mask)


class LTDGraphConv(nn.Module):
    """LTD graph convolution: att (x W) + b, att a learnable dense J x J adjacency"""
    def __init__(self, J, fin, fout, bias):
        super().__init__()
        stdv = 1.0 / fout ** 0.5
        self.weight = nn.Parameter(torch.empty(fin, fout).uniform_(-stdv, stdv))
        self.att = nn.Parameter(torch.empty(J, J).uniform_(-stdv, stdv))
        self.bias = nn.Parameter(torch.empty(fout).uniform_(-stdv, stdv)) if bias else None

    def forward(self, x):
        y = self.att @ (x @ self.weight)
        return y if self.bias is None else y + self.bias


class LTDEncoder(nn.Module):
    """the authors' encoder (LTD residual GCN, batch norm over joints x channels, tanh,
    global residual), embedding = each joint's max over its features, L2-normalised"""
    def __init__(self, J, F_, hidden, blocks):
        super().__init__()
        self.gc_in, self.bn_in = LTDGraphConv(J, F_, hidden, True), nn.BatchNorm1d(J * hidden)
        self.gcs = nn.ModuleList([LTDGraphConv(J, hidden, hidden, False) for _ in range(2 * blocks)])
        self.bns = nn.ModuleList([nn.BatchNorm1d(J * hidden) for _ in range(2 * blocks)])
        self.gc_out = LTDGraphConv(J, hidden, F_, True)

    def layer(self, gc, bn, x):
        y = gc(x)
        B, J, C = y.shape
        return torch.tanh(bn(y.reshape(B, J * C)).reshape(B, J, C))

    def forward(self, x):
        h = self.layer(self.gc_in, self.bn_in, x)
        for b in range(0, len(self.gcs), 2):
            h = h + self.layer(self.gcs[b + 1], self.bns[b + 1], self.layer(self.gcs[b], self.bns[b], h))
        y = self.gc_out(h) + x
        return F.normalize(y.max(dim=2)[0], dim=1)


def supcon_reference(features, labels, tau):
    """SupConLoss as in Khosla et al.'s reference code (contrast_mode='all', one view
    per row here: the two views are separate rows sharing a label); anchors with no
    positive are left out of the mean."""
    n = features.shape[0]
    mask = torch.eq(labels.view(-1, 1), labels.view(1, -1)).float()
    logits = features @ features.T / tau
    logits = logits - logits.max(dim=1, keepdim=True)[0].detach()
    self_mask = 1 - torch.eye(n)
    mask = mask * self_mask
    exp_logits = torch.exp(logits) * self_mask
    log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True))
    npos = mask.sum(1)
    keep = npos > 0
    mean_log_prob_pos = (mask * log_prob).sum(1)[keep] / npos[keep]
    return -mean_log_prob_pos.mean()


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    mlp = MLP()
    x, y = torch.randn(5, 6), torch.randn(5, 3)
    run("mlp", mlp, [x], lambda o: F.mse_loss(o, y), y)

    torch.manual_seed(1)
    ln = LNBlock()
    with torch.no_grad():  # non-trivial affine parameters
        for m in (ln.norm1, ln.norm2):
            m.weight.add_(0.3 * torch.randn(12))
            m.bias.add_(0.3 * torch.randn(12))
    x = torch.randn(4, 7, 12)
    target = torch.randint(0, 5, (4, 7))
    run("layernorm_block", ln, [x], lambda o: -o.gather(-1, target.unsqueeze(-1)).mean(), target)

    torch.manual_seed(2)
    tc = TConvBlock()
    x, y = torch.randn(3, 5, 20), torch.randn(3, 4)
    run("tconv_block", tc, [x], lambda o: F.mse_loss(o, y), y)
    torch.manual_seed(4)
    pad = torch.zeros(3, 7, dtype=torch.bool)
    pad[1, 5:] = True
    pad[2, 3:] = True
    enc = EncoderLayer(pad)
    with torch.no_grad():  # non-zero biases and affine norms, so every path is exercised
        for n, p in enc.named_parameters():
            if n.endswith("bias") or "norm" in n:
                p.add_(0.2 * torch.randn_like(p))
    x, y = torch.randn(3, 7, 16), torch.randn(3, 7, 16)
    run("transformer_layer", enc, [x], lambda o: F.mse_loss(o, y), y)

    torch.manual_seed(6)
    ltd = LTDEncoder(5, 6, 8, 2)
    with torch.no_grad():  # non-trivial batch-norm affine parameters
        for bn in [ltd.bn_in] + list(ltd.bns):
            bn.weight.add_(0.2 * torch.randn_like(bn.weight))
            bn.bias.add_(0.2 * torch.randn_like(bn.bias))
    x, y = torch.randn(4, 5, 6), torch.randn(4, 5)
    run("ltd_encoder", ltd, [x], lambda o: F.mse_loss(o, y), y)

    torch.manual_seed(5)
    q, k, v = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 6, 8), torch.randn(2, 3, 6, 4)
    keep = torch.ones(2, 6)
    keep[0, 4:] = 0
    keep[1, 0] = 0
    w = torch.randn(2, 3, 5, 4)
    for t in (q, k, v):
        t.requires_grad_(True)
    # the definition (this torch predates F.scaled_dot_product_attention)
    s = (q @ k.transpose(-1, -2)) / 8 ** 0.5
    s = s.masked_fill(~keep.bool()[:, None, None, :], float("-inf"))
    o = torch.softmax(s, dim=-1) @ v
    (o * w).sum().backward()
    save_safetensors(os.path.join(OUT, "attention.safetensors"),
                     {"q": q.detach(), "k": k.detach(), "v": v.detach(), "mask": keep, "w": w, "output": o.detach(),
                      "grad.q": q.grad, "grad.k": k.grad, "grad.v": v.grad},
                     {"torch": torch.__version__, "writer": "tools/make_golden.py"})
    print("attention: written")

    torch.manual_seed(3)
    x = torch.randn(24, 16, requires_grad=True)
    labels = torch.tensor([0, 1, 2, 3, 4, 5] * 3 + [6, 7, 0, 1, 2, 9])
    loss = supcon_reference(F.normalize(x, dim=1), labels, 0.1)
    loss.backward()
    save_safetensors(os.path.join(OUT, "supcon.safetensors"),
                     {"x": x.detach(), "labels": labels, "loss": loss.detach().reshape(1), "grad.x": x.grad},
                     {"torch": torch.__version__, "writer": "tools/make_golden.py", "tau": "0.1"})
    print(f"supcon: loss {loss.item():.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
