// Elementwise unary ops and derivatives (same formulas as kernels/cpu/unary.cpp).
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__device__ inline float unary_f(UnaryOp op, float x, float s) {
  switch (op) {
    case UnaryOp::Relu: return x > 0.f ? x : 0.f;
    case UnaryOp::Gelu: return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
    case UnaryOp::Silu: return x / (1.f + expf(-x));
    case UnaryOp::Tanh: return tanhf(x);
    case UnaryOp::Sigmoid: return 1.f / (1.f + expf(-x));
    case UnaryOp::Exp: return expf(x);
    case UnaryOp::Log: return logf(x);
    case UnaryOp::Sqrt: return sqrtf(x);
    case UnaryOp::Pow2: return x * x;
    case UnaryOp::Abs: return fabsf(x);
    case UnaryOp::Neg: return -x;
    case UnaryOp::AddScalar: return x + s;
    case UnaryOp::MulScalar: return x * s;
    case UnaryOp::PowScalar: return powf(x, s);
  }
  return 0.f;
}

__device__ inline float unary_df(UnaryOp op, float x, float y, float s) {
  switch (op) {
    case UnaryOp::Relu: return x > 0.f ? 1.f : 0.f;
    case UnaryOp::Gelu: {
      float cdf = 0.5f * (1.f + erff(x * 0.70710678118654752f));
      return cdf + x * expf(-0.5f * x * x) * 0.39894228040143268f;
    }
    case UnaryOp::Silu: { float sg = 1.f / (1.f + expf(-x)); return sg * (1.f + x * (1.f - sg)); }
    case UnaryOp::Tanh: return 1.f - y * y;
    case UnaryOp::Sigmoid: return y * (1.f - y);
    case UnaryOp::Exp: return y;
    case UnaryOp::Log: return 1.f / x;
    case UnaryOp::Sqrt: return 0.5f / y;
    case UnaryOp::Pow2: return 2.f * x;
    case UnaryOp::Abs: return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f);
    case UnaryOp::Neg: return -1.f;
    case UnaryOp::AddScalar: return 1.f;
    case UnaryOp::MulScalar: return s;
    case UnaryOp::PowScalar: return s * powf(x, s - 1.f);
  }
  return 0.f;
}

__global__ void unary_fwd_k(UnaryOp op, const float* x, float* y, int64_t n, float s) {
  HAAD_GRID_LOOP(i, n) y[i] = unary_f(op, x[i], s);
}
__global__ void unary_bwd_k(UnaryOp op, const float* x, const float* y, const float* gy, float* gx, int64_t n, float s) {
  HAAD_GRID_LOOP(i, n) gx[i] = gy[i] * unary_df(op, x ? x[i] : 0.f, y ? y[i] : 0.f, s);
}

void cuda_unary_fwd(UnaryOp op, const float* x, float* y, int64_t n, float s) {
  if (n == 0) return;
  unary_fwd_k<<<blocks_for(n), kThreads>>>(op, x, y, n, s);
  HAAD_LAUNCH_CHECK("unary_fwd");
}
void cuda_unary_bwd(UnaryOp op, const float* x, const float* y, const float* gy, float* gx, int64_t n, float s) {
  if (n == 0) return;
  unary_bwd_k<<<blocks_for(n), kThreads>>>(op, x, y, gy, gx, n, s);
  HAAD_LAUNCH_CHECK("unary_bwd");
}

}  // namespace haad
