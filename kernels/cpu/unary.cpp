// Elementwise unary ops and their derivatives. GELU is the exact (erf) form,
// as torch.nn.GELU() defaults to.
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"

namespace haad {

template <class T>
static inline T unary_f(UnaryOp op, T x, T s) {
  switch (op) {
    case UnaryOp::Relu: return x > T(0) ? x : T(0);
    case UnaryOp::Gelu: return T(0.5) * x * (T(1) + std::erf(x * T(0.70710678118654752)));
    case UnaryOp::Silu: return x / (T(1) + std::exp(-x));
    case UnaryOp::Tanh: return std::tanh(x);
    case UnaryOp::Sigmoid: return T(1) / (T(1) + std::exp(-x));
    case UnaryOp::Exp: return std::exp(x);
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
      T cdf = T(0.5) * (T(1) + std::erf(x * T(0.70710678118654752)));
      T pdf = std::exp(T(-0.5) * x * x) * T(0.39894228040143268);
      return cdf + x * pdf;
    }
    case UnaryOp::Silu: { T sg = T(1) / (T(1) + std::exp(-x)); return sg * (T(1) + x * (T(1) - sg)); }
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

template <class T>
static void fwd_t(UnaryOp op, const T* x, T* y, int64_t n, T s) {
  // the switch sits inside the loop; compilers unswitch it, and the common
  // cases below get their own loops so they vectorise
  if (op == UnaryOp::Relu) {
#pragma omp parallel for simd if (n > HAAD_OMP_MIN)
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
    return;
  }
  if (op == UnaryOp::MulScalar) {
#pragma omp parallel for simd if (n > HAAD_OMP_MIN)
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] * s;
    return;
  }
#pragma omp parallel for if (n > HAAD_OMP_MIN / 8)
  for (int64_t i = 0; i < n; ++i) y[i] = unary_f(op, x[i], s);
}

template <class T>
static void bwd_t(UnaryOp op, const T* x, const T* y, const T* gy, T* gx, int64_t n, T s) {
#pragma omp parallel for if (n > HAAD_OMP_MIN / 8)
  for (int64_t i = 0; i < n; ++i)
    gx[i] = gy[i] * unary_df(op, x ? x[i] : T(0), y ? y[i] : T(0), s);
}

void cpu_unary_fwd(DType t, UnaryOp op, const void* x, void* y, int64_t n, double s) {
  HAAD_FLOAT_DISPATCH(t, fwd_t<T>(op, (const T*)x, (T*)y, n, (T)s));
}
void cpu_unary_bwd(DType t, UnaryOp op, const void* x, const void* y, const void* gy, void* gx,
                   int64_t n, double s) {
  HAAD_FLOAT_DISPATCH(t, bwd_t<T>(op, (const T*)x, (const T*)y, (const T*)gy, (T*)gx, n, (T)s));
}

}  // namespace haad
