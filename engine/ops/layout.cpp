// Concatenation, stacking and in-place copy: all built on the strided copy kernel.
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

void copy_(const Tensor& dst, const Tensor& src0) {
  if (dst.shape() != src0.shape()) op_error("copy_", "shape " + src0.shape().str() + " into " + dst.shape().str());
  Tensor src = src0;
  if (src.dtype() != dst.dtype()) src = src.to(dst.dtype());
  if (src.device() != dst.device()) src = src.to(dst.device());
  ProfScope ps("copy", dst.device());
  ps.io({&src, &dst});
  kernel_copy(src, dst);
}

void increment_(const Tensor& x, int64_t by) {
  if (x.dtype() != DType::I64) op_error("increment_", std::string("needs an i64 tensor, got ") + dtype_name(x.dtype()));
  if (!x.is_contiguous()) op_error("increment_", "needs a contiguous tensor");
  ProfScope ps("increment", x.device());
  ps.io({&x});
  if (x.device() == Device::CPU) cpu_add_i64(x.data<int64_t>(), x.numel(), by);
  else HAAD_CUDA_CALL(cuda_add_i64(x.data<int64_t>(), x.numel(), by));
}

Tensor cat(const std::vector<Tensor>& xs, int dim) {
  if (xs.empty()) op_error("cat", "no tensors");
  int d = normalize_dim(dim, xs[0].dim());
  Dims s = xs[0].shape();
  s[d] = 0;
  for (const Tensor& x : xs) {
    check_same_device("cat", xs[0], x);
    Dims t = x.shape();
    if (t.n != s.n) op_error("cat", "rank mismatch: " + x.shape().str() + " vs " + xs[0].shape().str());
    for (int i = 0; i < s.n; ++i)
      if (i != d && t[i] != xs[0].size(i)) op_error("cat", "shape mismatch: " + x.shape().str() + " vs " + xs[0].shape().str());
    s[d] += x.size(d);
  }
  Tensor out = empty(s, xs[0].dtype(), xs[0].device());
  std::vector<int64_t> starts;
  int64_t at = 0;
  for (const Tensor& x : xs) {
    starts.push_back(at);
    NoGradGuard ng;
    copy_(out.slice(d, at, at + x.size(d)), x.detach());
    at += x.size(d);
  }
  std::vector<int64_t> lens;
  for (const Tensor& x : xs) lens.push_back(x.size(d));
  return record(out, "cat", xs, [d, starts, lens](const Tensor& g) {
    std::vector<Tensor> gs;
    for (size_t i = 0; i < lens.size(); ++i) gs.push_back(g.slice(d, starts[i], starts[i] + lens[i]));
    return gs;
  });
}

Tensor stack(const std::vector<Tensor>& xs, int dim) {
  if (xs.empty()) op_error("stack", "no tensors");
  int d = normalize_dim(dim, xs[0].dim() + 1);
  std::vector<Tensor> us;
  for (const Tensor& x : xs) us.push_back(x.unsqueeze(d));
  return cat(us, d);
}

}  // namespace haad
