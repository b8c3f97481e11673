// im2col / col2im along time. col2im gathers (one thread per input element)
// instead of scattering, so it needs no atomics and is deterministic.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void im2col_k(const float* x, float* col, int64_t B, int64_t cin, int64_t len, int64_t kw, int64_t st,
                         int64_t pad, int64_t dil, int64_t lout) {
  HAAD_GRID_LOOP(t, B * cin * kw * lout) {
    int64_t o = t % lout, r = t / lout;  // r = (b*cin + c)*kw + k
    int64_t k = r % kw, bc = r / kw;
    int64_t i = o * st - pad + k * dil;
    col[t] = (i >= 0 && i < len) ? x[bc * len + i] : 0.f;
  }
}

__global__ void col2im_k(const float* col, float* gx, int64_t B, int64_t cin, int64_t len, int64_t kw, int64_t st,
                         int64_t pad, int64_t dil, int64_t lout) {
  HAAD_GRID_LOOP(t, B * cin * len) {
    int64_t i = t % len, bc = t / len;
    float acc = 0.f;
    for (int64_t k = 0; k < kw; ++k) {
      int64_t num = i + pad - k * dil;
      if (num < 0 || num % st) continue;
      int64_t o = num / st;
      if (o < lout) acc += col[(bc * kw + k) * lout + o];
    }
    gx[t] = acc;
  }
}

void cuda_im2col1d(const float* x, float* col, int64_t B, int64_t cin, int64_t len, int64_t kw, int64_t st, int64_t pad,
                   int64_t dil, int64_t lout) {
  int64_t n = B * cin * kw * lout;
  if (n == 0) return;
  im2col_k<<<blocks_for(n), kThreads>>>(x, col, B, cin, len, kw, st, pad, dil, lout);
  HAAD_LAUNCH_CHECK("im2col1d");
}

void cuda_col2im1d(const float* col, float* gx, int64_t B, int64_t cin, int64_t len, int64_t kw, int64_t st, int64_t pad,
                   int64_t dil, int64_t lout) {
  int64_t n = B * cin * len;
  if (n == 0) return;
  col2im_k<<<blocks_for(n), kThreads>>>(col, gx, B, cin, len, kw, st, pad, dil, lout);
  HAAD_LAUNCH_CHECK("col2im1d");
}

}  // namespace haad
