// Temporal 1-D convolution: im2col / col2im along time (the general path and
// the backward pass: the convolution is then a GEMM over the column matrix,
// done by the engine), and a direct forward for float with stride 1.
#include <cstring>
#include <vector>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

template <class T>
static void im2col_t(const void* x, void* col, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                     int64_t stride, int64_t pad, int64_t dil, int64_t lout) {
#pragma omp parallel for collapse(2) if (batch * cin * kw * lout > HAAD_OMP_MIN)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t c = 0; c < cin; ++c) {
        const T* xc = (const T*)x + (b * cin + c) * len;
        for (int64_t k = 0; k < kw; ++k) {
          T* row = (T*)col + ((b * cin + c) * kw + k) * lout;
          for (int64_t o = 0; o < lout; ++o) {
            int64_t i = o * stride - pad + k * dil;
            row[o] = (i >= 0 && i < len) ? xc[i] : T(0);
          }
        }
      }
}

template <class T>
static void col2im_t(const void* col, void* gx, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                     int64_t stride, int64_t pad, int64_t dil, int64_t lout) {
#pragma omp parallel for collapse(2) if (batch * cin * kw * lout > HAAD_OMP_MIN)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t c = 0; c < cin; ++c) {
        T* gc = (T*)gx + (b * cin + c) * len;
        std::memset(gc, 0, sizeof(T) * len);
        for (int64_t k = 0; k < kw; ++k) {
          const T* row = (const T*)col + ((b * cin + c) * kw + k) * lout;
          for (int64_t o = 0; o < lout; ++o) {
            int64_t i = o * stride - pad + k * dil;
            if (i >= 0 && i < len) gc[i] += row[o];
          }
        }
      }
}

void cpu_im2col1d(DType t, const void* x, void* col, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                  int64_t stride, int64_t pad, int64_t dil, int64_t lout) {
  HAAD_FLOAT_DISPATCH(t, im2col_t<T>(x, col, batch, cin, len, kw, stride, pad, dil, lout));
}

void cpu_col2im1d(DType t, const void* col, void* gx, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                  int64_t stride, int64_t pad, int64_t dil, int64_t lout) {
  HAAD_FLOAT_DISPATCH(t, col2im_t<T>(col, gx, batch, cin, len, kw, stride, pad, dil, lout));
}

// Direct forward, float, stride 1: per clip, y = W' X (+ bias) as one GEMM of
// the plan kernels (kernels/cpu/fused.cpp) whose B rows are the zero-padded
// input rows shifted by k * dil: A'(co, k*Cin + ci) = W[co, ci, k] and
// B(k*Cin + ci, t) = xpad[ci, t + k*dil]. No column matrix is written (with
// im2col it is Cin*Kw times the input, 44 MB for the benchmark shape, and its
// packing is redone for every clip); each clip's input is read Kw times from L1.
void cpu_conv1d_direct_fwd(const float* x, const float* w, const float* bias, float* y, int64_t batch, int64_t cin,
                           int64_t len, int64_t cout, int64_t kw, int64_t pad, int64_t dil, int64_t lout) {
  const int64_t CK = cin * kw, Lp = len + 2 * pad;
  std::vector<float> wp((size_t)(cout * CK));
  for (int64_t co = 0; co < cout; ++co)
    for (int64_t ci = 0; ci < cin; ++ci)
      for (int64_t k = 0; k < kw; ++k) wp[co * CK + k * cin + ci] = w[(co * cin + ci) * kw + k];
  const int nr = cpu_plan_panel_width();
  const PlanEpilogue none;
  // one padded copy and one row table per chunk of clips (per thread)
  parallel_for(batch, 2, [&](int64_t lo, int64_t hi) {
    std::vector<float> xpad((size_t)(cin * Lp), 0.f);
    std::vector<const float*> rows((size_t)CK);
    for (int64_t k = 0; k < kw; ++k)
      for (int64_t ci = 0; ci < cin; ++ci) rows[k * cin + ci] = xpad.data() + ci * Lp + k * dil;
    for (int64_t b = lo; b < hi; ++b) {
      for (int64_t ci = 0; ci < cin; ++ci) std::memcpy(&xpad[ci * Lp + pad], x + (b * cin + ci) * len, sizeof(float) * len);
      float* yb = y + b * cout * lout;
      cpu_plan_gemm(wp.data(), CK, cout, CK, plan_b_rows(rows.data(), nr), lout, nullptr, yb, lout, none);
      if (bias)
        for (int64_t co = 0; co < cout; ++co)
          for (int64_t t = 0; t < lout; ++t) yb[co * lout + t] += bias[co];
    }
  });
}

}  // namespace haad
