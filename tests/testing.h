// Test helpers: closeness checks, double-precision gradient checks against
// central finite differences, and the CUDA gate (skip without a device unless
// HAAD_REQUIRE_CUDA=1, which turns a missing device into a failure).
#pragma once
#include <gtest/gtest.h>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>
#include "engine/ops.h"
#include "engine/rng.h"

namespace haad::test {

inline bool require_cuda_env() {
  const char* v = std::getenv("HAAD_REQUIRE_CUDA");
  return v && *v && *v != '0';
}

#define HAAD_NEED_CUDA()                                                                        \
  do {                                                                                          \
    if (!::haad::cuda_available()) {                                                            \
      if (::haad::test::require_cuda_env()) FAIL() << "HAAD_REQUIRE_CUDA=1 but " << ::haad::cuda_describe(); \
      GTEST_SKIP() << "no CUDA device (" << ::haad::cuda_describe() << "); set HAAD_REQUIRE_CUDA=1 to fail instead"; \
    }                                                                                           \
  } while (0)

// max |a-b| / (atol + rtol*|b|) <= 1 elementwise
inline ::testing::AssertionResult all_close(const Tensor& a, const Tensor& b, double rtol, double atol) {
  if (a.shape() != b.shape())
    return ::testing::AssertionFailure() << "shape " << a.shape().str() << " vs " << b.shape().str();
  std::vector<double> x = a.to_vector<double>(), y = b.to_vector<double>();
  for (size_t i = 0; i < x.size(); ++i) {
    double err = std::fabs(x[i] - y[i]);
    if (!(err <= atol + rtol * std::fabs(y[i])))
      return ::testing::AssertionFailure() << "at " << i << ": " << x[i] << " vs " << y[i] << " (err " << err << ")";
  }
  return ::testing::AssertionSuccess();
}

inline Tensor randu(const Dims& s, double lo, double hi, DType t = DType::F64) {
  return rand(s, t, Device::CPU, lo, hi);
}

using OpFn = std::function<Tensor(const std::vector<Tensor>&)>;

// Gradient of sum(fn(inputs) * w) for a fixed random w, analytic vs central
// differences, all in double precision.
inline ::testing::AssertionResult gradcheck(const OpFn& fn, std::vector<Tensor> inputs, double eps = 1e-6,
                                            double rtol = 1e-5, double atol = 1e-6) {
  for (Tensor& x : inputs) { x = x.detach().contiguous().clone(); x.requires_grad_(true); }
  Tensor out = fn(inputs);
  Tensor w = rand(out.shape(), DType::F64, Device::CPU, -1, 1);
  sum(mul(out, w)).backward();
  NoGradGuard ng;
  auto loss = [&]() { return sum(mul(fn(inputs), w)).item(); };
  for (size_t k = 0; k < inputs.size(); ++k) {
    Tensor x = inputs[k];
    Tensor g = x.grad();
    std::vector<double> ga = g.defined() ? g.to_vector<double>() : std::vector<double>(x.numel(), 0.0);
    double* p = x.data<double>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      double save = p[i];
      p[i] = save + eps;
      double lp = loss();
      p[i] = save - eps;
      double lm = loss();
      p[i] = save;
      double num = (lp - lm) / (2 * eps);
      if (!(std::fabs(num - ga[i]) <= atol + rtol * std::fabs(num)))
        return ::testing::AssertionFailure() << "input " << k << " elem " << i << ": analytic " << ga[i]
                                             << " vs numeric " << num;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace haad::test
