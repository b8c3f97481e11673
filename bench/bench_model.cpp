// Model-level benchmarks for the few-shot detector (compared with
// bench/torch_reference.py by bench/compare_model.sh):
//   BM_train_step        one SupCon training step of the default DCT-GCN encoder:
//                        P=8 x Q=4 clips x 2 views = 64 samples, forward + backward + AdamW
//   BM_score_single_clip embed one clip (features ready) and score it against K=5 support embeddings
//   BM_features          normalise + resample + DCT of one clip
//   BM_plan_score_single_clip  the same through the inference plan (contrastive/plan.h)
//   BM_embed_batch/64, BM_plan_embed_batch/64  embed 64 clips, eager and planned (items = clips)
#include <benchmark/benchmark.h>
#include "contrastive/encoder.h"
#include "contrastive/plan.h"
#include "contrastive/features.h"
#include "contrastive/score.h"
#include "engine/rng.h"
#include "nn/optim.h"

using namespace haad;

static EncoderConfig default_cfg() {
  EncoderConfig c;
  c.joints = 20;
  c.in_features = 60;
  return c;
}

static void BM_train_step(benchmark::State& st) {
  manual_seed(1);
  Skeleton s = skeleton_msr20();
  auto enc = make_encoder(default_cfg(), s);
  Adam opt(enc->parameters(), 1e-3, 0.9, 0.999, 1e-8, 1e-4, true);
  Tensor x = randn({64, 20, 60});
  std::vector<int64_t> y;
  for (int i = 0; i < 64; ++i) y.push_back((i % 32) / 4);
  Tensor labels = from_vector(y, {64});
  for (auto _ : st) {
    opt.zero_grad();
    Tensor loss = supcon_loss(enc->forward(x), labels, 0.1);
    loss.backward();
    clip_grad_norm(opt.params, 5.0);
    opt.step();
  }
  st.counters["samples/s"] = benchmark::Counter(64, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_train_step)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_score_single_clip(benchmark::State& st) {
  manual_seed(1);
  Skeleton s = skeleton_msr20();
  auto enc = make_encoder(default_cfg(), s);
  enc->eval();
  Tensor support, x = randn({1, 20, 60});
  {
    NoGradGuard ng;
    support = enc->embed(randn({5, 20, 60}));
  }
  for (auto _ : st) {
    NoGradGuard ng;
    benchmark::DoNotOptimize(anomaly_scores(support, enc->embed(x), ScoreMode::Max));
  }
}
BENCHMARK(BM_score_single_clip)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_plan_score_single_clip(benchmark::State& st) {
  manual_seed(1);
  Skeleton s = skeleton_msr20();
  auto enc = make_encoder(default_cfg(), s);
  enc->eval();
  PlanRunner run(*enc);
  Tensor x = randn({1, 20, 60}), support;
  {
    NoGradGuard ng;
    support = enc->embed(randn({5, 20, 60}));
  }
  double score = 0;
  for (auto _ : st) {
    run.score_max(x.data<float>(), 1, support.data<float>(), 5, &score);
    benchmark::DoNotOptimize(score);
  }
}
BENCHMARK(BM_plan_score_single_clip)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_embed_batch(benchmark::State& st) {
  manual_seed(1);
  auto enc = make_encoder(default_cfg(), skeleton_msr20());
  enc->eval();
  Tensor x = randn({st.range(0), 20, 60});
  for (auto _ : st) {
    NoGradGuard ng;
    benchmark::DoNotOptimize(enc->embed(x));
  }
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
BENCHMARK(BM_embed_batch)->Arg(64)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_plan_embed_batch(benchmark::State& st) {
  manual_seed(1);
  auto enc = make_encoder(default_cfg(), skeleton_msr20());
  enc->eval();
  PlanRunner run(*enc);
  Tensor x = randn({st.range(0), 20, 60});
  std::vector<float> out((size_t)st.range(0) * run.plan().dim());
  for (auto _ : st) {
    run.embed(x.data<float>(), st.range(0), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  st.SetItemsProcessed(st.iterations() * st.range(0));
}
BENCHMARK(BM_plan_embed_batch)->Arg(64)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_features(benchmark::State& st) {
  Skeleton s = skeleton_msr20();
  Motion m(40, 20);
  Rng r(1);
  for (float& v : m.xyz) v = (float)r.normal();
  FeatureConfig f;
  for (auto _ : st) benchmark::DoNotOptimize(motion_features(prepare_motion(m, s, f), f));
}
BENCHMARK(BM_features)->Unit(benchmark::kMicrosecond)->UseRealTime();

BENCHMARK_MAIN();
