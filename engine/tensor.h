// Tensor: a strided view onto reference-counted device storage, plus the
// autograd fields. float32 is the working type; float64 exists so gradient
// checks can run in double; int64 holds indices and labels.
#pragma once
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>
#include "engine/device.h"
#include "kernels/common.h"

namespace haad {

struct Dims {
  int n = 0;
  int64_t d[kMaxDims] = {0, 0, 0, 0, 0, 0};
  Dims() = default;
  Dims(std::initializer_list<int64_t> l);
  explicit Dims(const std::vector<int64_t>& v);
  int size() const { return n; }
  int64_t operator[](int i) const { return d[i]; }
  int64_t& operator[](int i) { return d[i]; }
  int64_t numel() const;
  bool operator==(const Dims& o) const;
  bool operator!=(const Dims& o) const { return !(*this == o); }
  std::string str() const;
  std::vector<int64_t> vec() const { return std::vector<int64_t>(d, d + n); }
};

Dims contiguous_strides(const Dims& shape);

struct Storage {
  void* data = nullptr;
  size_t bytes = 0;
  Device device = Device::CPU;
  Storage(Device dev, size_t nbytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
};

struct Node;

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  int64_t offset = 0;  // in elements
  Dims shape, stride;
  DType dtype = DType::F32;
  bool requires_grad = false;
  bool graph_released = false;  // backward already ran through this non-leaf
  std::shared_ptr<TensorImpl> grad;
  std::shared_ptr<Node> grad_fn;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> p) : p_(std::move(p)) {}

  bool defined() const { return (bool)p_; }
  const Dims& shape() const { return p_->shape; }
  const Dims& strides() const { return p_->stride; }
  int dim() const { return p_->shape.n; }
  int64_t size(int d) const;  // negative d counts from the end
  int64_t numel() const { return p_->shape.numel(); }
  DType dtype() const { return p_->dtype; }
  Device device() const { return p_->storage->device; }
  bool is_contiguous() const;
  void* raw() const { return (char*)p_->storage->data + p_->offset * dtype_size(p_->dtype); }
  template <class T> T* data() const { return (T*)raw(); }
  TensorImpl* impl() const { return p_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return p_; }
  Layout layout() const;
  std::string str() const;  // "f32[2,3] cpu"

  // autograd
  bool requires_grad() const { return p_->requires_grad; }
  Tensor& requires_grad_(bool on = true);
  bool is_leaf() const { return !p_->grad_fn; }
  Tensor grad() const { return p_->grad ? Tensor(p_->grad) : Tensor(); }
  void set_grad(const Tensor& g) { p_->grad = g.p_; }
  void zero_grad() { p_->grad.reset(); }
  void backward() const;
  void backward(const Tensor& gout) const;
  Tensor detach() const;

  // data movement (differentiable where it makes sense)
  Tensor to(Device d) const;
  Tensor to(DType t) const;
  Tensor contiguous() const;
  Tensor clone() const;
  template <class T> std::vector<T> to_vector() const;
  double item() const;

  // views (no copy where the strides allow)
  Tensor reshape(const Dims& s) const;
  Tensor flatten(int start = 0, int end = -1) const;
  Tensor transpose(int a, int b) const;
  Tensor permute(const Dims& order) const;
  Tensor slice(int dim, int64_t start, int64_t end, int64_t step = 1) const;
  Tensor select(int dim, int64_t i) const;  // slice + squeeze
  Tensor expand(const Dims& s) const;
  Tensor unsqueeze(int dim) const;
  Tensor squeeze(int dim) const;

 private:
  std::shared_ptr<TensorImpl> p_;
};

// factories
Tensor empty(const Dims& s, DType t = DType::F32, Device d = Device::CPU);
Tensor zeros(const Dims& s, DType t = DType::F32, Device d = Device::CPU);
Tensor ones(const Dims& s, DType t = DType::F32, Device d = Device::CPU);
Tensor full(const Dims& s, double v, DType t = DType::F32, Device d = Device::CPU);
Tensor from_vector(const std::vector<float>& v, const Dims& s, Device d = Device::CPU);
Tensor from_vector(const std::vector<double>& v, const Dims& s, Device d = Device::CPU);
Tensor from_vector(const std::vector<int64_t>& v, const Dims& s, Device d = Device::CPU);
Tensor from_blob(const void* data, const Dims& s, DType t, Device d = Device::CPU);  // copies
Tensor arange(int64_t n, DType t = DType::I64, Device d = Device::CPU);
// random, from the global counter-based generator (see rng.h)
Tensor rand(const Dims& s, DType t = DType::F32, Device d = Device::CPU, double lo = 0, double hi = 1);
Tensor randn(const Dims& s, DType t = DType::F32, Device d = Device::CPU, double mean = 0, double std = 1);

int normalize_dim(int d, int ndim);  // throws on out of range

}  // namespace haad
