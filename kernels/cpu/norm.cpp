// Layer norm (over the last dim) and batch norm (per channel of [outer, C, inner]).
// Statistics are accumulated in double; variance is the biased one in the
// normalisation and the unbiased one in the running estimate, as in PyTorch.
#include <cmath>
#include <vector>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

template <class T>
static void ln_fwd(const T* x, const T* g, const T* b, T* y, T* mean, T* rstd, int64_t rows,
                   int64_t cols, double eps) {
  parallel_for(rows, HAAD_OMP_MIN / 4 / (cols + 1) + 1, [&](int64_t lo, int64_t hi) {
  for (int64_t r = lo; r < hi; ++r) {
    const T* xr = x + r * cols;
    // statistics accumulate in double; omp simd lets the reductions vectorise
    double s = 0, ss = 0;
#pragma omp simd reduction(+ : s)
    for (int64_t j = 0; j < cols; ++j) s += xr[j];
    double mu = s / cols;
#pragma omp simd reduction(+ : ss)
    for (int64_t j = 0; j < cols; ++j) { double d = xr[j] - mu; ss += d * d; }
    double rs = 1.0 / std::sqrt(ss / cols + eps);
    mean[r] = (T)mu;
    rstd[r] = (T)rs;
    T* yr = y + r * cols;
    const T muT = (T)mu, rsT = (T)rs;
    if (g && b) {
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j) yr[j] = (xr[j] - muT) * rsT * g[j] + b[j];
    } else {
      for (int64_t j = 0; j < cols; ++j) {
        T xh = (xr[j] - muT) * rsT;
        yr[j] = g ? xh * g[j] + (b ? b[j] : T(0)) : xh;
      }
    }
  }
  });
}

template <class T>
static void ln_bwd(const T* gy, const T* x, const T* g, const T* mean, const T* rstd, T* gx,
                   T* gg, T* gb, int64_t rows, int64_t cols) {
  parallel_for(rows, HAAD_OMP_MIN / 4 / (cols + 1) + 1, [&](int64_t lo, int64_t hi) {
  for (int64_t r = lo; r < hi; ++r) {
    const T* xr = x + r * cols;
    const T* gr = gy + r * cols;
    double mu = mean[r], rs = rstd[r];
    double s1 = 0, s2 = 0;  // mean of dxhat and of dxhat*xhat
#pragma omp simd reduction(+ : s1, s2)
    for (int64_t j = 0; j < cols; ++j) {
      double xh = (xr[j] - mu) * rs;
      double dxh = gr[j] * (g ? g[j] : T(1));
      s1 += dxh;
      s2 += dxh * xh;
    }
    s1 /= cols;
    s2 /= cols;
#pragma omp simd
    for (int64_t j = 0; j < cols; ++j) {
      double xh = (xr[j] - mu) * rs;
      double dxh = gr[j] * (g ? g[j] : T(1));
      gx[r * cols + j] = (T)((dxh - s1 - xh * s2) * rs);
    }
  }
  });
  // parameter grads: column sums, done serially over rows to stay deterministic
  if (gg || gb) {
    std::vector<double> ag(cols, 0.0), ab(cols, 0.0);
    for (int64_t r = 0; r < rows; ++r) {
      const T* xr = x + r * cols;
      const T* gr = gy + r * cols;
      double mu = mean[r], rs = rstd[r];
      for (int64_t j = 0; j < cols; ++j) {
        ag[j] += gr[j] * (xr[j] - mu) * rs;
        ab[j] += gr[j];
      }
    }
    for (int64_t j = 0; j < cols; ++j) {
      if (gg) gg[j] = (T)ag[j];
      if (gb) gb[j] = (T)ab[j];
    }
  }
}

void cpu_layernorm_fwd(DType t, const void* x, const void* g, const void* b, void* y, void* mean,
                       void* rstd, int64_t rows, int64_t cols, double eps) {
  HAAD_FLOAT_DISPATCH(t, ln_fwd<T>((const T*)x, (const T*)g, (const T*)b, (T*)y, (T*)mean, (T*)rstd,
                                   rows, cols, eps));
}
void cpu_layernorm_bwd(DType t, const void* gy, const void* x, const void* g, const void* mean,
                       const void* rstd, void* gx, void* gg, void* gb, int64_t rows, int64_t cols) {
  HAAD_FLOAT_DISPATCH(t, ln_bwd<T>((const T*)gy, (const T*)x, (const T*)g, (const T*)mean,
                                   (const T*)rstd, (T*)gx, (T*)gg, (T*)gb, rows, cols));
}

