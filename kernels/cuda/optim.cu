// Fused optimizer updates and the squared norm used for gradient clipping.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void adamw_k(float* p, const float* g, float* m, float* v, int64_t n, float lr, float b1, float b2, float eps,
                        float wd, float step, float rb2, bool dec) {
  HAAD_GRID_LOOP(i, n) {
    float gi = g[i];
    if (dec) p[i] -= lr * wd * p[i];
    else gi += wd * p[i];
    m[i] = b1 * m[i] + (1.f - b1) * gi;
    v[i] = b2 * v[i] + (1.f - b2) * gi * gi;
    p[i] -= step * m[i] / (sqrtf(v[i]) * rb2 + eps);
  }
}

void cuda_adamw_step(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1, double b2, double eps,
                     double wd, double bc1, double bc2, bool dec) {
  if (n == 0) return;
  adamw_k<<<blocks_for(n), kThreads>>>(p, g, m, v, n, (float)lr, (float)b1, (float)b2, (float)eps, (float)wd,
                                       (float)(lr / bc1), (float)(1.0 / sqrt(bc2)), dec);
  HAAD_LAUNCH_CHECK("adamw_step");
}

__global__ void sgd_k(float* p, const float* g, float* buf, int64_t n, float lr, float mom, float damp, float wd,
                      bool nesterov, bool first) {
  HAAD_GRID_LOOP(i, n) {
    float d = g[i] + wd * p[i];
    if (mom != 0.f) {
      buf[i] = first ? d : mom * buf[i] + (1.f - damp) * d;
      d = nesterov ? d + mom * buf[i] : buf[i];
    }
    p[i] -= lr * d;
  }
}

void cuda_sgd_step(float* p, const float* g, float* buf, int64_t n, double lr, double mom, double damp, double wd,
                   bool nesterov, bool first) {
  if (n == 0) return;
  sgd_k<<<blocks_for(n), kThreads>>>(p, g, buf, n, (float)lr, (float)mom, (float)damp, (float)wd, nesterov, first);
  HAAD_LAUNCH_CHECK("sgd_step");
}

// one block: deterministic, and gradient tensors are small enough
__global__ void sumsq_k(const float* x, int64_t n, double* out) {
  double acc = 0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) acc += (double)x[i] * x[i];
  acc = block_sum(acc);
  if (threadIdx.x == 0) *out = acc;
}

void cuda_sumsq(const float* x, int64_t n, double* out) {
  if (n == 0) {
    cuda_fill(DType::F64, out, 1, 0.0);
    return;
  }
  sumsq_k<<<1, 1024>>>(x, n, out);
  HAAD_LAUNCH_CHECK("sumsq");
}

}  // namespace haad
