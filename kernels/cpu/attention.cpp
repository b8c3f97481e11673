// Attention's fused softmax: P = softmax(scale * S) over keys, with an optional
// key-padding mask. S is [B*H*Tq, Tk] (rows ordered b, h, q); mask is [B, Tk]
// (nonzero = real frame), shared by the H*Tq rows of its batch entry. Masked
// keys get probability exactly 0; a row with every key masked is all zeros
// (instead of NaN). The two GEMMs around it are the batched GEMM of matmul.cpp.
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/vecmath.h"

namespace haad {

template <class T>
static void attn_fwd_t(const T* s, const T* mask, T* p, int64_t rows, int64_t rows_per_batch, int64_t tk,
                       double scale) {
  const T sc = (T)scale;
  parallel_for(rows, HAAD_OMP_MIN / 4 / (tk + 1) + 1, [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; ++r) {
      const T* sr = s + r * tk;
      const T* mr = mask ? mask + (r / rows_per_batch) * tk : nullptr;
      T* pr = p + r * tk;
      T mx = -INFINITY;
      for (int64_t j = 0; j < tk; ++j)
        if (!mr || mr[j] != 0) mx = sr[j] * sc > mx ? sr[j] * sc : mx;
      if (mx == -INFINITY) {  // every key masked
        for (int64_t j = 0; j < tk; ++j) pr[j] = 0;
        continue;
      }
      T sum = 0;
      if (mr) {
        for (int64_t j = 0; j < tk; ++j) {
          T e = mr[j] != 0 ? vexp(sr[j] * sc - mx) : T(0);
          pr[j] = e;
          sum += e;
        }
      } else {
#pragma omp simd reduction(+ : sum)
        for (int64_t j = 0; j < tk; ++j) { T e = vexp(sr[j] * sc - mx); pr[j] = e; sum += e; }
      }
      T inv = T(1) / sum;
#pragma omp simd
      for (int64_t j = 0; j < tk; ++j) pr[j] *= inv;
    }
  });
}

// gs = scale * p * (gp - <gp, p>)   (masked entries have p = 0, so gs = 0 there)
template <class T>
static void attn_bwd_t(const T* p, const T* gp, T* gs, int64_t rows, int64_t tk, double scale) {
  const T sc = (T)scale;
  parallel_for(rows, HAAD_OMP_MIN / 4 / (tk + 1) + 1, [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; ++r) {
      const T* pr = p + r * tk;
      const T* gr = gp + r * tk;
      T* o = gs + r * tk;
      T dot = 0;
#pragma omp simd reduction(+ : dot)
      for (int64_t j = 0; j < tk; ++j) dot += gr[j] * pr[j];
#pragma omp simd
      for (int64_t j = 0; j < tk; ++j) o[j] = sc * pr[j] * (gr[j] - dot);
    }
  });
}

void cpu_attn_softmax_fwd(DType t, const void* s, const void* mask, void* p, int64_t rows, int64_t rows_per_batch,
                          int64_t tk, double scale) {
  HAAD_FLOAT_DISPATCH(t, attn_fwd_t<T>((const T*)s, (const T*)mask, (T*)p, rows, rows_per_batch, tk, scale));
}
void cpu_attn_softmax_bwd(DType t, const void* p, const void* gp, void* gs, int64_t rows, int64_t tk, double scale) {
  HAAD_FLOAT_DISPATCH(t, attn_bwd_t<T>((const T*)p, (const T*)gp, (T*)gs, rows, tk, scale));
}

}  // namespace haad
