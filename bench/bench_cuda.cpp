// CUDA op benchmarks (cuBLAS GEMM, elementwise, softmax, layer norm, conv1d,
// one training step of a small MLP). Each iteration synchronises, so times are
// the ops' own. Without a device it says so and exits 0.
#include <benchmark/benchmark.h>
#include "bench/counters.h"
#include <cstdio>
#include "engine/ops.h"
#include "engine/rng.h"
#include "nn/layers.h"
#include "nn/optim.h"

using namespace haad;

static void BM_cuda_matmul(benchmark::State& st) {
  int64_t M = st.range(0), N = st.range(1), K = st.range(2);
  Tensor a = randn({M, K}).to(Device::CUDA), b = randn({K, N}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor c = matmul(a, b);
    device_sync(Device::CUDA);
  }
  set_rates(st, 2.0 * M * N * K, 4.0 * (M * K + K * N + M * N));
}
BENCHMARK(BM_cuda_matmul)->Args({1024, 1024, 1024})->Args({4096, 4096, 4096})->Args({3840, 256, 256})
    ->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_cuda_add(benchmark::State& st) {
  int64_t n = st.range(0);
  Tensor a = randn({n}).to(Device::CUDA), b = randn({n}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor c = add(a, b);
    device_sync(Device::CUDA);
  }
  set_rates(st, (double)n, 12.0 * n);
}
BENCHMARK(BM_cuda_add)->Arg(1 << 24)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_cuda_softmax(benchmark::State& st) {
  int64_t r = st.range(0), c = st.range(1);
  Tensor a = randn({r, c}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor y = softmax(a);
    device_sync(Device::CUDA);
  }
  set_rates(st, 5.0 * r * c, 8.0 * r * c);
}
BENCHMARK(BM_cuda_softmax)->Args({65536, 256})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_cuda_layer_norm(benchmark::State& st) {
  int64_t r = st.range(0), c = st.range(1);
  Tensor a = randn({r, c}).to(Device::CUDA), g = ones({c}).to(Device::CUDA), b = zeros({c}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor y = layer_norm(a, g, b);
    device_sync(Device::CUDA);
  }
  set_rates(st, 8.0 * r * c, 8.0 * r * c);
}
BENCHMARK(BM_cuda_layer_norm)->Args({65536, 256})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_cuda_conv1d(benchmark::State& st) {
  int64_t B = st.range(0), C = st.range(1), L = st.range(2), K = 9;
  Tensor x = randn({B, C, L}).to(Device::CUDA), w = randn({C, C, K}).to(Device::CUDA), b = zeros({C}).to(Device::CUDA);
  for (auto _ : st) {
    Tensor y = conv1d(x, w, b, 1, K / 2);
    device_sync(Device::CUDA);
  }
  set_rates(st, 2.0 * B * C * C * K * L, 4.0 * (2 * B * C * L + C * C * K));
}
BENCHMARK(BM_cuda_conv1d)->Args({1280, 64, 60})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_cuda_mlp_train_step(benchmark::State& st) {
  int64_t B = st.range(0), H = st.range(1);
  manual_seed(1);
  Linear l1(H, H), l2(H, H);
  l1.to(Device::CUDA);
  l2.to(Device::CUDA);
  std::vector<Tensor> ps = l1.parameters();
  for (Tensor& p : l2.parameters()) ps.push_back(p);
  Adam opt(ps, 1e-3);
  Tensor x = randn({B, H}).to(Device::CUDA);
  for (auto _ : st) {
    opt.zero_grad();
    Tensor loss = mean(square(l2.forward(gelu(l1.forward(x)))));
    loss.backward();
    opt.step();
    device_sync(Device::CUDA);
  }
  set_rates(st, 6.0 * 2 * B * H * H, 0);
}
BENCHMARK(BM_cuda_mlp_train_step)->Args({4096, 256})->Unit(benchmark::kMicrosecond)->UseRealTime();

int main(int argc, char** argv) {
  if (!cuda_available()) {
    std::printf("bench_cuda: no CUDA device (%s); nothing to run\n", cuda_describe().c_str());
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
