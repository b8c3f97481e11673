// Shared CUDA helpers: error checks, launch sizes, block reductions.
#pragma once
#include <cuda_runtime.h>
#include <stdexcept>
#include <string>
#include "kernels/common.h"

namespace haad {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(e));
}
#define HAAD_CUDA_CHECK(expr) ::haad::cuda_check((expr), #expr)
#define HAAD_LAUNCH_CHECK(name) ::haad::cuda_check(cudaGetLastError(), name)

constexpr int kThreads = 256;
inline unsigned blocks_for(int64_t n, int threads = kThreads) {
  int64_t b = (n + threads - 1) / threads;
  if (b < 1) b = 1;
  return (unsigned)(b > 65535LL * 16 ? 65535LL * 16 : b);
}

// grid-stride loop over [0, n)
#define HAAD_GRID_LOOP(i, n) \
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (int64_t)gridDim.x * blockDim.x)

// sum over the block (blockDim.x a multiple of 32, at most 1024); result valid in every thread
template <class T>
__device__ inline T block_sum(T v) {
  __shared__ T sh[32];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  int lane = threadIdx.x & 31, w = threadIdx.x >> 5;
  __syncthreads();
  if (lane == 0) sh[w] = v;
  __syncthreads();
  int nw = (blockDim.x + 31) >> 5;
  T r = lane < nw ? sh[lane] : T(0);
  for (int o = 16; o > 0; o >>= 1) r += __shfl_xor_sync(0xffffffffu, r, o);
  return r;
}

__device__ inline float block_max(float v) {
  __shared__ float sh[32];
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  int lane = threadIdx.x & 31, w = threadIdx.x >> 5;
  __syncthreads();
  if (lane == 0) sh[w] = v;
  __syncthreads();
  int nw = (blockDim.x + 31) >> 5;
  float r = lane < nw ? sh[lane] : -INFINITY;
  for (int o = 16; o > 0; o >>= 1) r = fmaxf(r, __shfl_xor_sync(0xffffffffu, r, o));
  return r;
}

// offset of linear element i (row-major over l.shape) under l's strides
__device__ inline int64_t layout_offset(const Layout& l, int64_t i) {
  int64_t off = 0;
  for (int d = l.ndim - 1; d >= 0; --d) {
    int64_t s = l.shape[d];
    off += (i % s) * l.stride[d];
    i /= s;
  }
  return off;
}

}  // namespace haad
