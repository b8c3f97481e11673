// Reductions. Runs of adjacent reduced dims collapse into one [outer, r, inner]
// kernel call; non-adjacent runs are reduced one after another.
#include <algorithm>
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

static std::vector<int> norm_dims(const std::vector<int>& dims, int nd) {
  std::vector<int> d;
  for (int x : dims) d.push_back(normalize_dim(x, nd));
  std::sort(d.begin(), d.end());
  d.erase(std::unique(d.begin(), d.end()), d.end());
  return d;
}

// sum over dims [d0, d1] of a contiguous tensor, keeping them as size 1
static Tensor sum_run(const Tensor& x, int d0, int d1) {
  int64_t outer = 1, r = 1, inner = 1;
  for (int i = 0; i < x.dim(); ++i) {
    if (i < d0) outer *= x.size(i);
    else if (i <= d1) r *= x.size(i);
    else inner *= x.size(i);
  }
  Dims s = x.shape();
  for (int i = d0; i <= d1; ++i) s[i] = 1;
  Tensor y = empty(s, x.dtype(), x.device());
  ProfScope ps("sum", x.device());
  ps.io({&x, &y});
  if (x.device() == Device::CPU) cpu_sum_axis(x.dtype(), x.raw(), y.raw(), outer, r, inner);
  else HAAD_CUDA_CALL(cuda_sum_axis(x.data<float>(), y.data<float>(), outer, r, inner));
  return y;
}

Tensor sum(const Tensor& x0, const std::vector<int>& dims0, bool keepdim) {
  check_float("sum", x0);
  std::vector<int> dims = norm_dims(dims0, x0.dim());
  Tensor y = x0.contiguous().detach();
  // process runs from the last one, so earlier dim indices stay valid
  for (int i = (int)dims.size() - 1; i >= 0;) {
    int j = i;
    while (j > 0 && dims[j - 1] == dims[j] - 1) --j;
    y = sum_run(y, dims[j], dims[i]);
    i = j - 1;
  }
  Dims kept = y.shape();
  if (!keepdim) {
    std::vector<int64_t> s;
    for (int i = 0; i < x0.dim(); ++i)
      if (!std::binary_search(dims.begin(), dims.end(), i)) s.push_back(x0.size(i));
    y = y.reshape(Dims(s));
  }
  Dims in = x0.shape();
  return record(y, "sum", {x0}, [kept, in](const Tensor& g) {
    return std::vector<Tensor>{g.reshape(kept).expand(in)};
  });
}

Tensor sum(const Tensor& x) {
  std::vector<int> all;
  for (int i = 0; i < x.dim(); ++i) all.push_back(i);
  return sum(x, all, false);
}

Tensor mean(const Tensor& x, const std::vector<int>& dims, bool keepdim) {
  int64_t n = 1;
  for (int d : norm_dims(dims, x.dim())) n *= x.size(d);
  return mul_scalar(sum(x, dims, keepdim), 1.0 / (double)n);
}

Tensor mean(const Tensor& x) { return mul_scalar(sum(x), 1.0 / (double)x.numel()); }

Tensor var(const Tensor& x, const std::vector<int>& dims, bool unbiased, bool keepdim) {
  int64_t n = 1;
  for (int d : norm_dims(dims, x.dim())) n *= x.size(d);
  Tensor d = sub(x, mean(x, dims, true));
  return mul_scalar(sum(square(d), dims, keepdim), 1.0 / (double)(unbiased ? n - 1 : n));
}

Tensor sum_to(const Tensor& x, const Dims& shape) {
  if (x.shape() == shape) return x;
  int off = x.dim() - shape.n;
  if (off < 0) throw std::invalid_argument("sum_to: " + x.shape().str() + " has fewer dims than " + shape.str());
  std::vector<int> dims;
  for (int i = 0; i < x.dim(); ++i)
    if (i < off || (shape[i - off] == 1 && x.size(i) != 1)) dims.push_back(i);
  return sum(x, dims, true).reshape(shape);
}

static void axis_split(const Tensor& x, int d, int64_t& outer, int64_t& r, int64_t& inner) {
  outer = r = inner = 1;
  for (int i = 0; i < x.dim(); ++i) (i < d ? outer : i == d ? r : inner) *= x.size(i);
}

static Tensor max_impl(const Tensor& x0, int dim, bool keepdim, Tensor* arg_out) {
  check_float("max", x0);
  int d = normalize_dim(dim, x0.dim());
  Tensor x = x0.contiguous();
  int64_t outer, r, inner;
  axis_split(x, d, outer, r, inner);
  if (r == 0) op_error("max", "reduction over an empty dim");
  Dims ks = x.shape();
  ks[d] = 1;
  Tensor y = empty(ks, x.dtype(), x.device());
  Tensor am = empty(ks, DType::I64, x.device());
  {
    ProfScope ps("max", x.device());
    ps.io({&x, &y});
    if (x.device() == Device::CPU) cpu_max_axis(x.dtype(), x.raw(), y.raw(), am.data<int64_t>(), outer, r, inner);
    else HAAD_CUDA_CALL(cuda_max_axis(x.data<float>(), y.data<float>(), am.data<int64_t>(), outer, r, inner));
  }
  if (arg_out) *arg_out = am;
  if (!keepdim) { y = y.squeeze(d); }
  Dims in = x.shape();
  return record(y, "max", {x0}, [am, in, ks, outer, r, inner](const Tensor& g0) {
    Tensor g = g0.reshape(ks).contiguous();
    Tensor gx = empty(in, g.dtype(), g.device());
    if (g.device() == Device::CPU)
      cpu_max_axis_bwd(g.dtype(), g.raw(), am.data<int64_t>(), gx.raw(), outer, r, inner);
    else
      HAAD_CUDA_CALL(cuda_max_axis_bwd(g.data<float>(), am.data<int64_t>(), gx.data<float>(), outer, r, inner));
    return std::vector<Tensor>{gx};
  });
}

Tensor max(const Tensor& x, int dim, bool keepdim) { return max_impl(x, dim, keepdim, nullptr); }

Tensor argmax(const Tensor& x, int dim) {
  NoGradGuard ng;
  Tensor am;
  max_impl(x, dim, true, &am);
  return am.squeeze(normalize_dim(dim, x.dim()));
}

}  // namespace haad
