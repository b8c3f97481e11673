// Layer norm (block per row) and batch norm (block per channel). Parameter
// gradients are column sums done by one thread per column: deterministic.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void ln_fwd_k(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd,
                         int64_t cols, float eps) {
  const float* xr = x + blockIdx.x * cols;
  float s = 0.f;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += xr[j];
  float mu = block_sum(s) / cols;
  float v = 0.f;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) { float d = xr[j] - mu; v += d * d; }
  float rs = rsqrtf(block_sum(v) / cols + eps);
  if (threadIdx.x == 0) { mean[blockIdx.x] = mu; rstd[blockIdx.x] = rs; }
  float* yr = y + blockIdx.x * cols;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    float xh = (xr[j] - mu) * rs;
    yr[j] = g ? xh * g[j] + (b ? b[j] : 0.f) : xh;
  }
}

__global__ void ln_bwd_k(const float* gy, const float* x, const float* g, const float* mean, const float* rstd,
                         float* gx, int64_t cols) {
  const float* xr = x + blockIdx.x * cols;
  const float* gr = gy + blockIdx.x * cols;
  float mu = mean[blockIdx.x], rs = rstd[blockIdx.x];
  float s1 = 0.f, s2 = 0.f;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    float dxh = gr[j] * (g ? g[j] : 1.f);
    s1 += dxh;
    s2 += dxh * (xr[j] - mu) * rs;
  }
  s1 = block_sum(s1) / cols;
  s2 = block_sum(s2) / cols;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    float xh = (xr[j] - mu) * rs;
    gx[blockIdx.x * cols + j] = (gr[j] * (g ? g[j] : 1.f) - s1 - xh * s2) * rs;
  }
}

__global__ void ln_param_k(const float* gy, const float* x, const float* mean, const float* rstd, float* gg, float* gb,
                           int64_t rows, int64_t cols) {
  HAAD_GRID_LOOP(j, cols) {
    float ag = 0.f, ab = 0.f;
    for (int64_t r = 0; r < rows; ++r) {
      float gv = gy[r * cols + j];
      ag += gv * (x[r * cols + j] - mean[r]) * rstd[r];
      ab += gv;
    }
    if (gg) gg[j] = ag;
    if (gb) gb[j] = ab;
  }
}

static int row_threads(int64_t cols) { return cols >= 512 ? 256 : cols >= 128 ? 128 : 32; }

void cuda_layernorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, double eps) {
  if (rows == 0) return;
  ln_fwd_k<<<(unsigned)rows, row_threads(cols)>>>(x, g, b, y, mean, rstd, cols, (float)eps);
  HAAD_LAUNCH_CHECK("layernorm_fwd");
}

void cuda_layernorm_bwd(const float* gy, const float* x, const float* g, const float* mean, const float* rstd,
                        float* gx, float* gg, float* gb, int64_t rows, int64_t cols) {
  if (rows == 0) return;
  ln_bwd_k<<<(unsigned)rows, row_threads(cols)>>>(gy, x, g, mean, rstd, gx, cols);
  if (gg || gb) ln_param_k<<<blocks_for(cols, 128), 128>>>(gy, x, mean, rstd, gg, gb, rows, cols);
  HAAD_LAUNCH_CHECK("layernorm_bwd");
}

__global__ void bn_fwd_k(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, float* rm,
                         float* rv, int64_t outer, int64_t C, int64_t inner, float eps, float mom, bool train) {
  int64_t c = blockIdx.x, cnt = outer * inner;
  float mu, rs;
  if (train) {
    float s = 0.f;
    for (int64_t t = threadIdx.x; t < cnt; t += blockDim.x) s += x[((t / inner) * C + c) * inner + t % inner];
    mu = block_sum(s) / cnt;
    float v = 0.f;
    for (int64_t t = threadIdx.x; t < cnt; t += blockDim.x) {
      float d = x[((t / inner) * C + c) * inner + t % inner] - mu;
      v += d * d;
    }
    v = block_sum(v);
    rs = rsqrtf(v / cnt + eps);
    if (threadIdx.x == 0) {
      if (rm) rm[c] = (1 - mom) * rm[c] + mom * mu;
      if (rv) rv[c] = (1 - mom) * rv[c] + mom * (cnt > 1 ? v / (cnt - 1) : v / cnt);
    }
  } else {
    mu = rm[c];
    rs = rsqrtf(rv[c] + eps);
  }
  if (threadIdx.x == 0) { mean[c] = mu; rstd[c] = rs; }
  float gc = g ? g[c] : 1.f, bc = b ? b[c] : 0.f;
  for (int64_t t = threadIdx.x; t < cnt; t += blockDim.x) {
    int64_t p = ((t / inner) * C + c) * inner + t % inner;
    y[p] = (x[p] - mu) * rs * gc + bc;
  }
}

__global__ void bn_bwd_k(const float* gy, const float* x, const float* g, const float* mean, const float* rstd, float* gx,
                         float* gg, float* gb, int64_t outer, int64_t C, int64_t inner, bool train) {
  int64_t c = blockIdx.x, cnt = outer * inner;
  float mu = mean[c], rs = rstd[c], gc = g ? g[c] : 1.f;
  float sg = 0.f, sgx = 0.f;
  for (int64_t t = threadIdx.x; t < cnt; t += blockDim.x) {
    int64_t p = ((t / inner) * C + c) * inner + t % inner;
    sg += gy[p];
    sgx += gy[p] * (x[p] - mu) * rs;
  }
  sg = block_sum(sg);
  sgx = block_sum(sgx);
  if (threadIdx.x == 0) { gg[c] = sgx; gb[c] = sg; }
  for (int64_t t = threadIdx.x; t < cnt; t += blockDim.x) {
    int64_t p = ((t / inner) * C + c) * inner + t % inner;
    gx[p] = train ? gc * rs * (gy[p] - sg / cnt - (x[p] - mu) * rs * sgx / cnt) : gc * rs * gy[p];
  }
}

void cuda_batchnorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, float* rm,
                        float* rv, int64_t outer, int64_t C, int64_t inner, double eps, double mom, bool train) {
  if (C == 0) return;
  bn_fwd_k<<<(unsigned)C, kThreads>>>(x, g, b, y, mean, rstd, rm, rv, outer, C, inner, (float)eps, (float)mom, train);
  HAAD_LAUNCH_CHECK("batchnorm_fwd");
}

void cuda_batchnorm_bwd(const float* gy, const float* x, const float* g, const float* mean, const float* rstd, float* gx,
                        float* gg, float* gb, int64_t outer, int64_t C, int64_t inner, bool train) {
  if (C == 0) return;
  bn_bwd_k<<<(unsigned)C, kThreads>>>(gy, x, g, mean, rstd, gx, gg, gb, outer, C, inner, train);
  HAAD_LAUNCH_CHECK("batchnorm_bwd");
}

}  // namespace haad
