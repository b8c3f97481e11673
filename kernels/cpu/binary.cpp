// Broadcasting elementwise binary ops and where().
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"

namespace haad {

// b is a contiguous block repeated along leading dims (e.g. a bias): returns its size
static int64_t trailing_block(const Layout& l) {
  int64_t s = 1;
  int d = l.ndim - 1;
  for (; d >= 0 && l.stride[d] == s; --d) s *= l.shape[d];
  for (; d >= 0; --d) if (l.stride[d] != 0 && l.shape[d] != 1) return -1;
  return s;
}

template <class T, BinaryOp OP>
static void run_contig(const T* a, const T* b, T* o, int64_t n) {
  parallel_for(n, HAAD_OMP_MIN, [&](int64_t lo, int64_t hi) {
#pragma omp simd
    for (int64_t i = lo; i < hi; ++i) o[i] = binary_apply(OP, a[i], b[i]);
  });
}

template <class T>
static void fwd_t(BinaryOp op, const T* a, const Layout& la, const T* b, const Layout& lb, T* o, int64_t n) {
  if (n == 0) return;
  if (layout_contiguous(la) && layout_contiguous(lb)) {
    switch (op) {
      case BinaryOp::Add: run_contig<T, BinaryOp::Add>(a, b, o, n); break;
      case BinaryOp::Sub: run_contig<T, BinaryOp::Sub>(a, b, o, n); break;
      case BinaryOp::Mul: run_contig<T, BinaryOp::Mul>(a, b, o, n); break;
      case BinaryOp::Div: run_contig<T, BinaryOp::Div>(a, b, o, n); break;
    }
    return;
  }
  int64_t blk = trailing_block(lb);
  if (layout_contiguous(la) && blk > 0) {  // x + bias pattern
    int64_t rows = n / blk;
    parallel_for(rows, HAAD_OMP_MIN / blk + 1, [&](int64_t lo, int64_t hi) {
      for (int64_t r = lo; r < hi; ++r)
        for (int64_t j = 0; j < blk; ++j) o[r * blk + j] = binary_apply(op, a[r * blk + j], b[j]);
    });
    return;
  }
  blk = trailing_block(la);
  if (layout_contiguous(lb) && blk > 0) {
    int64_t rows = n / blk;
    parallel_for(rows, HAAD_OMP_MIN / blk + 1, [&](int64_t lo, int64_t hi) {
      for (int64_t r = lo; r < hi; ++r)
        for (int64_t j = 0; j < blk; ++j) o[r * blk + j] = binary_apply(op, a[j], b[r * blk + j]);
    });
    return;
  }
  // general: walk rows of the last dim
  int nd = la.ndim;
  int64_t len = la.shape[nd - 1], sa = la.stride[nd - 1], sb = lb.stride[nd - 1];
  int64_t rows = n / len;
#pragma omp parallel for if (n > HAAD_OMP_MIN)
  for (int64_t r = 0; r < rows; ++r) {
    int64_t rem = r, oa = 0, ob = 0;
    for (int d = nd - 2; d >= 0; --d) {
      int64_t i = rem % la.shape[d];
      rem /= la.shape[d];
      oa += i * la.stride[d];
      ob += i * lb.stride[d];
    }
    for (int64_t j = 0; j < len; ++j) o[r * len + j] = binary_apply(op, a[oa + j * sa], b[ob + j * sb]);
  }
}

void cpu_binary_fwd(DType t, BinaryOp op, const void* a, const Layout& la, const void* b,
                    const Layout& lb, void* out, int64_t n) {
  HAAD_FLOAT_DISPATCH(t, fwd_t<T>(op, (const T*)a, la, (const T*)b, lb, (T*)out, n));
}

void cpu_where(DType t, const void* cond, const void* a, const void* b, void* out, int64_t n) {
  HAAD_FLOAT_DISPATCH(t, {
    const T* c = (const T*)cond;
    const T* x = (const T*)a;
    const T* y = (const T*)b;
    T* o = (T*)out;
    for (int64_t i = 0; i < n; ++i) o[i] = c[i] != T(0) ? x[i] : y[i];
  });
}

}  // namespace haad
