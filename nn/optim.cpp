#include "nn/optim.h"
#include <cmath>
#include <stdexcept>
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

void Optimizer::zero_grad() {
  for (Tensor& p : params) p.zero_grad();
}

static void check_param(const Tensor& p) {
  if (!p.is_contiguous()) throw std::invalid_argument("optimizer: parameter " + p.str() + " is not contiguous");
  if (p.grad().defined() && p.grad().shape() != p.shape())
    throw std::invalid_argument("optimizer: gradient shape " + p.grad().shape().str() + " for parameter " + p.str());
}

SGD::SGD(std::vector<Tensor> p, double lr_, double mom, double damp, double wd, bool nest)
    : Optimizer(std::move(p), lr_), momentum(mom), dampening(damp), weight_decay(wd), nesterov(nest) {
  if (nesterov && (momentum <= 0 || dampening != 0))
    throw std::invalid_argument("SGD: Nesterov needs momentum > 0 and zero dampening");
  for (Tensor& t : params) buf.push_back(zeros(t.shape(), t.dtype(), t.device()));
}

void SGD::step() {
  bool first = step_count == 0;
  ++step_count;
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor& p = params[i];
    if (!p.grad().defined()) continue;
    check_param(p);
    Tensor g = p.grad().contiguous();
    ProfScope ps("sgd_step", p.device());
    if (p.device() == Device::CPU)
      cpu_sgd_step(p.dtype(), p.raw(), g.raw(), buf[i].raw(), p.numel(), lr, momentum, dampening, weight_decay,
                   nesterov, first);
    else
      HAAD_CUDA_CALL(cuda_sgd_step(p.data<float>(), g.data<float>(), buf[i].data<float>(), p.numel(), lr, momentum,
                                   dampening, weight_decay, nesterov, first));
  }
}

Adam::Adam(std::vector<Tensor> p, double lr_, double b1, double b2, double e, double wd, bool dec)
    : Optimizer(std::move(p), lr_), beta1(b1), beta2(b2), eps(e), weight_decay(wd), decoupled(dec) {
  for (Tensor& t : params) {
    m.push_back(zeros(t.shape(), t.dtype(), t.device()));
    v.push_back(zeros(t.shape(), t.dtype(), t.device()));
  }
}

void Adam::step() {
  ++step_count;
  double bc1 = 1 - std::pow(beta1, (double)step_count), bc2 = 1 - std::pow(beta2, (double)step_count);
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor& p = params[i];
    if (!p.grad().defined()) continue;
    check_param(p);
    Tensor g = p.grad().contiguous();
    ProfScope ps("adam_step", p.device());
    if (p.device() == Device::CPU)
      cpu_adamw_step(p.dtype(), p.raw(), g.raw(), m[i].raw(), v[i].raw(), p.numel(), lr, beta1, beta2, eps,
                     weight_decay, bc1, bc2, decoupled);
    else
      HAAD_CUDA_CALL(cuda_adamw_step(p.data<float>(), g.data<float>(), m[i].data<float>(), v[i].data<float>(),
                                     p.numel(), lr, beta1, beta2, eps, weight_decay, bc1, bc2, decoupled));
  }
}

double clip_grad_norm(const std::vector<Tensor>& params, double max_norm) {
  double ss = 0;
  // CUDA: one partial sum per parameter into a device vector, read back once
  Tensor partial;
  int64_t np = 0;
  for (const Tensor& p : params) {
    if (!p.grad().defined()) continue;
    Tensor g = p.grad().contiguous();
    if (g.device() == Device::CPU) {
      ss += cpu_sumsq(g.dtype(), g.raw(), g.numel());
    } else {
      if (!partial.defined()) partial = empty({(int64_t)params.size()}, DType::F64, g.device());
      HAAD_CUDA_CALL(cuda_sumsq(g.data<float>(), g.numel(), partial.data<double>() + np));
      ++np;
    }
  }
  if (np) {
    std::vector<double> v = partial.to_vector<double>();
    for (int64_t i = 0; i < np; ++i) ss += v[i];
  }
  double norm = std::sqrt(ss);
  if (norm > max_norm && norm > 0) {
    NoGradGuard ng;
    double s = max_norm / (norm + 1e-6);
    for (Tensor p : params)
      if (p.grad().defined()) p.set_grad(mul_scalar(p.grad(), s));  // gradients are never mutated in place
  }
  return norm;
}

double lr_step(double base, int64_t step, int64_t step_size, double gamma) {
  return base * std::pow(gamma, (double)(step / (step_size > 0 ? step_size : 1)));
}

double lr_cosine_warmup(double base, int64_t step, int64_t warmup, int64_t total, double min_lr) {
  if (warmup > 0 && step < warmup) return base * (double)(step + 1) / (double)warmup;
  if (total <= warmup) return base;
  double t = std::min(1.0, (double)(step - warmup) / (double)(total - warmup));
  return min_lr + 0.5 * (base - min_lr) * (1 + std::cos(3.141592653589793 * t));
}

}  // namespace haad
