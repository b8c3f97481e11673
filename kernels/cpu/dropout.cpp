// Dropout with a counter-based mask: element i of a call is kept when
// uniform(seed, offset + i) >= p. Backward recomputes the same mask, so nothing
// is stored, and CUDA draws the identical mask.
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"

namespace haad {

void cpu_dropout_fwd(DType t, const void* x, void* y, int64_t n, double p, uint64_t seed, uint64_t offset) {
  HAAD_FLOAT_DISPATCH(t, {
    const T* xp = (const T*)x;
    T* yp = (T*)y;
    T scale = (T)(1.0 / (1.0 - p));
    for (int64_t i = 0; i < n; ++i) yp[i] = rng_uniform(seed, offset + i) >= (float)p ? xp[i] * scale : T(0);
  });
}

void cpu_dropout_bwd(DType t, const void* gy, void* gx, int64_t n, double p, uint64_t seed, uint64_t offset) {
  cpu_dropout_fwd(t, gy, gx, n, p, seed, offset);  // same mask, same scale
}

}  // namespace haad
