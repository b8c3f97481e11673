// index_select / gather and their backward (scatter-add with atomics: the
// order of additions for repeated indices is not fixed on CUDA).
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

template <class T>
__global__ void index_select_k(const T* x, const int64_t* idx, T* out, int64_t outer, int64_t n, int64_t inner, int64_t m) {
  HAAD_GRID_LOOP(t, outer * m * inner) {
    int64_t k = t % inner, r = t / inner, i = r % m, o = r / m;
    out[t] = x[(o * n + idx[i]) * inner + k];
  }
}

__global__ void index_select_bwd_k(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner,
                                   int64_t m) {
  HAAD_GRID_LOOP(t, outer * m * inner) {
    int64_t k = t % inner, r = t / inner, i = r % m, o = r / m;
    atomicAdd(&gx[(o * n + idx[i]) * inner + k], gy[t]);
  }
}

template <class T>
__global__ void gather_k(const T* x, const int64_t* idx, T* out, int64_t outer, int64_t n, int64_t inner, int64_t m) {
  HAAD_GRID_LOOP(t, outer * m * inner) {
    int64_t k = t % inner, o = t / (m * inner);
    out[t] = x[(o * n + idx[t]) * inner + k];
  }
}

__global__ void gather_bwd_k(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner,
                             int64_t m) {
  HAAD_GRID_LOOP(t, outer * m * inner) {
    int64_t k = t % inner, o = t / (m * inner);
    atomicAdd(&gx[(o * n + idx[t]) * inner + k], gy[t]);
  }
}

void cuda_index_select(DType t, const void* x, const int64_t* idx, void* out, int64_t outer, int64_t n, int64_t inner,
                       int64_t m) {
  int64_t tot = outer * m * inner;
  if (tot == 0) return;
  if (t == DType::F32) index_select_k<float><<<blocks_for(tot), kThreads>>>((const float*)x, idx, (float*)out, outer, n, inner, m);
  else if (t == DType::F64) index_select_k<double><<<blocks_for(tot), kThreads>>>((const double*)x, idx, (double*)out, outer, n, inner, m);
  else index_select_k<int64_t><<<blocks_for(tot), kThreads>>>((const int64_t*)x, idx, (int64_t*)out, outer, n, inner, m);
  HAAD_LAUNCH_CHECK("index_select");
}

void cuda_index_select_bwd(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner, int64_t m) {
  int64_t tot = outer * m * inner;
  if (tot == 0) return;
  index_select_bwd_k<<<blocks_for(tot), kThreads>>>(gy, idx, gx, outer, n, inner, m);
  HAAD_LAUNCH_CHECK("index_select_bwd");
}

void cuda_gather(DType t, const void* x, const int64_t* idx, void* out, int64_t outer, int64_t n, int64_t inner, int64_t m) {
  int64_t tot = outer * m * inner;
  if (tot == 0) return;
  if (t == DType::F32) gather_k<float><<<blocks_for(tot), kThreads>>>((const float*)x, idx, (float*)out, outer, n, inner, m);
  else if (t == DType::F64) gather_k<double><<<blocks_for(tot), kThreads>>>((const double*)x, idx, (double*)out, outer, n, inner, m);
  else gather_k<int64_t><<<blocks_for(tot), kThreads>>>((const int64_t*)x, idx, (int64_t*)out, outer, n, inner, m);
  HAAD_LAUNCH_CHECK("gather");
}

void cuda_gather_bwd(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n, int64_t inner, int64_t m) {
  int64_t tot = outer * m * inner;
  if (tot == 0) return;
  gather_bwd_k<<<blocks_for(tot), kThreads>>>(gy, idx, gx, outer, n, inner, m);
  HAAD_LAUNCH_CHECK("gather_bwd");
}

}  // namespace haad
