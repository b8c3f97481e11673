// Attention's fused softmax on CUDA (contract: kernels/cpu/attention.cpp):
// scale, key-padding mask, max shift, exp-sum and normalisation in one kernel,
// one block per row; the GEMMs around it are cuBLAS strided-batched.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void attn_fwd_k(const float* s, const float* mask, float* p, int64_t rows_per_batch, int64_t tk,
                           float sc) {
  const float* sr = s + blockIdx.x * tk;
  const float* mr = mask ? mask + (blockIdx.x / rows_per_batch) * tk : nullptr;
  float* pr = p + blockIdx.x * tk;
  float mx = -INFINITY;
  for (int64_t j = threadIdx.x; j < tk; j += blockDim.x)
    if (!mr || mr[j] != 0.f) mx = fmaxf(mx, sr[j] * sc);
  mx = block_max(mx);
  if (mx == -INFINITY) {
    for (int64_t j = threadIdx.x; j < tk; j += blockDim.x) pr[j] = 0.f;
    return;
  }
  float sum = 0.f;
  for (int64_t j = threadIdx.x; j < tk; j += blockDim.x)
    if (!mr || mr[j] != 0.f) sum += expf(sr[j] * sc - mx);
  sum = block_sum(sum);
  float inv = 1.f / sum;
  for (int64_t j = threadIdx.x; j < tk; j += blockDim.x)
    pr[j] = (!mr || mr[j] != 0.f) ? expf(sr[j] * sc - mx) * inv : 0.f;
}

__global__ void attn_bwd_k(const float* p, const float* gp, float* gs, int64_t tk, float sc) {
  const float* pr = p + blockIdx.x * tk;
  const float* gr = gp + blockIdx.x * tk;
  float* o = gs + blockIdx.x * tk;
  float d = 0.f;
  for (int64_t j = threadIdx.x; j < tk; j += blockDim.x) d += gr[j] * pr[j];
  d = block_sum(d);
  for (int64_t j = threadIdx.x; j < tk; j += blockDim.x) o[j] = sc * pr[j] * (gr[j] - d);
}

static int attn_threads(int64_t tk) { return tk >= 512 ? 256 : tk >= 128 ? 128 : 32; }

void cuda_attn_softmax_fwd(const float* s, const float* mask, float* p, int64_t rows, int64_t rows_per_batch,
                           int64_t tk, double scale) {
  if (rows == 0) return;
  attn_fwd_k<<<(unsigned)rows, attn_threads(tk)>>>(s, mask, p, rows_per_batch, tk, (float)scale);
  HAAD_LAUNCH_CHECK("attn_softmax_fwd");
}
void cuda_attn_softmax_bwd(const float* p, const float* gp, float* gs, int64_t rows, int64_t tk, double scale) {
  if (rows == 0) return;
  attn_bwd_k<<<(unsigned)rows, attn_threads(tk)>>>(p, gp, gs, tk, (float)scale);
  HAAD_LAUNCH_CHECK("attn_softmax_bwd");
}

}  // namespace haad
