#include "engine/tensor.h"
#include "engine/graph.h"
#include <cstring>
#include <sstream>
#include <stdexcept>
#include "engine/allocator.h"
#include "engine/dispatch.h"
#include "engine/ops.h"
#include "engine/rng.h"

namespace haad {

// ---------------------------------------------------------------- Dims
Dims::Dims(std::initializer_list<int64_t> l) {
  if (l.size() > (size_t)kMaxDims) throw std::invalid_argument("more than 6 dims");
  for (int64_t v : l) d[n++] = v;
}
Dims::Dims(const std::vector<int64_t>& v) {
  if (v.size() > (size_t)kMaxDims) throw std::invalid_argument("more than 6 dims");
  for (int64_t x : v) d[n++] = x;
}
int64_t Dims::numel() const {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= d[i];
  return p;
}
bool Dims::operator==(const Dims& o) const {
  if (n != o.n) return false;
  for (int i = 0; i < n; ++i) if (d[i] != o.d[i]) return false;
  return true;
}
std::string Dims::str() const {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}
Dims contiguous_strides(const Dims& shape) {
  Dims s;
  s.n = shape.n;
  int64_t acc = 1;
  for (int i = shape.n - 1; i >= 0; --i) { s.d[i] = acc; acc *= shape.d[i]; }
  return s;
}
int normalize_dim(int d, int ndim) {
  int r = d < 0 ? d + ndim : d;
  if (r < 0 || r >= ndim)
    throw std::out_of_range("dim " + std::to_string(d) + " out of range for a " + std::to_string(ndim) + "-d tensor");
  return r;
}

// ---------------------------------------------------------------- Storage
Storage::Storage(Device dev, size_t nbytes) : bytes(nbytes), device(dev) {
  if (dev == Device::CUDA) require_cuda();
  data = device_alloc(dev, nbytes);
}
Storage::~Storage() { device_free(device, data, bytes); }

// ---------------------------------------------------------------- helpers
[[noreturn]] void op_error(const char* op, const std::string& msg) {
  throw std::invalid_argument(std::string(op) + ": " + msg);
}
void check_same_device(const char* op, const Tensor& a, const Tensor& b) {
  if (a.device() != b.device())
    op_error(op, std::string("operands on different devices (") + device_name(a.device()) + " vs " +
                     device_name(b.device()) + ")");
  if (a.dtype() != b.dtype())
    op_error(op, std::string("dtype mismatch (") + dtype_name(a.dtype()) + " vs " + dtype_name(b.dtype()) + ")");
}
void check_devices(const char* op, Device want, std::initializer_list<std::pair<const char*, Device>> operands) {
  for (auto& o : operands)
    if (o.second != want)
      op_error(op, std::string(o.first) + " is on " + device_name(o.second) + ", the input on " + device_name(want));
}
void check_float(const char* op, const Tensor& x) {
  if (x.dtype() == DType::I64) op_error(op, "needs a floating tensor, got i64");
  if (x.device() == Device::CUDA && x.dtype() != DType::F32) op_error(op, "CUDA kernels are f32 only");
}
void kernel_copy(const Tensor& src, const Tensor& dst) {
  if (src.device() == Device::CPU) cpu_copy(src.dtype(), src.raw(), src.layout(), dst.raw(), dst.layout());
  else HAAD_CUDA_CALL(cuda_copy(src.dtype(), src.raw(), src.layout(), dst.raw(), dst.layout()));
}

static Tensor make_view(const Tensor& base, const Dims& shape, const Dims& stride, int64_t offset) {
  auto p = std::make_shared<TensorImpl>();
  p->storage = base.impl()->storage;
  p->offset = offset;
  p->shape = shape;
  p->stride = stride;
  p->dtype = base.dtype();
  return Tensor(p);
}

// ---------------------------------------------------------------- Tensor basics
int64_t Tensor::size(int d) const { return p_->shape[normalize_dim(d, dim())]; }

bool Tensor::is_contiguous() const {
  int64_t s = 1;
  for (int d = dim() - 1; d >= 0; --d) {
    if (p_->shape[d] != 1 && p_->stride[d] != s) return false;
    s *= p_->shape[d];
  }
  return true;
}

Layout Tensor::layout() const {
  Layout l;
  l.ndim = dim();
  for (int i = 0; i < kMaxDims; ++i) {
    l.shape[i] = i < l.ndim ? p_->shape[i] : 1;
    l.stride[i] = i < l.ndim ? p_->stride[i] : 0;
  }
  return l;
}

std::string Tensor::str() const {
  if (!p_) return "undefined";
  return std::string(dtype_name(dtype())) + shape().str() + " " + device_name(device());
}

Tensor& Tensor::requires_grad_(bool on) {
  if (on && dtype() == DType::I64) throw std::invalid_argument("requires_grad on an integer tensor");
  p_->requires_grad = on;
  return *this;
}

void Tensor::backward() const {
  if (numel() != 1)
    throw std::invalid_argument("backward() without a gradient needs a scalar, got shape " + shape().str());
  run_backward(*this, full(shape(), 1.0, dtype(), device()));
}
void Tensor::backward(const Tensor& g) const { run_backward(*this, g); }

Tensor Tensor::detach() const { return make_view(*this, shape(), strides(), p_->offset); }

// ---------------------------------------------------------------- data movement
Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  Tensor out = empty(shape(), dtype(), device());
  kernel_copy(*this, out);
  return record(out, "contiguous", {*this}, [](const Tensor& g) { return std::vector<Tensor>{g}; });
}

