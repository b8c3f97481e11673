// Transformer blocks with torch.nn's parameter names and layouts, so a haad
// state dict loads into torch.nn.TransformerEncoderLayer(d, heads, ff,
// activation="gelu", batch_first=True, norm_first=True) and back.
// Attention weights are not dropped (dropout acts on the residual branches and
// inside the feed-forward block); in eval mode the two are identical.
#pragma once
#include "nn/layers.h"

namespace haad {

struct MultiheadAttention : Module {
  int64_t dim, heads;
  Tensor* in_proj_weight;  // [3D, D]: q, k, v stacked
  Tensor* in_proj_bias;    // [3D]
  Linear out_proj;
  MultiheadAttention(int64_t dim, int64_t heads);
  // self-attention over x [B, T, D]; key_mask [B, T] (nonzero = real) or undefined
  Tensor forward(const Tensor& x, const Tensor& key_mask = Tensor()) const;
};

// pre-norm encoder layer: x + drop(attn(norm1(x))), then x + drop(ff(norm2(x)))
struct TransformerEncoderLayer : Module {
  MultiheadAttention self_attn;
  Linear linear1, linear2;
  LayerNorm norm1, norm2;
  double dropout;
  TransformerEncoderLayer(int64_t dim, int64_t heads, int64_t ff, double dropout = 0.1);
  Tensor forward(const Tensor& x, const Tensor& key_mask = Tensor()) const;
};

// sinusoidal table [n, dim]: pe[p, 2i] = sin(p / 10000^(2i/dim)), pe[p, 2i+1] = cos(...)
Tensor sinusoidal_table(int64_t n, int64_t dim);
// the same formula at arbitrary (e.g. diffusion time) positions: pos [B] -> [B, dim]
Tensor sinusoidal_embedding(const std::vector<double>& pos, int64_t dim);

}  // namespace haad
