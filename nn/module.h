// Module: named parameters, buffers and children, like torch.nn.Module but
// explicit. A module registers pointers to its own Tensor members, so modules
// are held in place (by value inside their parent, or by unique_ptr) and never moved.
#pragma once
#include <string>
#include <utility>
#include <vector>
#include "engine/ops.h"

namespace haad {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

struct Module {
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  virtual ~Module() = default;

  bool training = true;
  void train(bool on = true);
  void eval() { train(false); }

  NamedTensors named_parameters(const std::string& prefix = "") const;
  NamedTensors named_buffers(const std::string& prefix = "") const;
  NamedTensors state_dict() const;  // parameters then buffers
  std::vector<Tensor> parameters() const;
  int64_t num_parameters() const;
  void zero_grad();
  void to(Device d);  // moves every parameter and buffer (grads are dropped)

 protected:
  Tensor& param(const std::string& name, Tensor t);  // registers, sets requires_grad
  Tensor& buffer(const std::string& name, Tensor t);
  void child(const std::string& name, Module& m);

 private:
  std::vector<std::pair<std::string, Tensor*>> params_, buffers_;
  std::vector<std::pair<std::string, Module*>> children_;
  // storage for registered tensors: stable addresses
  std::vector<std::unique_ptr<Tensor>> owned_;
};

}  // namespace haad