Tensor Tensor::clone() const {
  Tensor out = empty(shape(), dtype(), device());
  kernel_copy(*this, out);
  return record(out, "clone", {*this}, [](const Tensor& g) { return std::vector<Tensor>{g}; });
}

Tensor Tensor::to(Device d) const {
  if (d == device()) return *this;
  Tensor src = contiguous();
  Tensor out = empty(shape(), dtype(), d);
  size_t n = numel() * dtype_size(dtype());
  if (n) {
    if (d == Device::CUDA) cuda_memcpy_h2d(out.raw(), src.raw(), n);
    else cuda_memcpy_d2h(out.raw(), src.raw(), n);
  }
  Device from = device();
  return record(out, "to_device", {*this}, [from](const Tensor& g) { return std::vector<Tensor>{g.to(from)}; });
}

Tensor Tensor::to(DType t) const {
  if (t == dtype()) return *this;
  Tensor src = contiguous();
  Tensor out = empty(shape(), t, device());
  if (device() == Device::CPU) cpu_cast(dtype(), src.raw(), t, out.raw(), numel());
  else HAAD_CUDA_CALL(cuda_cast(dtype(), src.raw(), t, out.raw(), numel()));
  if (t == DType::I64 || dtype() == DType::I64) return out;
  DType from = dtype();
  return record(out, "cast", {*this}, [from](const Tensor& g) { return std::vector<Tensor>{g.to(from)}; });
}

template <class T> static DType dtype_of();
template <> DType dtype_of<float>() { return DType::F32; }
template <> DType dtype_of<double>() { return DType::F64; }
template <> DType dtype_of<int64_t>() { return DType::I64; }

template <class T>
std::vector<T> Tensor::to_vector() const {
  NoGradGuard ng;
  Tensor c = to(Device::CPU).contiguous();
  std::vector<T> v(numel());
  cpu_cast(c.dtype(), c.raw(), dtype_of<T>(), v.data(), numel());
  return v;
}
template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<int64_t> Tensor::to_vector<int64_t>() const;

double Tensor::item() const {
  if (numel() != 1) throw std::invalid_argument("item() on a tensor of shape " + shape().str());
  return to_vector<double>()[0];
}

// ---------------------------------------------------------------- views
Tensor Tensor::reshape(const Dims& s0) const {
  Dims s = s0;
  int infer = -1;
  int64_t known = 1;
  for (int i = 0; i < s.n; ++i) {
    if (s[i] == -1) {
      if (infer >= 0) throw std::invalid_argument("reshape: more than one -1");
      infer = i;
    } else {
      known *= s[i];
    }
  }
  if (infer >= 0) s[infer] = known ? numel() / known : 0;
  if (s.numel() != numel())
    throw std::invalid_argument("reshape: cannot view " + shape().str() + " as " + s0.str());
  Tensor src = contiguous();
  Tensor out = make_view(src, s, contiguous_strides(s), src.impl()->offset);
  Dims in = shape();
  return record(out, "reshape", {src}, [in](const Tensor& g) { return std::vector<Tensor>{g.reshape(in)}; });
}

