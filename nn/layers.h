// Standard layers. Weights follow PyTorch's layouts and default initialisation,
// so state dicts map one to one onto torch.nn modules of the same names.
#pragma once
#include "nn/module.h"

namespace haad {

struct Linear : Module {
  Tensor* weight;  // [out, in]
  Tensor* bias;    // [out] or undefined
  Linear(int64_t in, int64_t out, bool bias = true);
  Tensor forward(const Tensor& x) const;
};

struct LayerNorm : Module {
  Tensor* weight;
  Tensor* bias;
  double eps;
  explicit LayerNorm(int64_t dim, double eps = 1e-5);
  Tensor forward(const Tensor& x) const;
};

// channels at dim 1 ([N, C] or [N, C, L]), like torch.nn.BatchNorm1d
struct BatchNorm1d : Module {
  Tensor* weight;
  Tensor* bias;
  Tensor* running_mean;
  Tensor* running_var;
  Tensor* num_batches_tracked;
  double eps, momentum;
  explicit BatchNorm1d(int64_t channels, double eps = 1e-5, double momentum = 0.1);
  Tensor forward(const Tensor& x);
};

struct Conv1d : Module {
  Tensor* weight;  // [out, in, k]
  Tensor* bias;
  int64_t stride, padding, dilation;
  Conv1d(int64_t in, int64_t out, int64_t k, int64_t stride = 1, int64_t padding = 0, int64_t dilation = 1,
         bool bias = true);
  Tensor forward(const Tensor& x) const;
};

struct Embedding : Module {
  Tensor* weight;  // [num, dim]
  Embedding(int64_t num, int64_t dim);
  Tensor forward(const Tensor& idx) const;
};

}  // namespace haad
