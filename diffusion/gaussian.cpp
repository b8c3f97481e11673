#include "diffusion/gaussian.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "engine/graph.h"

namespace haad {

Schedule::Schedule(int T_, double s) : T(T_), beta(T_), alpha_bar(T_) {
  // alpha_bar(t) = f(t)/f(0), f(t) = cos^2(((t/T + s)/(1 + s)) pi/2); betas clipped at 0.999
  auto f = [&](double t) {
    double c = std::cos((t / T + s) / (1 + s) * M_PI / 2);
    return c * c;
  };
  double prod = 1.0;
  for (int t = 0; t < T; ++t) {
    beta[t] = std::min(1.0 - f(t + 1) / f(t), 0.999);
    prod *= 1.0 - beta[t];
    alpha_bar[t] = prod;
  }
}

// per-clip scalars as a [B, 1, 1] tensor on `like`'s device
static Tensor per_clip(const std::vector<double>& v, const Tensor& like) {
  return from_vector(v, {(int64_t)v.size(), 1, 1}).to(like.dtype()).to(like.device());
}

Tensor q_sample(const Schedule& s, const Tensor& x0, const std::vector<int>& t, const Tensor& noise) {
  std::vector<double> a(t.size()), b(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    a[i] = std::sqrt(s.alpha_bar[t[i]]);
    b[i] = std::sqrt(1.0 - s.alpha_bar[t[i]]);
  }
  return x0 * per_clip(a, x0) + noise * per_clip(b, x0);
}

static Tensor bone_lengths(const Tensor& x4, const Tensor& child, const Tensor& parent) {
  Tensor d = index_select(x4, 2, child) - index_select(x4, 2, parent);  // [B, H, E, 3]
  return sqrt(add_scalar(sum(square(d), {3}), 1e-8));                   // [B, H, E]
}

LossParts diffusion_loss(const Tensor& pred, const Tensor& x0, const Tensor& mask, const Skeleton& sk,
                         const LossWeights& w) {
  int64_t B = pred.size(0), H = pred.size(1), C = pred.size(2), J = C / 3;
  Tensor m = mask.to(pred.dtype()).to(pred.device());
  Tensor m3 = m.unsqueeze(-1);
  double frames = sum(m).item();
  LossParts out;
  Tensor l = mul_scalar(sum(square(pred - x0) * m3), 1.0 / std::max(1.0, frames * C));
  out.x0 = l.item();
  Tensor total = mul_scalar(l, w.x0);
  if (w.vel > 0 && H > 1) {
    Tensor vp = pred.slice(1, 1, H) - pred.slice(1, 0, H - 1), vx = x0.slice(1, 1, H) - x0.slice(1, 0, H - 1);
    Tensor vm = (m.slice(1, 1, H) * m.slice(1, 0, H - 1)).unsqueeze(-1);
    double n = sum(vm).item();
    Tensor lv = mul_scalar(sum(square(vp - vx) * vm), 1.0 / std::max(1.0, n * C));
    out.vel = lv.item();
    total = total + mul_scalar(lv, w.vel);
  }
  std::vector<std::pair<int, int>> bones = sk.bones();
  if (w.bone > 0 && !bones.empty()) {
    std::vector<int64_t> ch, pa;
    for (auto& b : bones) { ch.push_back(b.first); pa.push_back(b.second); }
    Tensor ci = from_vector(ch, {(int64_t)ch.size()}).to(pred.device()),
           pi = from_vector(pa, {(int64_t)pa.size()}).to(pred.device());
    Tensor bp = bone_lengths(pred.reshape({B, H, J, 3}), ci, pi), bx = bone_lengths(x0.reshape({B, H, J, 3}), ci, pi);
    Tensor lb = mul_scalar(sum(square(bp - bx) * m3), 1.0 / std::max(1.0, frames * (double)bones.size()));
    out.bone = lb.item();
    total = total + mul_scalar(lb, w.bone);
  }
  out.total = total;
  return out;
}

// ---------------------------------------------------------------- guidance + graph
struct GuidedDenoiser::Impl {
  const Denoiser& m;
  int B;
  double g;
  bool graph;
  Tensor cls, mask, hist;       // [2B] (cond, then null) and [2B, H], or [B] / [B, H] without guidance
  Tensor xin, tin, out;         // fixed buffers for graph replay
  CudaGraph cg;
  Impl(const Denoiser& m_, int B_, double g_, bool gr) : m(m_), B(B_), g(g_), graph(gr) {}
  // the network on the fixed buffers (xin, tin) -> out
  void run() {
    Tensor x = xin, t = tin;
    if (g != 1.0) {
      x = cat({xin, xin}, 0);
      t = cat({tin, tin}, 0);
    }
    Tensor y = m.forward(x, t, cls, mask, hist);
    if (g != 1.0) {
      Tensor c = y.slice(0, 0, B), u = y.slice(0, B, 2 * B);
      y = u + mul_scalar(c - u, g);
    }
    out = y;
  }
};

GuidedDenoiser::GuidedDenoiser(const Denoiser& m, const std::vector<int>& classes, const Tensor& mask, double guidance,
                               bool use_graph, const Tensor& hist) {
  Device dev = m.device();
  int B = (int)classes.size();
  p_ = std::make_unique<Impl>(m, B, guidance, use_graph && dev == Device::CUDA);
  std::vector<int64_t> c(classes.begin(), classes.end());
  Tensor mk = mask.defined() ? mask.to(DType::F32).to(dev).contiguous() : Tensor();
  Tensor hk = hist.defined() ? hist.to(dev).contiguous() : Tensor();
  if (guidance != 1.0) {
    for (int i = 0; i < B; ++i) c.push_back(m.null_class());
    if (mk.defined()) mk = cat({mk, mk}, 0);
    if (hk.defined()) hk = cat({hk, hk}, 0);  // the history conditions both halves; guidance is over the class
  }
  p_->cls = from_vector(c, {(int64_t)c.size()}).to(dev);
  p_->mask = mk;
  p_->hist = hk;
}

GuidedDenoiser::~GuidedDenoiser() {
  if (p_) {
    p_->out = Tensor();
    p_->cg.reset();
  }
}

Tensor GuidedDenoiser::operator()(const Tensor& x, const std::vector<int>& t) {
  NoGradGuard ng;
  Impl& P = *p_;
  Tensor tt = from_vector(std::vector<int64_t>(t.begin(), t.end()), {(int64_t)t.size()}).to(x.device());
  if (!P.graph) {
    P.xin = x;
    P.tin = tt;
    P.run();
    return P.out;
  }
  if (!P.cg.ready()) {
    P.xin = x.contiguous().clone();
    P.tin = tt.clone();
    P.cg.capture([&] { P.run(); });
  }
  copy_(P.xin, x);
  copy_(P.tin, tt);
  P.cg.replay();
  ++graph_replays;
  return P.out.clone();  // the next replay overwrites out
}

// ---------------------------------------------------------------- samplers
Tensor sample_loop(const Schedule& s, DenoiseFn f, const Tensor& x_init, int t_start, const SampleConfig& c,
                   const std::function<void(int, int)>& progress, const ProjectFn& project) {
  NoGradGuard ng;
  if (t_start < 1 || t_start > s.T) throw std::invalid_argument("sampling: start step must be in [1, T]");
  // timesteps, descending: every step (DDPM) or `ddim_steps` evenly spaced in [0, t_start)
  std::vector<int> ts;
  int n = c.ddim_steps > 0 ? std::min(c.ddim_steps, t_start) : t_start;
  for (int i = n - 1; i >= 0; --i) ts.push_back(c.ddim_steps > 0 ? (int)((int64_t)i * t_start / n) : i);
  int B = (int)x_init.size(0);
  Tensor x;
  int t0 = ts.front();
  if (t_start == s.T) {
    x = randn(x_init.shape(), x_init.dtype(), x_init.device());
  } else {
    std::vector<int> tv(B, t0);
    x = q_sample(s, x_init, tv, randn(x_init.shape(), x_init.dtype(), x_init.device()));
  }
  if (project) x = project(x, t0);
  for (size_t k = 0; k < ts.size(); ++k) {
    int t = ts[k];
    int tp = k + 1 < ts.size() ? ts[k + 1] : -1;  // next (smaller) step; -1 = the clean motion
    Tensor x0 = f(x, std::vector<int>(B, t));
    double ab = s.alpha_bar[t], abp = tp >= 0 ? s.alpha_bar[tp] : 1.0;
    if (c.ddim_steps > 0) {
      // DDIM (Song et al. 2021): eps from the x0 estimate, then a step to tp
      Tensor eps = mul_scalar(x - mul_scalar(x0, std::sqrt(ab)), 1.0 / std::sqrt(1.0 - ab));
      double sigma = c.eta * std::sqrt((1 - abp) / (1 - ab)) * std::sqrt(std::max(0.0, 1 - ab / abp));
      x = mul_scalar(x0, std::sqrt(abp)) + mul_scalar(eps, std::sqrt(std::max(0.0, 1 - abp - sigma * sigma)));
      if (sigma > 0 && tp >= 0) x = x + mul_scalar(randn(x.shape(), x.dtype(), x.device()), sigma);
    } else {
      // DDPM posterior q(x_{t-1} | x_t, x0)
      double b = s.beta[t];
      double c0 = std::sqrt(abp) * b / (1 - ab), ct = std::sqrt(1 - b) * (1 - abp) / (1 - ab);
      x = mul_scalar(x0, c0) + mul_scalar(x, ct);
      if (t > 0) x = x + mul_scalar(randn(x.shape(), x.dtype(), x.device()), std::sqrt(b * (1 - abp) / (1 - ab)));
    }
    if (project) x = project(x, tp);
    if (progress) progress((int)k + 1, (int)ts.size());
  }
  return x;
}

}  // namespace haad
