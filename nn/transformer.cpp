#include "nn/transformer.h"
#include <cmath>
#include <stdexcept>
#include "nn/init.h"

namespace haad {

MultiheadAttention::MultiheadAttention(int64_t d, int64_t h) : dim(d), heads(h), out_proj(d, d) {
  if (d % h != 0) throw std::invalid_argument("MultiheadAttention: dim " + std::to_string(d) +
                                              " is not a multiple of heads " + std::to_string(h));
  in_proj_weight = &param("in_proj_weight", xavier_uniform({3 * d, d}));
  in_proj_bias = &param("in_proj_bias", zeros({3 * d}));
  child("out_proj", out_proj);
  NoGradGuard ng;
  copy_(*out_proj.bias, zeros({d}));  // torch zeroes the output bias
}

Tensor MultiheadAttention::forward(const Tensor& x, const Tensor& key_mask) const {
  int64_t B = x.size(0), T = x.size(1), Dh = dim / heads;
  // one GEMM for q, k and v, then [B, T, 3, H, Dh] -> [3, B, H, T, Dh] views
  Tensor qkv = linear(x, *in_proj_weight, *in_proj_bias).reshape({B, T, 3, heads, Dh}).permute({2, 0, 3, 1, 4});
  Tensor o = attention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2), key_mask);  // [B, H, T, Dh]
  return out_proj.forward(o.permute({0, 2, 1, 3}).reshape({B, T, dim}));
}

TransformerEncoderLayer::TransformerEncoderLayer(int64_t d, int64_t h, int64_t ff, double p)
    : self_attn(d, h), linear1(d, ff), linear2(ff, d), norm1(d), norm2(d), dropout(p) {
  child("self_attn", self_attn);
  child("linear1", linear1);
  child("linear2", linear2);
  child("norm1", norm1);
  child("norm2", norm2);
}

Tensor TransformerEncoderLayer::forward(const Tensor& x, const Tensor& key_mask) const {
  Tensor h = x + haad::dropout(self_attn.forward(norm1.forward(x), key_mask), dropout, training);
  Tensor f = linear2.forward(haad::dropout(gelu(linear1.forward(norm2.forward(h))), dropout, training));
  return h + haad::dropout(f, dropout, training);
}

Tensor sinusoidal_embedding(const std::vector<double>& pos, int64_t dim) {
  std::vector<float> v(pos.size() * dim);
  for (size_t p = 0; p < pos.size(); ++p)
    for (int64_t i = 0; i < dim; i += 2) {
      double f = pos[p] / std::pow(10000.0, (double)i / dim);
      v[p * dim + i] = (float)std::sin(f);
      if (i + 1 < dim) v[p * dim + i + 1] = (float)std::cos(f);
    }
  return from_vector(v, {(int64_t)pos.size(), dim});
}

Tensor sinusoidal_table(int64_t n, int64_t dim) {
  std::vector<double> pos(n);
  for (int64_t i = 0; i < n; ++i) pos[i] = (double)i;
  return sinusoidal_embedding(pos, dim);
}

}  // namespace haad
