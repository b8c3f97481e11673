// Broadcasting binary ops. Backward reduces each gradient back to its
// operand's shape with sum_to.
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

Dims broadcast_shape(const Dims& a, const Dims& b) {
  int n = a.n > b.n ? a.n : b.n;
  Dims s;
  s.n = n;
  for (int i = 0; i < n; ++i) {
    int ia = i - (n - a.n), ib = i - (n - b.n);
    int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1)
      throw std::invalid_argument("shapes " + a.str() + " and " + b.str() + " do not broadcast");
    s[i] = da == 1 ? db : da;
  }
  return s;
}

static Layout bcast_layout(const Tensor& t, const Dims& out) {
  Layout l;
  l.ndim = out.n;
  int off = out.n - t.dim();
  for (int i = 0; i < kMaxDims; ++i) {
    l.shape[i] = i < out.n ? out[i] : 1;
    int j = i - off;
    l.stride[i] = (i < out.n && j >= 0 && t.shape()[j] != 1) ? t.strides()[j] : 0;
  }
  return l;
}

static const char* bin_name(BinaryOp op) {
  static const char* n[] = {"add", "sub", "mul", "div"};
  return n[(int)op];
}

static Tensor binary_raw(BinaryOp op, const Tensor& a, const Tensor& b) {
  const char* name = bin_name(op);
  check_float(name, a);
  check_same_device(name, a, b);
  Dims s = broadcast_shape(a.shape(), b.shape());
  Tensor out = empty(s, a.dtype(), a.device());
  ProfScope ps(name, a.device());
  ps.io({&a, &b, &out});
  Layout la = bcast_layout(a, s), lb = bcast_layout(b, s);
  if (a.device() == Device::CPU) cpu_binary_fwd(a.dtype(), op, a.raw(), la, b.raw(), lb, out.raw(), out.numel());
  else HAAD_CUDA_CALL(cuda_binary_fwd(op, a.data<float>(), la, b.data<float>(), lb, out.data<float>(), out.numel()));
  return out;
}

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = binary_raw(BinaryOp::Add, a, b);
  Dims sa = a.shape(), sb = b.shape();
  return record(out, "add", {a, b}, [sa, sb](const Tensor& g) {
    return std::vector<Tensor>{sum_to(g, sa), sum_to(g, sb)};
  });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  Tensor out = binary_raw(BinaryOp::Sub, a, b);
  Dims sa = a.shape(), sb = b.shape();
  return record(out, "sub", {a, b}, [sa, sb](const Tensor& g) {
    return std::vector<Tensor>{sum_to(g, sa), neg(sum_to(g, sb))};
  });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = binary_raw(BinaryOp::Mul, a, b);
  if (!needs_grad({a, b})) return out;
  Tensor ad = a.detach(), bd = b.detach();
  bool ga = a.requires_grad(), gb = b.requires_grad();
  return record(out, "mul", {a, b}, [ad, bd, ga, gb](const Tensor& g) {
    return std::vector<Tensor>{ga ? sum_to(mul(g, bd), ad.shape()) : Tensor(),
                               gb ? sum_to(mul(g, ad), bd.shape()) : Tensor()};
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  Tensor out = binary_raw(BinaryOp::Div, a, b);
  if (!needs_grad({a, b})) return out;
  Tensor ad = a.detach(), bd = b.detach(), od = out.detach();
  bool ga = a.requires_grad(), gb = b.requires_grad();
  return record(out, "div", {a, b}, [ad, bd, od, ga, gb](const Tensor& g) {
    Tensor gdb = div(g, bd);
    return std::vector<Tensor>{ga ? sum_to(gdb, ad.shape()) : Tensor(),
                               gb ? sum_to(neg(mul(gdb, od)), bd.shape()) : Tensor()};
  });
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  check_float("where", a);
  check_same_device("where", a, b);
  check_same_device("where", a, cond);
  Dims s = broadcast_shape(broadcast_shape(cond.shape(), a.shape()), b.shape());
  Tensor c = cond.detach().expand(s).contiguous();
  Tensor ae = a.detach().expand(s).contiguous(), be = b.detach().expand(s).contiguous();
  Tensor out = empty(s, a.dtype(), a.device());
  {
    ProfScope ps("where", a.device());
    ps.io({&c, &ae, &be, &out});
    if (a.device() == Device::CPU) cpu_where(a.dtype(), c.raw(), ae.raw(), be.raw(), out.raw(), out.numel());
    else HAAD_CUDA_CALL(cuda_where(c.data<float>(), ae.data<float>(), be.data<float>(), out.data<float>(), out.numel()));
  }
  Dims sa = a.shape(), sb = b.shape();
  return record(out, "where", {a, b}, [c, sa, sb](const Tensor& g) {
    Tensor z = zeros(g.shape(), g.dtype(), g.device());
    return std::vector<Tensor>{sum_to(where(c, g, z), sa), sum_to(where(c, z, g), sb)};
  });
}

Tensor masked_fill(const Tensor& x, const Tensor& mask, double value) {
  return where(mask, full({}, value, x.dtype(), x.device()), x);
}

}  // namespace haad
