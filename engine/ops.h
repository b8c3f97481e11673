// Differentiable ops. Each family's forward, backward wiring and dispatch to
// kernels/cpu and kernels/cuda lives in engine/ops/<family>.cpp.
#pragma once
#include <vector>
#include "engine/autograd.h"
#include "engine/tensor.h"

namespace haad {

// ---- layout.cpp
Tensor cat(const std::vector<Tensor>& xs, int dim);
Tensor stack(const std::vector<Tensor>& xs, int dim);
void copy_(const Tensor& dst, const Tensor& src);  // in place, no history; shapes must match
// in place, no history: x += by for an i64 tensor on any device (counters such
// as BatchNorm's num_batches_tracked; exact, no round trip through floats)
void increment_(const Tensor& x, int64_t by = 1);

// ---- unary.cpp
Tensor relu(const Tensor& x);
Tensor gelu(const Tensor& x);
Tensor silu(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor square(const Tensor& x);  // pow2
Tensor abs(const Tensor& x);
Tensor neg(const Tensor& x);
Tensor add_scalar(const Tensor& x, double s);
Tensor mul_scalar(const Tensor& x, double s);
Tensor pow_scalar(const Tensor& x, double s);
Tensor unary(UnaryOp op, const Tensor& x, double s = 0);

// ---- binary.cpp (numpy broadcasting)
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);  // cond != 0 ? a : b
Tensor masked_fill(const Tensor& x, const Tensor& mask, double value);
Dims broadcast_shape(const Dims& a, const Dims& b);
inline Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
inline Tensor operator*(const Tensor& a, double s) { return mul_scalar(a, s); }
inline Tensor operator+(const Tensor& a, double s) { return add_scalar(a, s); }
inline Tensor operator-(const Tensor& a) { return neg(a); }

// ---- reduce.cpp
Tensor sum(const Tensor& x, const std::vector<int>& dims, bool keepdim = false);
Tensor sum(const Tensor& x);  // all elements -> scalar
Tensor mean(const Tensor& x, const std::vector<int>& dims, bool keepdim = false);
Tensor mean(const Tensor& x);
Tensor max(const Tensor& x, int dim, bool keepdim = false);
Tensor var(const Tensor& x, const std::vector<int>& dims, bool unbiased = true, bool keepdim = false);
Tensor sum_to(const Tensor& x, const Dims& shape);  // reverse of broadcasting
Tensor argmax(const Tensor& x, int dim);            // i64, no gradient

// ---- softmax.cpp
Tensor softmax(const Tensor& x, int dim = -1);
Tensor log_softmax(const Tensor& x, int dim = -1);

// ---- norm.cpp
Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, double eps = 1e-5);
// channels at dim 1 of x ([N, C] or [N, C, L...]); running stats updated in place when training
Tensor batch_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, const Tensor& running_mean,
                  const Tensor& running_var, bool training, double momentum = 0.1, double eps = 1e-5);
Tensor l2_normalize(const Tensor& x, int dim = -1, double eps = 1e-12);

// ---- matmul.cpp
// a [..., M, K] x b [..., K, N]; batch dims broadcast (a 2-D b is shared by every batch)
Tensor matmul(const Tensor& a, const Tensor& b);
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& bias);  // x W^T + b, W is [out, in]
Tensor cosine_similarity_matrix(const Tensor& a, const Tensor& b, double eps = 1e-8);  // [n,d]x[m,d]->[n,m]

// ---- conv1d.cpp: x [B, Cin, L], w [Cout, Cin, Kw], bias [Cout] or undefined
Tensor conv1d(const Tensor& x, const Tensor& w, const Tensor& bias, int64_t stride = 1, int64_t pad = 0,
              int64_t dilation = 1);

// ---- index.cpp
Tensor index_select(const Tensor& x, int dim, const Tensor& idx);  // idx: 1-D i64
Tensor embedding(const Tensor& weight, const Tensor& idx);         // idx any shape -> idx.shape + [D]
Tensor gather(const Tensor& x, int dim, const Tensor& idx);        // idx same rank as x

// ---- dropout.cpp (counter-based mask from the global generator)
Tensor dropout(const Tensor& x, double p, bool training);

// ---- supcon.cpp: supervised contrastive loss (Khosla et al.) over embeddings
// z [N, D] (L2-normalise them first) with i64 labels [N]; a scalar. Anchors
// without a positive in the batch are left out of the mean.
Tensor supcon_loss(const Tensor& z, const Tensor& labels, double tau = 0.1);

// ---- attention.cpp: scaled dot-product attention, softmax(scale * q k^T) v.
// q [B, H, Tq, D], k [B, H, Tk, D], v [B, H, Tk, Dv] -> [B, H, Tq, Dv].
// key_mask [B, Tk] (nonzero = real key) or undefined: masked keys get weight 0.
// scale <= 0 means 1/sqrt(D). Gradients flow to q, k and v.
Tensor attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& key_mask = Tensor(),
                 double scale = 0);

}  // namespace haad
