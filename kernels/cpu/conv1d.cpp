// Temporal 1-D convolution helpers: im2col / col2im along time, per batch item.
// The convolution itself is a GEMM over the column matrix (done by the engine),
// which keeps one fast kernel for all the heavy lifting.
#include <cstring>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"

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

}  // namespace haad