template <class T>
static void bn_fwd(const T* x, const T* g, const T* b, T* y, T* mean, T* rstd, T* rm, T* rv,
                   int64_t outer, int64_t C, int64_t inner, double eps, double mom, bool train) {
  int64_t cnt = outer * inner;
#pragma omp parallel for if (outer * C * inner > HAAD_OMP_MIN / 4)
  for (int64_t c = 0; c < C; ++c) {
    double mu, rs;
    if (train) {
      double s = 0, ss = 0;
      for (int64_t o = 0; o < outer; ++o) {
        const T* p = x + (o * C + c) * inner;
        for (int64_t i = 0; i < inner; ++i) s += p[i];
      }
      mu = s / cnt;
      for (int64_t o = 0; o < outer; ++o) {
        const T* p = x + (o * C + c) * inner;
        for (int64_t i = 0; i < inner; ++i) { double d = p[i] - mu; ss += d * d; }
      }
      double var = ss / cnt;
      rs = 1.0 / std::sqrt(var + eps);
      if (rm) rm[c] = (T)((1 - mom) * rm[c] + mom * mu);
      if (rv) rv[c] = (T)((1 - mom) * rv[c] + mom * (cnt > 1 ? ss / (cnt - 1) : var));
    } else {
      mu = rm[c];
      rs = 1.0 / std::sqrt((double)rv[c] + eps);
    }
    mean[c] = (T)mu;
    rstd[c] = (T)rs;
    double gc = g ? g[c] : 1.0, bc = b ? b[c] : 0.0;
    for (int64_t o = 0; o < outer; ++o) {
      const T* p = x + (o * C + c) * inner;
      T* q = y + (o * C + c) * inner;
      for (int64_t i = 0; i < inner; ++i) q[i] = (T)((p[i] - mu) * rs * gc + bc);
    }
  }
}

template <class T>
static void bn_bwd(const T* gy, const T* x, const T* g, const T* mean, const T* rstd, T* gx, T* gg,
                   T* gb, int64_t outer, int64_t C, int64_t inner, bool train) {
  int64_t cnt = outer * inner;
#pragma omp parallel for if (outer * C * inner > HAAD_OMP_MIN / 4)
  for (int64_t c = 0; c < C; ++c) {
    double mu = mean[c], rs = rstd[c], gc = g ? g[c] : 1.0;
    double sg = 0, sgx = 0;
    for (int64_t o = 0; o < outer; ++o) {
      const T* p = x + (o * C + c) * inner;
      const T* q = gy + (o * C + c) * inner;
      for (int64_t i = 0; i < inner; ++i) { sg += q[i]; sgx += q[i] * (p[i] - mu) * rs; }
    }
    if (gg) gg[c] = (T)sgx;
    if (gb) gb[c] = (T)sg;
    for (int64_t o = 0; o < outer; ++o) {
      const T* p = x + (o * C + c) * inner;
      const T* q = gy + (o * C + c) * inner;
      T* r = gx + (o * C + c) * inner;
      for (int64_t i = 0; i < inner; ++i) {
        if (train) {
          double xh = (p[i] - mu) * rs;
          r[i] = (T)(gc * rs * (q[i] - sg / cnt - xh * sgx / cnt));
        } else {
          r[i] = (T)(gc * rs * q[i]);
        }
      }
    }
  }
}

void cpu_batchnorm_fwd(DType t, const void* x, const void* g, const void* b, void* y, void* mean,
                       void* rstd, void* rm, void* rv, int64_t outer, int64_t C, int64_t inner,
                       double eps, double mom, bool train) {
  HAAD_FLOAT_DISPATCH(t, bn_fwd<T>((const T*)x, (const T*)g, (const T*)b, (T*)y, (T*)mean, (T*)rstd,
                                   (T*)rm, (T*)rv, outer, C, inner, eps, mom, train));
}
void cpu_batchnorm_bwd(DType t, const void* gy, const void* x, const void* g, const void* mean,
                       const void* rstd, void* gx, void* gg, void* gb, int64_t outer, int64_t C,
                       int64_t inner, bool train) {
  HAAD_FLOAT_DISPATCH(t, bn_bwd<T>((const T*)gy, (const T*)x, (const T*)g, (const T*)mean,
                                   (const T*)rstd, (T*)gx, (T*)gg, (T*)gb, outer, C, inner, train));
}

}  // namespace haad
