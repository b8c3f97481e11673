// Gaussian diffusion over motions (x0-prediction, as in MDM): the cosine noise
// schedule (Nichol & Dhariwal 2021), the training loss, and the samplers:
// DDPM ancestral sampling over all T steps and DDIM over any number of steps
// (eta = 0: deterministic), both with classifier-free guidance, both seeded.
// Motions here are model-space tensors [B, H, J*3]: normalised clips divided by
// the data scale, padded to H frames with a mask [B, H] (1 = real frame).
#pragma once
#include <functional>
#include <vector>
#include "diffusion/denoiser.h"
#include "io/skeleton.h"

namespace haad {

struct Schedule {
  int T = 1000;
  std::vector<double> beta, alpha_bar;  // [T]; alpha_bar[t] = prod_{s<=t} (1 - beta[s])
  explicit Schedule(int T = 1000, double s = 0.008);
  double ab_prev(int t) const { return t > 0 ? alpha_bar[t - 1] : 1.0; }
};

// x_t = sqrt(ab_t) x0 + sqrt(1 - ab_t) noise, per clip (t: one step per clip)
Tensor q_sample(const Schedule& s, const Tensor& x0, const std::vector<int>& t, const Tensor& noise);

struct LossWeights {
  double x0 = 1.0, vel = 1.0, bone = 1.0;
};
struct LossParts {
  Tensor total;  // differentiable scalar
  double x0 = 0, vel = 0, bone = 0;
};
// masked MSE on positions, on frame-to-frame velocities and on bone lengths
// (predicted vs real), each averaged over real frames
LossParts diffusion_loss(const Tensor& pred, const Tensor& x0, const Tensor& mask, const Skeleton& sk,
                         const LossWeights& w);

// the network as the sampler sees it: x_t, steps, classes, mask -> x0 estimate
using DenoiseFn = std::function<Tensor(const Tensor& x, const std::vector<int>& t)>;

struct SampleConfig {
  int ddim_steps = 50;   // 0: DDPM ancestral sampling over all T steps
  double eta = 0.0;      // DDIM stochasticity (1 = DDPM-like noise)
  double guidance = 2.0; // classifier-free guidance scale (1 = plain conditional)
  bool use_graph = true; // on CUDA, replay each step's network from a CUDA graph
};

// The denoiser with classifier-free guidance for fixed classes and mask:
// x0 = x0_uncond + g (x0_cond - x0_uncond), both halves in one batch.
// On CUDA with use_graph, the network runs as a captured CUDA graph.
struct GuidedDenoiser {
  // hist: the history input of a completion model ([B, N, J*3]) or undefined
  GuidedDenoiser(const Denoiser& m, const std::vector<int>& classes, const Tensor& mask, double guidance, bool use_graph,
                 const Tensor& hist = Tensor());
  ~GuidedDenoiser();
  Tensor operator()(const Tensor& x, const std::vector<int>& t);
  int graph_replays = 0;

 private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

// Sampling from pure noise (t_start = T) or from a noised clip (partial
// diffusion: x_init noised to step t_start - 1, then denoised). Timesteps are
// spaced evenly over [0, t_start). Noise comes from the global seeded generator.
// `project`, when set, is applied to x after every update with the step x is now
// at (-1: the clean motion): mask replacement for completion and in-painting.
using ProjectFn = std::function<Tensor(const Tensor& x, int t)>;
Tensor sample_loop(const Schedule& s, DenoiseFn f, const Tensor& x_init, int t_start, const SampleConfig& c,
                   const std::function<void(int, int)>& progress = nullptr, const ProjectFn& project = nullptr);

}  // namespace haad
