// Reductions over the middle axis of [outer, r, inner]. Rows (inner == 1) get a
// block each; otherwise one thread per output walks r (coalesced over inner).
// Both orders are fixed, so results are deterministic.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void sum_rows_k(const float* x, float* y, int64_t r) {
  const float* p = x + blockIdx.x * r;
  float acc = 0.f;
  for (int64_t k = threadIdx.x; k < r; k += blockDim.x) acc += p[k];
  acc = block_sum(acc);
  if (threadIdx.x == 0) y[blockIdx.x] = acc;
}

__global__ void sum_axis_k(const float* x, float* y, int64_t outer, int64_t r, int64_t inner) {
  HAAD_GRID_LOOP(t, outer * inner) {
    int64_t o = t / inner, i = t % inner;
    const float* p = x + o * r * inner + i;
    float acc = 0.f;
    for (int64_t k = 0; k < r; ++k) acc += p[k * inner];
    y[t] = acc;
  }
}

void cuda_sum_axis(const float* x, float* y, int64_t outer, int64_t r, int64_t inner) {
  if (outer * inner == 0) return;
  if (inner == 1 && r >= 256 && outer < (1 << 30)) sum_rows_k<<<(unsigned)outer, kThreads>>>(x, y, r);
  else sum_axis_k<<<blocks_for(outer * inner), kThreads>>>(x, y, outer, r, inner);
  HAAD_LAUNCH_CHECK("sum_axis");
}

__global__ void max_axis_k(const float* x, float* y, int64_t* am, int64_t outer, int64_t r, int64_t inner) {
  HAAD_GRID_LOOP(t, outer * inner) {
    int64_t o = t / inner, i = t % inner;
    const float* p = x + o * r * inner + i;
    float best = p[0];
    int64_t bi = 0;
    for (int64_t k = 1; k < r; ++k)
      if (p[k * inner] > best) { best = p[k * inner]; bi = k; }
    y[t] = best;
    am[t] = bi;
  }
}

__global__ void max_bwd_k(const float* gy, const int64_t* am, float* gx, int64_t outer, int64_t r, int64_t inner) {
  HAAD_GRID_LOOP(t, outer * inner) {
    int64_t o = t / inner, i = t % inner;
    gx[(o * r + am[t]) * inner + i] = gy[t];
  }
}

void cuda_max_axis(const float* x, float* y, int64_t* am, int64_t outer, int64_t r, int64_t inner) {
  if (outer * inner == 0) return;
  max_axis_k<<<blocks_for(outer * inner), kThreads>>>(x, y, am, outer, r, inner);
  HAAD_LAUNCH_CHECK("max_axis");
}

void cuda_max_axis_bwd(const float* gy, const int64_t* am, float* gx, int64_t outer, int64_t r, int64_t inner) {
  HAAD_CUDA_CHECK(cudaMemsetAsync(gx, 0, sizeof(float) * outer * r * inner));
  if (outer * inner == 0) return;
  max_bwd_k<<<blocks_for(outer * inner), kThreads>>>(gy, am, gx, outer, r, inner);
  HAAD_LAUNCH_CHECK("max_axis_bwd");
}

}  // namespace haad
