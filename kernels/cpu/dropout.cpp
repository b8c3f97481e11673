// Dropout with a counter-based mask: element i of a call is kept when its
// 16-bit uniform (dropout_bits/dropout_keep in kernels/common.h, one hash per
// four elements) is >= p. Backward recomputes the same mask, so nothing is
// stored, and CUDA draws the identical mask.
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

template <class T>
static void dropout_t(const T* x, T* y, int64_t n, double p, uint64_t seed, uint64_t off) {
  const T scale = (T)(1.0 / (1.0 - p));
  const uint32_t p16 = dropout_threshold(p);
  parallel_for(n, HAAD_OMP_MIN, [&](int64_t lo, int64_t hi) {
    auto one = [&](int64_t i, uint64_t bits) { y[i] = dropout_keep(bits, off + i, p16) ? x[i] * scale : T(0); };
    int64_t i = lo;
    for (; i < hi && ((off + i) & 3); ++i) one(i, dropout_bits(seed, off + i));  // up to a group boundary
    for (; i + 4 <= hi; i += 4) {  // whole groups: one hash for four elements, no branch
      uint64_t bits = dropout_bits(seed, off + i);
      for (int l = 0; l < 4; ++l) y[i + l] = ((bits >> (16 * l)) & 0xffff) >= p16 ? x[i + l] * scale : T(0);
    }
    for (; i < hi; ++i) one(i, dropout_bits(seed, off + i));
  });
}

void cpu_dropout_fwd(DType t, const void* x, void* y, int64_t n, double p, uint64_t seed, uint64_t offset) {
  HAAD_FLOAT_DISPATCH(t, dropout_t<T>((const T*)x, (T*)y, n, p, seed, offset));
}

void cpu_dropout_bwd(DType t, const void* gy, void* gx, int64_t n, double p, uint64_t seed, uint64_t offset) {
  cpu_dropout_fwd(t, gy, gx, n, p, seed, offset);  // same mask, same scale
}

}  // namespace haad
