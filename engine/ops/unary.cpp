// Elementwise unary ops: one forward kernel call, backward via the derivative kernel.
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

static const char* unary_name(UnaryOp op) {
  static const char* names[] = {"relu", "gelu", "silu", "tanh", "sigmoid", "exp", "log",
                                "sqrt", "pow2", "abs", "neg", "add_scalar", "mul_scalar", "pow_scalar"};
  return names[(int)op];
}

// which saved values the derivative needs
static bool needs_x(UnaryOp op) {
  return op != UnaryOp::Tanh && op != UnaryOp::Sigmoid && op != UnaryOp::Exp && op != UnaryOp::Sqrt &&
         op != UnaryOp::Neg && op != UnaryOp::AddScalar && op != UnaryOp::MulScalar;
}
static bool needs_y(UnaryOp op) {
  return op == UnaryOp::Tanh || op == UnaryOp::Sigmoid || op == UnaryOp::Exp || op == UnaryOp::Sqrt;
}

static Tensor unary_bwd(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& g0, double s) {
  Tensor g = g0.contiguous();
  Tensor gx = empty(g.shape(), g.dtype(), g.device());
  ProfScope ps(unary_name(op), g.device());
  ps.io({&g, &gx});
  if (g.device() == Device::CPU)
    cpu_unary_bwd(g.dtype(), op, x.defined() ? x.raw() : nullptr, y.defined() ? y.raw() : nullptr, g.raw(),
                  gx.raw(), g.numel(), s);
  else
    HAAD_CUDA_CALL(cuda_unary_bwd(op, fptr<float>(x), fptr<float>(y), g.data<float>(), gx.data<float>(),
                                  g.numel(), (float)s));
  return gx;
}

Tensor unary(UnaryOp op, const Tensor& x0, double s) {
  const char* name = unary_name(op);
  check_float(name, x0);
  Tensor x = x0.contiguous();
  Tensor y = empty(x.shape(), x.dtype(), x.device());
  {
    ProfScope ps(name, x.device());
    ps.io({&x, &y});
    if (x.device() == Device::CPU) cpu_unary_fwd(x.dtype(), op, x.raw(), y.raw(), x.numel(), s);
    else HAAD_CUDA_CALL(cuda_unary_fwd(op, x.data<float>(), y.data<float>(), x.numel(), (float)s));
  }
  if (!needs_grad({x})) return y;
  Tensor xs = needs_x(op) ? x.detach() : Tensor();
  Tensor ys = needs_y(op) ? y.detach() : Tensor();
  return record(y, name, {x}, [op, xs, ys, s](const Tensor& g) {
    return std::vector<Tensor>{unary_bwd(op, xs, ys, g, s)};
  });
}

Tensor relu(const Tensor& x) { return unary(UnaryOp::Relu, x); }
Tensor gelu(const Tensor& x) { return unary(UnaryOp::Gelu, x); }
Tensor silu(const Tensor& x) { return unary(UnaryOp::Silu, x); }
Tensor tanh(const Tensor& x) { return unary(UnaryOp::Tanh, x); }
Tensor sigmoid(const Tensor& x) { return unary(UnaryOp::Sigmoid, x); }
Tensor exp(const Tensor& x) { return unary(UnaryOp::Exp, x); }
Tensor log(const Tensor& x) { return unary(UnaryOp::Log, x); }
Tensor sqrt(const Tensor& x) { return unary(UnaryOp::Sqrt, x); }
Tensor square(const Tensor& x) { return unary(UnaryOp::Pow2, x); }
Tensor abs(const Tensor& x) { return unary(UnaryOp::Abs, x); }
Tensor neg(const Tensor& x) { return unary(UnaryOp::Neg, x); }
Tensor add_scalar(const Tensor& x, double s) { return unary(UnaryOp::AddScalar, x, s); }
Tensor mul_scalar(const Tensor& x, double s) { return unary(UnaryOp::MulScalar, x, s); }
Tensor pow_scalar(const Tensor& x, double s) { return unary(UnaryOp::PowScalar, x, s); }

}  // namespace haad