Tensor Tensor::flatten(int start, int end) const {
  int nd = dim();
  if (nd == 0) return reshape({1});
  start = normalize_dim(start, nd);
  end = normalize_dim(end, nd);
  std::vector<int64_t> s;
  for (int i = 0; i < start; ++i) s.push_back(size(i));
  int64_t m = 1;
  for (int i = start; i <= end; ++i) m *= size(i);
  s.push_back(m);
  for (int i = end + 1; i < nd; ++i) s.push_back(size(i));
  return reshape(Dims(s));
}

Tensor Tensor::permute(const Dims& order) const {
  int nd = dim();
  if (order.n != nd) throw std::invalid_argument("permute: order has " + std::to_string(order.n) + " dims, tensor " + std::to_string(nd));
  Dims s, st, inv;
  s.n = st.n = inv.n = nd;
  bool seen[kMaxDims] = {false};
  for (int i = 0; i < nd; ++i) {
    int o = normalize_dim((int)order[i], nd);
    if (seen[o]) throw std::invalid_argument("permute: repeated dim");
    seen[o] = true;
    s[i] = shape()[o];
    st[i] = strides()[o];
    inv[o] = i;
  }
  Tensor out = make_view(*this, s, st, p_->offset);
  return record(out, "permute", {*this}, [inv](const Tensor& g) { return std::vector<Tensor>{g.permute(inv)}; });
}

Tensor Tensor::transpose(int a, int b) const {
  Dims o;
  o.n = dim();
  for (int i = 0; i < o.n; ++i) o[i] = i;
  a = normalize_dim(a, dim());
  b = normalize_dim(b, dim());
  std::swap(o.d[a], o.d[b]);
  return permute(o);
}

Tensor Tensor::slice(int d, int64_t start, int64_t end, int64_t step) const {
  d = normalize_dim(d, dim());
  int64_t n = shape()[d];
  if (start < 0) start += n;
  if (end < 0) end += n;
  if (end > n) end = n;
  if (step < 1 || start < 0 || start > end)
    throw std::out_of_range("slice [" + std::to_string(start) + ":" + std::to_string(end) + "] of dim " +
                            std::to_string(d) + " with size " + std::to_string(n));
  Dims s = shape(), st = strides();
  s[d] = (end - start + step - 1) / step;
  st[d] *= step;
  Tensor out = make_view(*this, s, st, p_->offset + start * strides()[d]);
  Dims in = shape();
  DType t = dtype();
  Device dev = device();
  return record(out, "slice", {*this}, [in, t, dev, d, start, end, step](const Tensor& g) {
    Tensor z = zeros(in, t, dev);
    copy_(z.slice(d, start, end, step), g);
    return std::vector<Tensor>{z};
  });
}

Tensor Tensor::select(int d, int64_t i) const {
  d = normalize_dim(d, dim());
  if (i < 0) i += size(d);
  return slice(d, i, i + 1).squeeze(d);
}

Tensor Tensor::expand(const Dims& s) const {
  int nd = s.n, off = nd - dim();
  if (off < 0) throw std::invalid_argument("expand: target " + s.str() + " has fewer dims than " + shape().str());
  Dims st;
  st.n = nd;
  for (int i = 0; i < nd; ++i) {
    int j = i - off;
    int64_t have = j >= 0 ? shape()[j] : 1;
    if (j >= 0 && have == s[i]) st[i] = strides()[j];
    else if (have == 1) st[i] = 0;
    else throw std::invalid_argument("expand: cannot expand " + shape().str() + " to " + s.str());
  }
  Tensor out = make_view(*this, s, st, p_->offset);
  Dims in = shape();
  return record(out, "expand", {*this}, [in](const Tensor& g) { return std::vector<Tensor>{sum_to(g, in)}; });
}

Tensor Tensor::unsqueeze(int d) const {
  d = normalize_dim(d, dim() + 1);
  std::vector<int64_t> s = shape().vec();
  s.insert(s.begin() + d, 1);
  return reshape(Dims(s));
}

