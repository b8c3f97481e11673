// Softmax / log-softmax along any dim (moved to the last dim for the kernel).
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

static Tensor softmax_last(const Tensor& x0, bool lg) {
  const char* name = lg ? "log_softmax" : "softmax";
  check_float(name, x0);
  Tensor x = x0.contiguous();
  int64_t cols = x.dim() ? x.size(-1) : 1, rows = cols ? x.numel() / cols : 0;
  Tensor y = empty(x.shape(), x.dtype(), x.device());
  {
    ProfScope ps(name, x.device());
    ps.io({&x, &y});
    if (x.device() == Device::CPU) cpu_softmax_fwd(x.dtype(), x.raw(), y.raw(), rows, cols, lg);
    else HAAD_CUDA_CALL(cuda_softmax_fwd(x.data<float>(), y.data<float>(), rows, cols, lg));
  }
  Tensor yd = y.detach();
  return record(y, name, {x0}, [yd, rows, cols, lg, name](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor gx = empty(g.shape(), g.dtype(), g.device());
    ProfScope ps(name, g.device());
    ps.io({&yd, &g, &gx});
    if (g.device() == Device::CPU) cpu_softmax_bwd(g.dtype(), yd.raw(), g.raw(), gx.raw(), rows, cols, lg);
    else HAAD_CUDA_CALL(cuda_softmax_bwd(yd.data<float>(), g.data<float>(), gx.data<float>(), rows, cols, lg));
    return std::vector<Tensor>{gx};
  });
}

static Tensor softmax_dim(const Tensor& x, int dim, bool lg) {
  int d = normalize_dim(dim, x.dim());
  if (d == x.dim() - 1) return softmax_last(x, lg);
  return softmax_last(x.transpose(d, -1), lg).transpose(d, -1);
}

Tensor softmax(const Tensor& x, int dim) { return softmax_dim(x, dim, false); }
Tensor log_softmax(const Tensor& x, int dim) { return softmax_dim(x, dim, true); }

}  // namespace haad
