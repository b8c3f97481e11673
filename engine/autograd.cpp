#include "engine/autograd.h"
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include "engine/ops.h"

namespace haad {

static thread_local bool g_grad_enabled = true;
bool grad_enabled() { return g_grad_enabled; }
NoGradGuard::NoGradGuard() : prev(g_grad_enabled) { g_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { g_grad_enabled = prev; }

bool needs_grad(const std::vector<Tensor>& inputs) {
  if (!g_grad_enabled) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}
bool needs_grad(std::initializer_list<Tensor> inputs) { return needs_grad(std::vector<Tensor>(inputs)); }

Tensor record(Tensor out, const char* name, const std::vector<Tensor>& inputs, BackwardFn fn) {
  if (!needs_grad(inputs)) return out;
  auto node = std::make_shared<Node>();
  node->name = name;
  for (const Tensor& t : inputs) node->inputs.push_back(t.defined() ? t.impl_ptr() : nullptr);
  node->backward = std::move(fn);
  out.impl()->requires_grad = true;
  out.impl()->grad_fn = std::move(node);
  return out;
}

void run_backward(const Tensor& root, const Tensor& gout) {
  if (!root.requires_grad())
    throw std::invalid_argument("backward: the tensor does not require grad (no input on its path has "
                                "requires_grad, or it was computed under no_grad)");
  if (root.impl()->graph_released)
    throw std::invalid_argument("backward: the graph of this tensor was already released by an earlier backward()");
  if (gout.shape() != root.shape())
    throw std::invalid_argument("backward: gradient shape " + gout.shape().str() + " does not match " +
                                root.shape().str());

  // topological order by iterative DFS (graphs can be deep: no recursion)
  std::vector<TensorImpl*> order;
  std::unordered_set<TensorImpl*> seen;
  std::vector<std::pair<TensorImpl*, size_t>> stack{{root.impl(), 0}};
  seen.insert(root.impl());
  while (!stack.empty()) {
    auto& [t, i] = stack.back();
    Node* n = t->grad_fn.get();
    if (n && i < n->inputs.size()) {
      TensorImpl* c = n->inputs[i++].get();
      if (c && c->requires_grad && !seen.count(c)) {
        if (c->graph_released)
          throw std::invalid_argument("backward: part of the graph was already released by an earlier backward()");
        seen.insert(c);
        stack.push_back({c, 0});
      }
    } else {
      order.push_back(t);
      stack.pop_back();
    }
  }

  NoGradGuard ng;  // backward closures build no graph of their own
  std::unordered_map<TensorImpl*, Tensor> pending;
  pending[root.impl()] = gout;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    TensorImpl* t = *it;
    auto pg = pending.find(t);
    if (pg == pending.end()) continue;
    Tensor g = pg->second;
    pending.erase(pg);
    if (!t->grad_fn) {  // leaf: accumulate (out of place)
      Tensor gc = g.contiguous();
      t->grad = t->grad ? add(Tensor(t->grad), gc).impl_ptr() : gc.impl_ptr();
      continue;
    }
    Node* n = t->grad_fn.get();
    std::vector<Tensor> gin = n->backward(g);
    if (gin.size() != n->inputs.size())
      throw std::logic_error(std::string("backward of ") + n->name + " returned the wrong number of gradients");
    for (size_t i = 0; i < gin.size(); ++i) {
      TensorImpl* in = n->inputs[i].get();
      if (!in || !in->requires_grad || !gin[i].defined()) continue;
      if (gin[i].shape() != in->shape)
        throw std::logic_error(std::string("backward of ") + n->name + ": gradient shape " + gin[i].shape().str() +
                               " does not match input shape " + in->shape.str());
      auto e = pending.find(in);
      if (e == pending.end()) pending.emplace(in, gin[i]);
      else e->second = add(e->second, gin[i]);
    }
  }
  // release the graph: saved tensors go, and a second backward is refused
  for (TensorImpl* t : order)
    if (t->grad_fn) { t->grad_fn.reset(); t->graph_released = true; }
}

}  // namespace haad
