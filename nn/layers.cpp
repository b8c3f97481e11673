#include "nn/layers.h"
#include <cmath>
#include "nn/init.h"

namespace haad {

Linear::Linear(int64_t in, int64_t out, bool has_bias) {
  weight = &param("weight", kaiming_uniform({out, in}, std::sqrt(5.0)));
  bias = has_bias ? &param("bias", uniform_fan_in({out}, in)) : nullptr;
}
Tensor Linear::forward(const Tensor& x) const { return linear(x, *weight, bias ? *bias : Tensor()); }

LayerNorm::LayerNorm(int64_t dim, double e) : eps(e) {
  weight = &param("weight", ones({dim}));
  bias = &param("bias", zeros({dim}));
}
Tensor LayerNorm::forward(const Tensor& x) const { return layer_norm(x, *weight, *bias, eps); }

BatchNorm1d::BatchNorm1d(int64_t c, double e, double m) : eps(e), momentum(m) {
  weight = &param("weight", ones({c}));
  bias = &param("bias", zeros({c}));
  running_mean = &buffer("running_mean", zeros({c}));
  running_var = &buffer("running_var", ones({c}));
  num_batches_tracked = &buffer("num_batches_tracked", zeros({}, DType::I64));
}
Tensor BatchNorm1d::forward(const Tensor& x) {
  if (training) increment_(*num_batches_tracked);
  return batch_norm(x, *weight, *bias, *running_mean, *running_var, training, momentum, eps);
}

Conv1d::Conv1d(int64_t in, int64_t out, int64_t k, int64_t s, int64_t p, int64_t d, bool has_bias)
    : stride(s), padding(p), dilation(d) {
  weight = &param("weight", kaiming_uniform({out, in, k}, std::sqrt(5.0)));
  bias = has_bias ? &param("bias", uniform_fan_in({out}, in * k)) : nullptr;
}
Tensor Conv1d::forward(const Tensor& x) const {
  return conv1d(x, *weight, bias ? *bias : Tensor(), stride, padding, dilation);
}

Embedding::Embedding(int64_t num, int64_t dim) { weight = &param("weight", randn({num, dim})); }
Tensor Embedding::forward(const Tensor& idx) const { return embedding(*weight, idx); }

}  // namespace haad
