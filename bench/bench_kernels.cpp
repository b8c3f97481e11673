// Kernel benchmarks with FLOP and byte counters (Google Benchmark reports
// them as rates: FLOP/s and bytes/s). Shapes: 512/1024 square and the shapes
// the haad models use (GCN encoder: rows = batch*joints, 128 hidden; MDM
// denoiser: rows = batch*frames, 256 latent).
#include <benchmark/benchmark.h>
#include "bench/counters.h"
#include "engine/ops.h"
#include "engine/rng.h"
#include "kernels/cpu/cpu.h"

using namespace haad;

static void BM_sgemm(benchmark::State& st) {
  int64_t M = st.range(0), N = st.range(1), K = st.range(2);
  manual_seed(1);
  Tensor a = randn({M, K}), b = randn({K, N}), c = zeros({M, N});
  GemmArgs g{M, N, K, a.raw(), K, 1, b.raw(), N, 1, c.raw(), N, 1.0, 0.0};
  for (auto _ : st) {
    cpu_sgemm(g);
    benchmark::ClobberMemory();
  }
  set_rates(st, 2.0 * M * N * K, 4.0 * (M * K + K * N + M * N));
}
BENCHMARK(BM_sgemm)
    ->Args({512, 512, 512})
    ->Args({1024, 1024, 1024})
    ->Args({1280, 128, 128})   // GCN block: 64 clips x 20 joints, 128 -> 128
    ->Args({1280, 128, 60})    // GCN input: 3*M DCT features -> 128
    ->Args({3840, 256, 256})   // MDM: 64 clips x 60 frames, 256 latent
    ->Args({3840, 1024, 256})  // MDM feed-forward up
    ->Args({256, 256, 128})    // SupCon similarity: 2x128 views, 128-d
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

static void BM_matmul_op_bwd(benchmark::State& st) {
  int64_t M = st.range(0), N = st.range(1), K = st.range(2);
  manual_seed(1);
  Tensor a = randn({M, K}), b = randn({K, N});
  a.requires_grad_(true);
  b.requires_grad_(true);
  for (auto _ : st) {
    sum(matmul(a, b)).backward();
    a.zero_grad();
    b.zero_grad();
  }
  set_rates(st, 6.0 * M * N * K, 4.0 * 3 * (M * K + K * N + M * N));
}
BENCHMARK(BM_matmul_op_bwd)->Args({1280, 128, 128})->Args({512, 512, 512})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_elementwise_add(benchmark::State& st) {
  int64_t n = st.range(0);
  Tensor a = randn({n}), b = randn({n});
  for (auto _ : st) benchmark::DoNotOptimize(add(a, b).raw());
  set_rates(st, (double)n, 12.0 * n);
}
BENCHMARK(BM_elementwise_add)->Arg(1 << 16)->Arg(1 << 22)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_gelu(benchmark::State& st) {
  int64_t n = st.range(0);
  Tensor a = randn({n});
  for (auto _ : st) benchmark::DoNotOptimize(gelu(a).raw());
  set_rates(st, 20.0 * n, 8.0 * n);
}
BENCHMARK(BM_gelu)->Arg(1 << 20)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_softmax(benchmark::State& st) {
  int64_t rows = st.range(0), cols = st.range(1);
  Tensor a = randn({rows, cols});
  for (auto _ : st) benchmark::DoNotOptimize(softmax(a).raw());
  set_rates(st, 5.0 * rows * cols, 8.0 * rows * cols);
}
BENCHMARK(BM_softmax)->Args({256, 256})->Args({4096, 64})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_layer_norm(benchmark::State& st) {
  int64_t rows = st.range(0), cols = st.range(1);
  Tensor a = randn({rows, cols}), g = ones({cols}), b = zeros({cols});
  for (auto _ : st) benchmark::DoNotOptimize(layer_norm(a, g, b).raw());
  set_rates(st, 8.0 * rows * cols, 8.0 * rows * cols);
}
BENCHMARK(BM_layer_norm)->Args({1280, 128})->Args({3840, 256})->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_conv1d(benchmark::State& st) {
  int64_t B = st.range(0), C = st.range(1), L = st.range(2), K = 9;
  Tensor x = randn({B, C, L}), w = randn({C, C, K}), b = zeros({C});
  for (auto _ : st) benchmark::DoNotOptimize(conv1d(x, w, b, 1, K / 2).raw());
  set_rates(st, 2.0 * B * C * C * K * L, 4.0 * (2 * B * C * L + C * C * K));
}
// ST-GCN temporal conv: (batch*joints) sequences of 60 frames, 64 channels, kernel 9
BENCHMARK(BM_conv1d)->Args({320, 64, 60})->Unit(benchmark::kMicrosecond)->UseRealTime();

BENCHMARK_MAIN();
