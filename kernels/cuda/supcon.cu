// Fused supervised contrastive loss on CUDA: cuBLAS for S = Z Z^T / tau, one
// block per anchor row for the masked log-softmax and its loss term, one thread
// per entry for the symmetrised gradient, cuBLAS again for dZ = G Z / tau.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"
#include <vector>

namespace haad {

// per row: softmax over j != i (in place), loss_i and whether i has positives
__global__ void supcon_rows_k(float* s, const int64_t* y, int64_t N, float* row_loss, int* row_npos) {
  int64_t i = blockIdx.x;
  float* r = s + i * N;
  float mx = -INFINITY;
  for (int64_t j = threadIdx.x; j < N; j += blockDim.x) if (j != i) mx = fmaxf(mx, r[j]);
  mx = block_max(mx);
  float z = 0.f;
  for (int64_t j = threadIdx.x; j < N; j += blockDim.x) if (j != i) z += expf(r[j] - mx);
  z = block_sum(z);
  float lse = mx + logf(z);
  float ps = 0.f;
  int np = 0;
  for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
    if (j != i && y[j] == y[i]) { ps += r[j] - lse; ++np; }
  ps = block_sum(ps);
  np = block_sum(np);
  for (int64_t j = threadIdx.x; j < N; j += blockDim.x) r[j] = j == i ? 0.f : expf(r[j] - lse);
  if (threadIdx.x == 0) {
    row_loss[i] = np ? -ps / np : 0.f;
    row_npos[i] = np;
  }
}

__global__ void supcon_grad_k(const float* prob, const int64_t* y, const int* npos, float* G, int64_t N, float sc) {
  HAAD_GRID_LOOP(t, N * N) {
    int64_t i = t / N, j = t % N;
    float g = 0.f;
    if (i != j) {
      if (npos[i]) g += sc * (prob[i * N + j] - (y[j] == y[i] ? 1.f / npos[i] : 0.f));
      if (npos[j]) g += sc * (prob[j * N + i] - (y[i] == y[j] ? 1.f / npos[j] : 0.f));
    }
    G[t] = g;
  }
}

__global__ void supcon_npos_k(const int64_t* y, int64_t N, int* npos) {
  HAAD_GRID_LOOP(i, N) {
    int c = 0;
    for (int64_t j = 0; j < N; ++j) c += j != i && y[j] == y[i];
    npos[i] = c;
  }
}

double cuda_supcon_fwd(const float* z, const int64_t* y, float* prob, float* loss, int* np, int64_t N, int64_t D,
                       double tau) {
  if (N == 0) return 0.0;  // a launch with zero blocks is an error
  GemmArgs g{N, N, D, z, D, 1, z, 1, D, prob, N, 1.0 / tau, 0.0};
  cuda_gemm_batched(g, 1, 0, 0, 0);
  supcon_rows_k<<<(unsigned)N, N >= 256 ? 256 : 32>>>(prob, y, N, loss, np);
  HAAD_LAUNCH_CHECK("supcon_rows");
  std::vector<float> hl(N);
  std::vector<int> hn(N);
  cuda_memcpy_d2h(hl.data(), loss, sizeof(float) * N);
  cuda_memcpy_d2h(hn.data(), np, sizeof(int) * N);
  double total = 0;
  int64_t anchors = 0;
  for (int64_t i = 0; i < N; ++i)
    if (hn[i]) { total += hl[i]; ++anchors; }
  return anchors ? total / anchors : 0.0;
}

void cuda_supcon_bwd(const float* z, const int64_t* y, const float* prob, float* gz, int* np, float* G, int64_t N, int64_t D,
                     double tau, double gout) {
  if (N == 0) return;
  supcon_npos_k<<<blocks_for(N), kThreads>>>(y, N, np);
  std::vector<int> hn(N);
  cuda_memcpy_d2h(hn.data(), np, sizeof(int) * N);
  int64_t anchors = 0;
  for (int v : hn) anchors += v > 0;
  supcon_grad_k<<<blocks_for(N * N), kThreads>>>(prob, y, np, G, N, anchors ? (float)(gout / anchors) : 0.f);
  HAAD_LAUNCH_CHECK("supcon_grad");
  GemmArgs g{N, D, N, G, N, 1, z, D, 1, gz, D, 1.0 / tau, 0.0};
  cuda_gemm_batched(g, 1, 0, 0, 0);
}

}  // namespace haad
