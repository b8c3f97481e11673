// Tape-based reverse-mode autodiff. Each op that produces a tensor needing a
// gradient attaches a Node holding its inputs and a backward closure mapping
// the output gradient to one gradient per input. backward() walks the graph in
// reverse topological order, accumulates gradients (out of place: gradients are
// never mutated, so sharing them is safe), stores them on leaves, and releases
// the graph (saved tensors go with it).
#pragma once
#include <functional>
#include <memory>
#include <vector>
#include "engine/tensor.h"

namespace haad {

using BackwardFn = std::function<std::vector<Tensor>(const Tensor& gout)>;

struct Node {
  const char* name;
  std::vector<std::shared_ptr<TensorImpl>> inputs;
  BackwardFn backward;
};

bool grad_enabled();
struct NoGradGuard {
  bool prev;
  NoGradGuard();
  ~NoGradGuard();
};

// True when out should record history for these inputs.
bool needs_grad(std::initializer_list<Tensor> inputs);
bool needs_grad(const std::vector<Tensor>& inputs);
// Attach history to a freshly computed output (no-op when no input needs grad).
Tensor record(Tensor out, const char* name, const std::vector<Tensor>& inputs, BackwardFn fn);

void run_backward(const Tensor& root, const Tensor& gout);

}  // namespace haad
