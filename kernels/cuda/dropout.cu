// Dropout with the counter-based mask: bit-identical to the CPU kernel.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void dropout_k(const float* x, float* y, int64_t n, uint32_t p16, float scale, uint64_t seed, uint64_t off) {
  HAAD_GRID_LOOP(i, n) {
    uint64_t c = off + i;
    y[i] = dropout_keep(dropout_bits(seed, c), c, p16) ? x[i] * scale : 0.f;
  }
}

void cuda_dropout_fwd(const float* x, float* y, int64_t n, double p, uint64_t seed, uint64_t off) {
  if (n == 0) return;
  dropout_k<<<blocks_for(n), kThreads>>>(x, y, n, dropout_threshold(p), (float)(1.0 / (1.0 - p)), seed, off);
  HAAD_LAUNCH_CHECK("dropout");
}

}  // namespace haad