Tensor Tensor::squeeze(int d) const {
  d = normalize_dim(d, dim());
  if (shape()[d] != 1) return *this;
  std::vector<int64_t> s = shape().vec(), st = strides().vec();
  s.erase(s.begin() + d);
  st.erase(st.begin() + d);
  Tensor out = make_view(*this, Dims(s), Dims(st), p_->offset);
  Dims in = shape();
  return record(out, "squeeze", {*this}, [in](const Tensor& g) { return std::vector<Tensor>{g.reshape(in)}; });
}

// ---------------------------------------------------------------- factories
Tensor empty(const Dims& s, DType t, Device d) {
  for (int i = 0; i < s.n; ++i)
    if (s[i] < 0) throw std::invalid_argument("negative size in shape " + s.str());
  auto p = std::make_shared<TensorImpl>();
  p->storage = std::make_shared<Storage>(d, (size_t)s.numel() * dtype_size(t));
  p->shape = s;
  p->stride = contiguous_strides(s);
  p->dtype = t;
  return Tensor(p);
}

Tensor full(const Dims& s, double v, DType t, Device d) {
  Tensor x = empty(s, t, d);
  if (d == Device::CPU) cpu_fill(t, x.raw(), x.numel(), v);
  else HAAD_CUDA_CALL(cuda_fill(t, x.raw(), x.numel(), v));
  return x;
}
Tensor zeros(const Dims& s, DType t, Device d) { return full(s, 0.0, t, d); }
Tensor ones(const Dims& s, DType t, Device d) { return full(s, 1.0, t, d); }

Tensor from_blob(const void* data, const Dims& s, DType t, Device d) {
  Tensor x = empty(s, t, Device::CPU);
  if (x.numel()) std::memcpy(x.raw(), data, x.numel() * dtype_size(t));
  return x.to(d);
}
static void check_len(size_t n, const Dims& s) {
  if ((int64_t)n != s.numel())
    throw std::invalid_argument("from_vector: " + std::to_string(n) + " values for shape " + s.str());
}
Tensor from_vector(const std::vector<float>& v, const Dims& s, Device d) { check_len(v.size(), s); return from_blob(v.data(), s, DType::F32, d); }
Tensor from_vector(const std::vector<double>& v, const Dims& s, Device d) { check_len(v.size(), s); return from_blob(v.data(), s, DType::F64, d); }
Tensor from_vector(const std::vector<int64_t>& v, const Dims& s, Device d) { check_len(v.size(), s); return from_blob(v.data(), s, DType::I64, d); }

Tensor arange(int64_t n, DType t, Device d) {
  std::vector<double> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = (double)i;
  return from_vector(v, {n}).to(t).to(d);
}

// Random fills are defined for floating dtypes on every device; inside a CUDA
// graph capture they are refused (a replay would repeat one draw).
static void check_random(const char* fn, DType t) {
  if (t != DType::F32 && t != DType::F64)
    throw std::invalid_argument(std::string(fn) + ": needs a floating dtype (f32 or f64), got " + dtype_name(t));
  if (graph_capturing())
    throw std::logic_error(std::string(fn) + " inside a captured CUDA graph: every replay would repeat one draw");
}

Tensor rand(const Dims& s, DType t, Device d, double lo, double hi) {
  check_random("rand", t);
  Tensor x = empty(s, t, d);
  uint64_t off = rng_take(x.numel());
  if (d == Device::CPU) cpu_fill_uniform(t, x.raw(), x.numel(), lo, hi, rng_seed(), off);
  else HAAD_CUDA_CALL(cuda_fill_uniform(t, x.raw(), x.numel(), lo, hi, rng_seed(), off));
  return x;
}

Tensor randn(const Dims& s, DType t, Device d, double mean, double std) {
  check_random("randn", t);
  Tensor x = empty(s, t, d);
  uint64_t off = rng_take(2 * x.numel());
  if (d == Device::CPU) cpu_fill_normal(t, x.raw(), x.numel(), mean, std, rng_seed(), off);
  else HAAD_CUDA_CALL(cuda_fill_normal(t, x.raw(), x.numel(), mean, std, rng_seed(), off));
  return x;
}

}  // namespace haad
