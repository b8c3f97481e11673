// Copies between strided layouts, fills, casts and counter-based random fills.
#include <cmath>
#include <cstring>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

template <class T>
static void copy_t(const T* src, const Layout& ls, T* dst, const Layout& ld) {
  int64_t n = 1;
  for (int d = 0; d < ls.ndim; ++d) n *= ls.shape[d];
  if (n == 0) return;
  if (layout_contiguous(ls) && layout_contiguous(ld)) { std::memcpy(dst, src, n * sizeof(T)); return; }
  int nd = ls.ndim;
  if (nd == 0) { dst[0] = src[0]; return; }
  // walk the outer dims with a counter; the last dim is the inner loop
  int64_t len = ls.shape[nd - 1], ss = ls.stride[nd - 1], sd = ld.stride[nd - 1];
  int64_t rows = n / len;
  parallel_for(rows, HAAD_OMP_MIN / len + 1, [&](int64_t lo, int64_t hi) {
  for (int64_t r = lo; r < hi; ++r) {
    int64_t rem = r, os = 0, od = 0;
    for (int d = nd - 2; d >= 0; --d) {
      int64_t i = rem % ls.shape[d];
      rem /= ls.shape[d];
      os += i * ls.stride[d];
      od += i * ld.stride[d];
    }
    const T* s = src + os;
    T* o = dst + od;
    for (int64_t j = 0; j < len; ++j) o[j * sd] = s[j * ss];
  }
  });
}

void cpu_copy(DType t, const void* src, const Layout& ls, void* dst, const Layout& ld) {
  HAAD_ANY_DISPATCH(t, copy_t<T>((const T*)src, ls, (T*)dst, ld));
}

void cpu_fill(DType t, void* dst, int64_t n, double value) {
  HAAD_ANY_DISPATCH(t, {
    T* d = (T*)dst;
    T v = (T)value;
    for (int64_t i = 0; i < n; ++i) d[i] = v;
  });
}

void cpu_add_i64(int64_t* x, int64_t n, int64_t v) {
  for (int64_t i = 0; i < n; ++i) x[i] += v;
}

void cpu_cast(DType from, const void* src, DType to, void* dst, int64_t n) {
  HAAD_ANY_DISPATCH(from, {
    const T* s = (const T*)src;
    using S = T;
    HAAD_ANY_DISPATCH(to, {
      T* d = (T*)dst;
      for (int64_t i = 0; i < n; ++i) d[i] = (T)s[i];
    });
    (void)sizeof(S);
  });
}

void cpu_fill_uniform(DType t, void* dst, int64_t n, double lo, double hi, uint64_t seed, uint64_t offset) {
  HAAD_FLOAT_DISPATCH(t, {
    T* d = (T*)dst;
    for (int64_t i = 0; i < n; ++i) d[i] = (T)(lo + (hi - lo) * rng_uniform53(seed, offset + i));
  });
}

// Box-Muller on pairs of counters: element i uses counters 2i and 2i+1.
void cpu_fill_normal(DType t, void* dst, int64_t n, double mean, double std, uint64_t seed, uint64_t offset) {
  HAAD_FLOAT_DISPATCH(t, {
    T* d = (T*)dst;
    for (int64_t i = 0; i < n; ++i) {
      double u1 = rng_uniform53(seed, offset + 2 * i), u2 = rng_uniform53(seed, offset + 2 * i + 1);
      double r = std::sqrt(-2.0 * std::log(1.0 - u1));
      d[i] = (T)(mean + std * r * std::cos(6.283185307179586 * u2));
    }
  });
}

}  // namespace haad
