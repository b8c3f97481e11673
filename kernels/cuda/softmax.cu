// Softmax / log-softmax over the last dim: one block per row, fused max, exp-sum
// and normalisation (three passes over the row, all from L1/L2).
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void softmax_fwd_k(const float* x, float* y, int64_t cols, bool lg) {
  const float* xr = x + blockIdx.x * cols;
  float* yr = y + blockIdx.x * cols;
  float mx = -INFINITY;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) mx = fmaxf(mx, xr[j]);
  mx = block_max(mx);
  float s = 0.f;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += expf(xr[j] - mx);
  s = block_sum(s);
  if (lg) {
    float lse = mx + logf(s);
    for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = xr[j] - lse;
  } else {
    float inv = 1.f / s;
    for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = expf(xr[j] - mx) * inv;
  }
}

__global__ void softmax_bwd_k(const float* y, const float* gy, float* gx, int64_t cols, bool lg) {
  const float* yr = y + blockIdx.x * cols;
  const float* gr = gy + blockIdx.x * cols;
  float* o = gx + blockIdx.x * cols;
  float d = 0.f;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) d += lg ? gr[j] : gr[j] * yr[j];
  d = block_sum(d);
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) o[j] = lg ? gr[j] - expf(yr[j]) * d : yr[j] * (gr[j] - d);
}

static int row_threads(int64_t cols) { return cols >= 512 ? 256 : cols >= 128 ? 128 : 32; }

void cuda_softmax_fwd(const float* x, float* y, int64_t rows, int64_t cols, bool lg) {
  if (rows == 0) return;
  softmax_fwd_k<<<(unsigned)rows, row_threads(cols)>>>(x, y, cols, lg);
  HAAD_LAUNCH_CHECK("softmax_fwd");
}
void cuda_softmax_bwd(const float* y, const float* gy, float* gx, int64_t rows, int64_t cols, bool lg) {
  if (rows == 0) return;
  softmax_bwd_k<<<(unsigned)rows, row_threads(cols)>>>(y, gy, gx, cols, lg);
  HAAD_LAUNCH_CHECK("softmax_bwd");
}

}  // namespace haad
