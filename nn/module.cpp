#include "nn/module.h"

namespace haad {

Tensor& Module::param(const std::string& name, Tensor t) {
  t.requires_grad_(true);
  owned_.push_back(std::make_unique<Tensor>(t));
  params_.push_back({name, owned_.back().get()});
  return *owned_.back();
}

Tensor& Module::buffer(const std::string& name, Tensor t) {
  owned_.push_back(std::make_unique<Tensor>(t));
  buffers_.push_back({name, owned_.back().get()});
  return *owned_.back();
}

void Module::child(const std::string& name, Module& m) { children_.push_back({name, &m}); }

void Module::train(bool on) {
  training = on;
  for (auto& c : children_) c.second->train(on);
}

NamedTensors Module::named_parameters(const std::string& prefix) const {
  NamedTensors out;
  for (auto& p : params_) out.push_back({prefix + p.first, *p.second});
  for (auto& c : children_) {
    NamedTensors sub = c.second->named_parameters(prefix + c.first + ".");
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

NamedTensors Module::named_buffers(const std::string& prefix) const {
  NamedTensors out;
  for (auto& p : buffers_) out.push_back({prefix + p.first, *p.second});
  for (auto& c : children_) {
    NamedTensors sub = c.second->named_buffers(prefix + c.first + ".");
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

NamedTensors Module::state_dict() const {
  NamedTensors out = named_parameters();
  NamedTensors b = named_buffers();
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (auto& p : named_parameters()) out.push_back(p.second);
  return out;
}

int64_t Module::num_parameters() const {
  int64_t n = 0;
  for (auto& p : named_parameters()) n += p.second.numel();
  return n;
}

void Module::zero_grad() {
  for (auto& p : named_parameters()) p.second.zero_grad();
}

void Module::to(Device d) {
  NoGradGuard ng;
  for (auto& p : params_) {
    Tensor t = p.second->detach().to(d);
    t.requires_grad_(true);
    *p.second = t;
  }
  for (auto& b : buffers_) *b.second = b.second->to(d);
  for (auto& c : children_) c.second->to(d);
}

}  // namespace haad
