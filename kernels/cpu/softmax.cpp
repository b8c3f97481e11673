// Softmax and log-softmax over the last dim, numerically stable (max shift).
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/vecmath.h"

namespace haad {

template <class T>
static void fwd_t(const T* x, T* y, int64_t rows, int64_t cols, bool lg) {
  parallel_for(rows, HAAD_OMP_MIN / 4 / (cols + 1) + 1, [&](int64_t lo, int64_t hi) {
  for (int64_t r = lo; r < hi; ++r) {
    const T* xr = x + r * cols;
    T* yr = y + r * cols;
    T mx = xr[0];
#pragma omp simd reduction(max : mx)
    for (int64_t j = 1; j < cols; ++j) mx = xr[j] > mx ? xr[j] : mx;
    T sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < cols; ++j) { T e = vexp(xr[j] - mx); yr[j] = e; sum += e; }
    if (lg) {
      T lse = mx + std::log(sum);
      for (int64_t j = 0; j < cols; ++j) yr[j] = xr[j] - lse;
    } else {
      T inv = T(1) / sum;
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j) yr[j] *= inv;
    }
  }
  });
}

template <class T>
static void bwd_t(const T* y, const T* gy, T* gx, int64_t rows, int64_t cols, bool lg) {
  parallel_for(rows, HAAD_OMP_MIN / 4 / (cols + 1) + 1, [&](int64_t lo, int64_t hi) {
  for (int64_t r = lo; r < hi; ++r) {
    const T* yr = y + r * cols;
    const T* gr = gy + r * cols;
    T* o = gx + r * cols;
    T dot = 0;
    if (lg) {
#pragma omp simd reduction(+ : dot)
      for (int64_t j = 0; j < cols; ++j) dot += gr[j];
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j) o[j] = gr[j] - vexp(yr[j]) * dot;
    } else {
#pragma omp simd reduction(+ : dot)
      for (int64_t j = 0; j < cols; ++j) dot += gr[j] * yr[j];
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j) o[j] = yr[j] * (gr[j] - dot);
    }
  }
  });
}

void cpu_softmax_fwd(DType t, const void* x, void* y, int64_t rows, int64_t cols, bool lg) {
  HAAD_FLOAT_DISPATCH(t, fwd_t<T>((const T*)x, (T*)y, rows, cols, lg));
}
void cpu_softmax_bwd(DType t, const void* y, const void* gy, void* gx, int64_t rows, int64_t cols, bool lg) {
  HAAD_FLOAT_DISPATCH(t, bwd_t<T>((const T*)y, (const T*)gy, (T*)gx, rows, cols, lg));
}

}  // namespace haad
