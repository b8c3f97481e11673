// Elementwise unary ops and their derivatives. GELU is the exact (erf) form,
// as torch.nn.GELU() defaults to.
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/vecmath.h"

namespace haad {

template <class T>
static inline T unary_f(UnaryOp op, T x, T s) {
  switch (op) {
    case UnaryOp::Relu: return x > T(0) ? x : T(0);
    case UnaryOp::Gelu: return T(0.5) * x * (T(1) + verf(x * T(0.70710678118654752)));
    case UnaryOp::Silu: return x / (T(1) + vexp(-x));
    case UnaryOp::Tanh: return vtanh(x);
    case UnaryOp::Sigmoid: return T(1) / (T(1) + vexp(-x));
    case UnaryOp::Exp: return vexp(x);
    case UnaryOp::Log: return std::log(x);
    case UnaryOp::Sqrt: return std::sqrt(x);
    case UnaryOp::Pow2: return x * x;
    case UnaryOp::Abs: return std::fabs(x);
    case UnaryOp::Neg: return -x;
    case UnaryOp::AddScalar: return x + s;
    case UnaryOp::MulScalar: return x * s;
    case UnaryOp::PowScalar: return std::pow(x, s);
  }
  return T(0);
}

// derivative df/dx, given x and y = f(x)
template <class T>
static inline T unary_df(UnaryOp op, T x, T y, T s) {
  switch (op) {
    case UnaryOp::Relu: return x > T(0) ? T(1) : T(0);
    case UnaryOp::Gelu: {
      T cdf = T(0.5) * (T(1) + verf(x * T(0.70710678118654752)));
      T pdf = vexp(T(-0.5) * x * x) * T(0.39894228040143268);
      return cdf + x * pdf;
    }
    case UnaryOp::Silu: { T sg = T(1) / (T(1) + vexp(-x)); return sg * (T(1) + x * (T(1) - sg)); }
    case UnaryOp::Tanh: return T(1) - y * y;
    case UnaryOp::Sigmoid: return y * (T(1) - y);
    case UnaryOp::Exp: return y;
    case UnaryOp::Log: return T(1) / x;
    case UnaryOp::Sqrt: return T(0.5) / y;
    case UnaryOp::Pow2: return T(2) * x;
    case UnaryOp::Abs: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    case UnaryOp::Neg: return T(-1);
    case UnaryOp::AddScalar: return T(1);
    case UnaryOp::MulScalar: return s;
    case UnaryOp::PowScalar: return s * std::pow(x, s - T(1));
  }
  return T(0);
}

// One loop per op (the op is a compile-time constant inside each), so every
// loop is a straight-line body the compiler vectorises.
template <class T, UnaryOp OP>
static void fwd_loop(const T* x, T* y, int64_t n, T s) {
  parallel_for(n, HAAD_OMP_MIN / 4, [&](int64_t lo, int64_t hi) {
#pragma omp simd
    for (int64_t i = lo; i < hi; ++i) y[i] = unary_f(OP, x[i], s);
  });
}

template <class T, UnaryOp OP>
static void bwd_loop(const T* x, const T* y, const T* gy, T* gx, int64_t n, T s) {
  const T zero = T(0);
  parallel_for(n, HAAD_OMP_MIN / 4, [&](int64_t lo, int64_t hi) {
    if (x && y) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) gx[i] = gy[i] * unary_df(OP, x[i], y[i], s);
    } else if (x) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) gx[i] = gy[i] * unary_df(OP, x[i], zero, s);
    } else {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) gx[i] = gy[i] * unary_df(OP, zero, y ? y[i] : zero, s);
    }
  });
}

#define HAAD_UNARY_CASES(CALL)                                                                  \
  switch (op) {                                                                                 \
    case UnaryOp::Relu: CALL(UnaryOp::Relu); break;                                             \
    case UnaryOp::Gelu: CALL(UnaryOp::Gelu); break;                                             \
    case UnaryOp::Silu: CALL(UnaryOp::Silu); break;                                             \
    case UnaryOp::Tanh: CALL(UnaryOp::Tanh); break;                                             \
    case UnaryOp::Sigmoid: CALL(UnaryOp::Sigmoid); break;                                       \
    case UnaryOp::Exp: CALL(UnaryOp::Exp); break;                                               \
    case UnaryOp::Log: CALL(UnaryOp::Log); break;                                               \
    case UnaryOp::Sqrt: CALL(UnaryOp::Sqrt); break;                                             \
    case UnaryOp::Pow2: CALL(UnaryOp::Pow2); break;                                             \
    case UnaryOp::Abs: CALL(UnaryOp::Abs); break;                                               \
    case UnaryOp::Neg: CALL(UnaryOp::Neg); break;                                               \
    case UnaryOp::AddScalar: CALL(UnaryOp::AddScalar); break;                                   \
    case UnaryOp::MulScalar: CALL(UnaryOp::MulScalar); break;                                   \
    case UnaryOp::PowScalar: CALL(UnaryOp::PowScalar); break;                                   \
  }

template <class T>
static void fwd_t(UnaryOp op, const T* x, T* y, int64_t n, T s) {
#define F(OP) fwd_loop<T, OP>(x, y, n, s)
  HAAD_UNARY_CASES(F)
#undef F
}

template <class T>
static void bwd_t(UnaryOp op, const T* x, const T* y, const T* gy, T* gx, int64_t n, T s) {
#define B(OP) bwd_loop<T, OP>(x, y, gy, gx, n, s)
  HAAD_UNARY_CASES(B)
#undef B
}

void cpu_unary_fwd(DType t, UnaryOp op, const void* x, void* y, int64_t n, double s) {
  HAAD_FLOAT_DISPATCH(t, fwd_t<T>(op, (const T*)x, (T*)y, n, (T)s));
}
void cpu_unary_bwd(DType t, UnaryOp op, const void* x, const void* y, const void* gy, void* gx,
                   int64_t n, double s) {
  HAAD_FLOAT_DISPATCH(t, bwd_t<T>(op, (const T*)x, (const T*)y, (const T*)gy, (T*)gx, n, (T)s));
}

}  // namespace haad
