// Layer norm, batch norm and L2 normalisation.
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

Tensor layer_norm(const Tensor& x0, const Tensor& gamma, const Tensor& beta, double eps) {
  check_float("layer_norm", x0);
  Device dv = x0.device();
  check_devices("layer_norm", dv, {{"gamma", device_or(gamma, dv)}, {"beta", device_or(beta, dv)}});
  Tensor x = x0.contiguous();
  int64_t cols = x.size(-1), rows = x.numel() / cols;
  if (gamma.defined() && gamma.numel() != cols) op_error("layer_norm", "gamma has " + std::to_string(gamma.numel()) + " values for " + std::to_string(cols) + " features");
  if (beta.defined() && beta.numel() != cols) op_error("layer_norm", "beta size mismatch");
  Tensor g = gamma.defined() ? gamma.contiguous() : Tensor();
  Tensor b = beta.defined() ? beta.contiguous() : Tensor();
  Tensor y = empty(x.shape(), x.dtype(), x.device());
  Tensor mu = empty({rows}, x.dtype(), x.device()), rs = empty({rows}, x.dtype(), x.device());
  {
    ProfScope ps("layer_norm", x.device());
    ps.io({&x, &y});
    if (x.device() == Device::CPU)
      cpu_layernorm_fwd(x.dtype(), x.raw(), g.defined() ? g.raw() : nullptr, b.defined() ? b.raw() : nullptr,
                        y.raw(), mu.raw(), rs.raw(), rows, cols, eps);
    else
      HAAD_CUDA_CALL(cuda_layernorm_fwd(x.data<float>(), fptr<float>(g), fptr<float>(b), y.data<float>(),
                                        mu.data<float>(), rs.data<float>(), rows, cols, eps));
  }
  Tensor xd = x.detach(), gd = g.defined() ? g.detach() : Tensor();
  return record(y, "layer_norm", {x0, gamma, beta}, [xd, gd, mu, rs, rows, cols](const Tensor& gy0) {
    Tensor gy = gy0.contiguous();
    Tensor gx = empty(xd.shape(), xd.dtype(), xd.device());
    Tensor gg = gd.defined() ? empty(gd.shape(), xd.dtype(), xd.device()) : Tensor();
    Tensor gb = gd.defined() ? empty(gd.shape(), xd.dtype(), xd.device()) : Tensor();
    ProfScope ps("layer_norm_bwd", xd.device());
    ps.io({&gy, &xd, &gx});
    if (xd.device() == Device::CPU)
      cpu_layernorm_bwd(xd.dtype(), gy.raw(), xd.raw(), gd.defined() ? gd.raw() : nullptr, mu.raw(), rs.raw(),
                        gx.raw(), gg.defined() ? gg.raw() : nullptr, gb.defined() ? gb.raw() : nullptr, rows, cols);
    else
      HAAD_CUDA_CALL(cuda_layernorm_bwd(gy.data<float>(), xd.data<float>(), fptr<float>(gd), mu.data<float>(),
                                        rs.data<float>(), gx.data<float>(), fptr<float>(gg), fptr<float>(gb), rows,
                                        cols));
    return std::vector<Tensor>{gx, gg, gb};
  });
}

Tensor batch_norm(const Tensor& x0, const Tensor& gamma, const Tensor& beta, const Tensor& rmean,
                  const Tensor& rvar, bool training, double momentum, double eps) {
  check_float("batch_norm", x0);
  if (x0.dim() < 2) op_error("batch_norm", "needs [N, C, ...], got " + x0.shape().str());
  if (!training && !(rmean.defined() && rvar.defined())) op_error("batch_norm", "eval mode needs running stats");
  Device dv = x0.device();
  check_devices("batch_norm", dv,
                {{"weight", device_or(gamma, dv)}, {"bias", device_or(beta, dv)}, {"running_mean", device_or(rmean, dv)},
                 {"running_var", device_or(rvar, dv)}});
  Tensor x = x0.contiguous();
  int64_t outer = x.size(0), C = x.size(1), inner = x.numel() / (outer * C);
  for (const Tensor* t : {&gamma, &beta, &rmean, &rvar})
    if (t->defined() && (t->numel() != C || !t->is_contiguous()))
      op_error("batch_norm", "per-channel tensors must be contiguous with " + std::to_string(C) + " values");
  Tensor y = empty(x.shape(), x.dtype(), x.device());
  Tensor mu = empty({C}, x.dtype(), x.device()), rs = empty({C}, x.dtype(), x.device());
  {
    ProfScope ps("batch_norm", x.device());
    ps.io({&x});
    if (x.device() == Device::CPU)
      cpu_batchnorm_fwd(x.dtype(), x.raw(), gamma.defined() ? gamma.raw() : nullptr,
                        beta.defined() ? beta.raw() : nullptr, y.raw(), mu.raw(), rs.raw(),
                        rmean.defined() ? rmean.raw() : nullptr, rvar.defined() ? rvar.raw() : nullptr, outer, C,
                        inner, eps, momentum, training);
    else
      HAAD_CUDA_CALL(cuda_batchnorm_fwd(x.data<float>(), fptr<float>(gamma), fptr<float>(beta), y.data<float>(),
                                        mu.data<float>(), rs.data<float>(), fptr<float>(rmean), fptr<float>(rvar),
                                        outer, C, inner, eps, momentum, training));
  }
  Tensor xd = x.detach(), gd = gamma.defined() ? gamma.detach() : Tensor();
  return record(y, "batch_norm", {x0, gamma, beta}, [xd, gd, mu, rs, outer, C, inner, training](const Tensor& gy0) {
    Tensor gy = gy0.contiguous();
    Tensor gx = empty(xd.shape(), xd.dtype(), xd.device());
    Tensor gg = empty({C}, xd.dtype(), xd.device()), gb = empty({C}, xd.dtype(), xd.device());
    ProfScope ps("batch_norm_bwd", xd.device());
    ps.io({&gy, &xd});
    if (xd.device() == Device::CPU)
      cpu_batchnorm_bwd(xd.dtype(), gy.raw(), xd.raw(), gd.defined() ? gd.raw() : nullptr, mu.raw(), rs.raw(),
                        gx.raw(), gg.raw(), gb.raw(), outer, C, inner, training);
    else
      HAAD_CUDA_CALL(cuda_batchnorm_bwd(gy.data<float>(), xd.data<float>(), fptr<float>(gd), mu.data<float>(),
                                        rs.data<float>(), gx.data<float>(), gg.data<float>(), gb.data<float>(), outer,
                                        C, inner, training));
    return std::vector<Tensor>{gx, gg, gb};
  });
}

// x / sqrt(sum(x^2) + eps^2): a smooth form of F.normalize's x / max(|x|, eps);
// identical whenever |x| >> eps.
Tensor l2_normalize(const Tensor& x, int dim, double eps) {
  Tensor n = sqrt(add_scalar(sum(square(x), {dim}, true), eps * eps));
  return div(x, n);
}

}  // namespace haad
