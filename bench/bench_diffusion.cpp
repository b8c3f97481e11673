// Diffusion benchmarks (compared with bench/torch_diffusion.py by
// bench/compare_diffusion.sh). The default denoiser: latent 256, 4 layers,
// 4 heads, FF 1024, H = 56 frames, 20 joints, 20 classes.
//   BM_denoiser_train_step  batch 32: q_sample, forward, x0+velocity+bone loss, backward, AdamW
//   BM_ddim50_sample        16 clips, DDIM-50 with classifier-free guidance (32-clip batches)
//   BM_attention_fwd_bwd    attention alone at the model's shape [32, 4, 57, 64]
#include <benchmark/benchmark.h>
#include "bench/counters.h"
#include "diffusion/gaussian.h"
#include "engine/device.h"
#include "engine/rng.h"
#include "kernels/cuda/cuda.h"
#include "nn/optim.h"

using namespace haad;

static DenoiserConfig bench_cfg() {
  DenoiserConfig c;
  c.joints = 20;
  c.classes = 20;
  c.frames = 56;
  return c;  // latent 256, 4 layers, 4 heads, ff 1024, dropout 0.1
}

static void BM_denoiser_train_step(benchmark::State& st) {
  manual_seed(1);
  Denoiser net(bench_cfg());
  Skeleton sk = skeleton_msr20();
  Schedule s(1000);
  Adam opt(net.parameters(), 5e-4, 0.9, 0.999, 1e-8, 0.0, true);
  const int B = 32;
  Tensor x0 = randn({B, 56, 60}), mask = ones({B, 56});
  std::vector<int64_t> cls;
  std::vector<int> ts;
  for (int i = 0; i < B; ++i) { cls.push_back(i % 21); ts.push_back((i * 37) % 1000); }
  Tensor c = from_vector(cls, {B}), t = from_vector(std::vector<int64_t>(ts.begin(), ts.end()), {B});
  for (auto _ : st) {
    Tensor xt = q_sample(s, x0, ts, randn(x0.shape()));
    LossParts L = diffusion_loss(net.forward(xt, t, c, mask), x0, mask, sk, LossWeights{});
    opt.zero_grad();
    L.total.backward();
    clip_grad_norm(opt.params, 1.0);
    opt.step();
  }
  set_rates(st, 3.0 * net.flops_per_forward(B), 0);
  st.counters["clips/s"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_denoiser_train_step)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_ddim50_sample(benchmark::State& st) {
  manual_seed(2);
  Denoiser net(bench_cfg());
  net.eval();
  Schedule s(1000);
  const int B = 16;
  std::vector<int> cls;
  for (int i = 0; i < B; ++i) cls.push_back(i % 20);
  Tensor mask = ones({B, 56});
  SampleConfig c;  // DDIM-50, eta 0, guidance 2
  for (auto _ : st) {
    GuidedDenoiser g(net, cls, mask, c.guidance, true);
    benchmark::DoNotOptimize(sample_loop(s, std::ref(g), zeros({B, 56, 60}), s.T, c).raw());
  }
  set_rates(st, 50.0 * net.flops_per_forward(2 * B), 0);
  st.counters["clips/s"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ddim50_sample)->Unit(benchmark::kMillisecond)->UseRealTime();

// On CUDA: the same sampling, eager (a launch per op) against CUDA-graph replay
static void BM_ddim50_sample_cuda(benchmark::State& st) {
  if (!cuda_available()) {
    st.SkipWithError("no CUDA device");
    return;
  }
  bool graph = st.range(0) != 0;
  manual_seed(2);
  Denoiser net(bench_cfg());
  net.eval();
  net.to(Device::CUDA);
  Schedule s(1000);
  const int B = 16;
  std::vector<int> cls;
  for (int i = 0; i < B; ++i) cls.push_back(i % 20);
  Tensor mask = ones({B, 56}, DType::F32, Device::CUDA);
  SampleConfig c;
  for (auto _ : st) {
    GuidedDenoiser g(net, cls, mask, c.guidance, graph);
    Tensor x = sample_loop(s, std::ref(g), zeros({B, 56, 60}, DType::F32, Device::CUDA), s.T, c);
    cuda_synchronize();
  }
  set_rates(st, 50.0 * net.flops_per_forward(2 * B), 0);
  st.counters["clips/s"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ddim50_sample_cuda)->Arg(0)->Arg(1)->ArgName("graph")->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_denoiser_train_step_cuda(benchmark::State& st) {
  if (!cuda_available()) {
    st.SkipWithError("no CUDA device");
    return;
  }
  manual_seed(1);
  Denoiser net(bench_cfg());
  net.to(Device::CUDA);
  Skeleton sk = skeleton_msr20();
  Schedule s(1000);
  Adam opt(net.parameters(), 5e-4, 0.9, 0.999, 1e-8, 0.0, true);
  const int B = 32;
  Tensor x0 = randn({B, 56, 60}, DType::F32, Device::CUDA), mask = ones({B, 56}, DType::F32, Device::CUDA);
  std::vector<int64_t> cls;
  std::vector<int> ts;
  for (int i = 0; i < B; ++i) { cls.push_back(i % 21); ts.push_back((i * 37) % 1000); }
  Tensor c = from_vector(cls, {B}).to(Device::CUDA), t = from_vector(std::vector<int64_t>(ts.begin(), ts.end()), {B}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor xt = q_sample(s, x0, ts, randn(x0.shape(), DType::F32, Device::CUDA));
    LossParts L = diffusion_loss(net.forward(xt, t, c, mask), x0, mask, sk, LossWeights{});
    opt.zero_grad();
    L.total.backward();
    clip_grad_norm(opt.params, 1.0);
    opt.step();
    cuda_synchronize();
  }
  set_rates(st, 3.0 * net.flops_per_forward(B), 0);
  st.counters["clips/s"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_denoiser_train_step_cuda)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_attention_fwd_bwd(benchmark::State& st) {
  manual_seed(3);
  Tensor q = randn({32, 4, 57, 64}), k = randn({32, 4, 57, 64}), v = randn({32, 4, 57, 64});
  q.requires_grad_(true);
  k.requires_grad_(true);
  v.requires_grad_(true);
  for (auto _ : st) {
    Tensor o = attention(q, k, v);
    sum(o).backward();
    q.zero_grad(); k.zero_grad(); v.zero_grad();
  }
  double f = 2.0 * 32 * 4 * 57 * 57 * 64;  // one [57 x 64] x [64 x 57] product
  set_rates(st, 6 * f, 0);                 // 2 forward GEMMs + 4 backward
}
BENCHMARK(BM_attention_fwd_bwd)->Unit(benchmark::kMicrosecond)->UseRealTime();

BENCHMARK_MAIN();
