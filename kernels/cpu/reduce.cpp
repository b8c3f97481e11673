// Reductions over one axis of a tensor viewed as [outer, r, inner].
// Multi-dim reductions are sequences of these (done by the engine).
#include <cstring>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

template <class T>
static void sum_t(const T* x, T* y, int64_t outer, int64_t r, int64_t inner) {
  if (inner == 1) {
    // accumulate in double: sums feed losses and statistics
#pragma omp parallel for if (outer * r > HAAD_OMP_MIN)
    for (int64_t o = 0; o < outer; ++o) {
      double acc = 0;
      const T* p = x + o * r;
      for (int64_t k = 0; k < r; ++k) acc += p[k];
      y[o] = (T)acc;
    }
    return;
  }
  parallel_for(outer, HAAD_OMP_MIN / (r * inner + 1) + 1, [&](int64_t lo, int64_t hi) {
    for (int64_t o = lo; o < hi; ++o) {
      T* yo = y + o * inner;
      for (int64_t i = 0; i < inner; ++i) yo[i] = T(0);
      for (int64_t k = 0; k < r; ++k) {
        const T* p = x + (o * r + k) * inner;
#pragma omp simd
        for (int64_t i = 0; i < inner; ++i) yo[i] += p[i];
      }
    }
  });
}

void cpu_sum_axis(DType t, const void* x, void* y, int64_t outer, int64_t r, int64_t inner) {
  HAAD_FLOAT_DISPATCH(t, sum_t<T>((const T*)x, (T*)y, outer, r, inner));
}

void cpu_max_axis(DType t, const void* x, void* y, int64_t* am, int64_t outer, int64_t r, int64_t inner) {
  HAAD_FLOAT_DISPATCH(t, {
    const T* xp = (const T*)x;
    T* yp = (T*)y;
_Pragma("omp parallel for if (outer * r * inner > HAAD_OMP_MIN)")
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const T* p = xp + o * r * inner + i;
        T best = p[0];
        int64_t bi = 0;
        for (int64_t k = 1; k < r; ++k)
          if (p[k * inner] > best) { best = p[k * inner]; bi = k; }
        yp[o * inner + i] = best;
        am[o * inner + i] = bi;
      }
  });
}

void cpu_max_axis_bwd(DType t, const void* gy, const int64_t* am, void* gx, int64_t outer, int64_t r,
                      int64_t inner) {
  HAAD_FLOAT_DISPATCH(t, {
    const T* g = (const T*)gy;
    T* out = (T*)gx;
    std::memset(out, 0, sizeof(T) * outer * r * inner);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i)
        out[(o * r + am[o * inner + i]) * inner + i] = g[o * inner + i];
  });
}

}  // namespace haad
