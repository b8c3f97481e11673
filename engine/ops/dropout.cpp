// Dropout: a fresh counter range per call; the mask is recomputed in backward.
#include "engine/dispatch.h"
#include "engine/graph.h"
#include "engine/ops.h"
#include "engine/rng.h"

namespace haad {

static Tensor dropout_raw(const Tensor& x, double p, uint64_t seed, uint64_t off) {
  Tensor y = empty(x.shape(), x.dtype(), x.device());
  ProfScope ps("dropout", x.device());
  ps.io({&x, &y});
  if (x.device() == Device::CPU) cpu_dropout_fwd(x.dtype(), x.raw(), y.raw(), x.numel(), p, seed, off);
  else HAAD_CUDA_CALL(cuda_dropout_fwd(x.data<float>(), y.data<float>(), x.numel(), p, seed, off));
  return y;
}

Tensor dropout(const Tensor& x0, double p, bool training) {
  if (p < 0 || p >= 1) op_error("dropout", "p must be in [0, 1), got " + std::to_string(p));
  if (!training || p == 0) return x0;
  check_float("dropout", x0);
  if (graph_capturing())
    op_error("dropout", "random in a captured CUDA graph: every replay would reuse one mask (capture in eval mode)");
  Tensor x = x0.contiguous();
  uint64_t seed = rng_seed(), off = rng_take(x.numel());
  Tensor y = dropout_raw(x.detach(), p, seed, off);
  return record(y, "dropout", {x0}, [p, seed, off](const Tensor& g) {
    return std::vector<Tensor>{dropout_raw(g.contiguous(), p, seed, off)};
  });
}

}  // namespace haad
