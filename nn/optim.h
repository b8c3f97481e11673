// Optimizers (PyTorch semantics), gradient clipping and learning-rate schedules.
#pragma once
#include <vector>
#include "engine/tensor.h"

namespace haad {

struct Optimizer {
  std::vector<Tensor> params;
  double lr;
  int64_t step_count = 0;
  Optimizer(std::vector<Tensor> p, double lr) : params(std::move(p)), lr(lr) {}
  virtual ~Optimizer() = default;
  virtual void step() = 0;
  void zero_grad();
};

struct SGD : Optimizer {
  double momentum, dampening, weight_decay;
  bool nesterov;
  std::vector<Tensor> buf;
  SGD(std::vector<Tensor> p, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
      bool nesterov = false);
  void step() override;
};

// decoupled = false: Adam with L2 in the gradient; true: AdamW
struct Adam : Optimizer {
  double beta1, beta2, eps, weight_decay;
  bool decoupled;
  std::vector<Tensor> m, v;
  Adam(std::vector<Tensor> p, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
       double weight_decay = 0, bool decoupled = false);
  void step() override;
};
inline Adam AdamW(std::vector<Tensor> p, double lr = 1e-3, double wd = 1e-2) {
  return Adam(std::move(p), lr, 0.9, 0.999, 1e-8, wd, true);
}

// scales all gradients so their global L2 norm is at most max_norm; returns the norm before clipping
double clip_grad_norm(const std::vector<Tensor>& params, double max_norm);

// learning-rate schedules: lr at a given step (0-based)
double lr_step(double base, int64_t step, int64_t step_size, double gamma);
double lr_cosine_warmup(double base, int64_t step, int64_t warmup, int64_t total, double min_lr = 0);

}  // namespace haad
