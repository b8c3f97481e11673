// index_select / embedding / gather. Indices are i64 and are bounds-checked on
// the host before any kernel runs (a clear error instead of a wild read).
#include "engine/dispatch.h"
#include "engine/graph.h"
#include "engine/ops.h"

namespace haad {

static void check_indices(const char* op, const Tensor& idx, int64_t n) {
  if (idx.dtype() != DType::I64) op_error(op, std::string("indices must be i64, got ") + dtype_name(idx.dtype()));
  if (graph_capturing()) return;  // a device-to-host copy cannot be captured
  std::vector<int64_t> v = idx.to_vector<int64_t>();
  int64_t bad = cpu_check_index(v.data(), (int64_t)v.size(), n);
  if (bad >= 0)
    op_error(op, "index " + std::to_string(v[bad]) + " at position " + std::to_string(bad) +
                     " is out of range [0, " + std::to_string(n) + ")");
}

static void split(const Tensor& x, int d, int64_t& outer, int64_t& n, int64_t& inner) {
  outer = n = inner = 1;
  for (int i = 0; i < x.dim(); ++i) (i < d ? outer : i == d ? n : inner) *= x.size(i);
}

Tensor index_select(const Tensor& x0, int dim, const Tensor& idx0) {
  int d = normalize_dim(dim, x0.dim());
  if (idx0.dim() != 1) op_error("index_select", "indices must be 1-D, got " + idx0.shape().str());
  check_devices("index_select", x0.device(), {{"indices", idx0.device()}});
  check_indices("index_select", idx0, x0.size(d));
  Tensor x = x0.contiguous(), idx = idx0.contiguous();
  int64_t outer, n, inner, m = idx.numel();
  split(x, d, outer, n, inner);
  Dims s = x.shape();
  s[d] = m;
  Tensor out = empty(s, x.dtype(), x.device());
  {
    ProfScope ps("index_select", x.device());
    ps.io({&x, &idx, &out});
    if (x.device() == Device::CPU) cpu_index_select(x.dtype(), x.raw(), idx.data<int64_t>(), out.raw(), outer, n, inner, m);
    else HAAD_CUDA_CALL(cuda_index_select(x.dtype(), x.raw(), idx.data<int64_t>(), out.raw(), outer, n, inner, m));
  }
  Dims in = x.shape();
  return record(out, "index_select", {x0}, [idx, in, outer, n, inner, m](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor gx = zeros(in, g.dtype(), g.device());
    ProfScope ps("index_select_bwd", g.device());
    ps.io({&g, &idx, &gx});
    if (g.device() == Device::CPU) cpu_index_select_bwd(g.dtype(), g.raw(), idx.data<int64_t>(), gx.raw(), outer, n, inner, m);
    else HAAD_CUDA_CALL(cuda_index_select_bwd(g.data<float>(), idx.data<int64_t>(), gx.data<float>(), outer, n, inner, m));
    return std::vector<Tensor>{gx};
  });
}

Tensor embedding(const Tensor& weight, const Tensor& idx) {
  if (weight.dim() != 2) op_error("embedding", "weight must be [num, dim], got " + weight.shape().str());
  std::vector<int64_t> s = idx.shape().vec();
  s.push_back(weight.size(1));
  return index_select(weight, 0, idx.reshape({idx.numel()})).reshape(Dims(s));
}

Tensor gather(const Tensor& x0, int dim, const Tensor& idx0) {
  int d = normalize_dim(dim, x0.dim());
  if (idx0.dim() != x0.dim()) op_error("gather", "index rank differs from input rank");
  for (int i = 0; i < x0.dim(); ++i)
    if (i != d && idx0.size(i) != x0.size(i))
      op_error("gather", "index shape " + idx0.shape().str() + " does not match input " + x0.shape().str() +
                             " outside dim " + std::to_string(d));
  check_devices("gather", x0.device(), {{"index", idx0.device()}});
  check_indices("gather", idx0, x0.size(d));
  Tensor x = x0.contiguous(), idx = idx0.contiguous();
  int64_t outer, n, inner, m = idx.size(d);
  split(x, d, outer, n, inner);
  Tensor out = empty(idx.shape(), x.dtype(), x.device());
  {
    ProfScope ps("gather", x.device());
    ps.io({&x, &idx, &out});
    if (x.device() == Device::CPU) cpu_gather(x.dtype(), x.raw(), idx.data<int64_t>(), out.raw(), outer, n, inner, m);
    else HAAD_CUDA_CALL(cuda_gather(x.dtype(), x.raw(), idx.data<int64_t>(), out.raw(), outer, n, inner, m));
  }
  Dims in = x.shape();
  return record(out, "gather", {x0}, [idx, in, outer, n, inner, m](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor gx = zeros(in, g.dtype(), g.device());
    if (g.device() == Device::CPU) cpu_gather_bwd(g.dtype(), g.raw(), idx.data<int64_t>(), gx.raw(), outer, n, inner, m);
    else HAAD_CUDA_CALL(cuda_gather_bwd(g.data<float>(), idx.data<int64_t>(), gx.data<float>(), outer, n, inner, m));
    return std::vector<Tensor>{gx};
  });
}

}  // namespace haad
