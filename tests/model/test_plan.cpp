// The inference plan (contrastive/plan.h) against the eager forward
// (Encoder::embed, eval mode) for every encoder variant -- GCN with layer or
// batch norm, ST-GCN, backbone or projection-head embedding, hidden widths
// that are and are not a multiple of the kernel's panel width -- at batch
// sizes across one and two chunks, on each kernel path the CPU has. Parameters are randomised first so
// the adjacency corrections, norms and running statistics are not identity.
#include <cmath>
#include <thread>
#include "contrastive/plan.h"
#include "contrastive/score.h"
#include "kernels/cpu/isa.h"
#include "tests/testing.h"

namespace haad::test {

struct IsaRestore {
  Isa saved = cpu_isa();
  ~IsaRestore() { cpu_set_isa(saved); }
};

// parameters moved off their initial values and batch-norm statistics made non-trivial, so
// the plan's folds (A + B_l, norms, running statistics) are exercised; eval mode
static std::unique_ptr<Encoder> randomized(std::unique_ptr<Encoder> e) {
  NoGradGuard ng;
  for (auto& [name, t] : e->named_parameters()) copy_(t, add(t, randn(t.shape(), DType::F32, Device::CPU, 0, 0.1)));
  for (auto& [name, t] : e->named_buffers())
    if (name.find("running_var") != std::string::npos) copy_(t, rand(t.shape(), DType::F32, Device::CPU, 0.5, 2.0));
    else if (name.find("running_mean") != std::string::npos) copy_(t, randn(t.shape(), DType::F32, Device::CPU, 0, 0.2));
  e->eval();
  return e;
}

static std::unique_ptr<Encoder> random_encoder(const std::string& norm, const std::string& from, int hidden, int joints = 20) {
  EncoderConfig c;
  c.joints = joints;
  c.in_features = 60;
  c.hidden = hidden;
  c.embed = 24;
  c.norm = norm;
  c.embed_from = from;
  Skeleton s = joints == 20 ? skeleton_msr20() : skeleton_smpl24();
  manual_seed(hidden * 31 + (norm == "batch") + 2 * (from == "head"));
  auto e = make_encoder(c, s);
  return randomized(std::move(e));
}

static void check_plan(Encoder& e, int64_t B) {
  Tensor x = randn({B, e.cfg.joints, 60});
  Tensor ref;
  {
    NoGradGuard ng;
    ref = e.embed(x);
  }
  PlanRunner run(e);
  std::vector<float> out((size_t)(B * run.plan().dim()));
  run.embed(x.data<float>(), B, out.data());
  std::vector<float> r = ref.to_vector<float>();
  ASSERT_EQ(r.size(), out.size());
  double worst = 0;
  for (size_t i = 0; i < r.size(); ++i) worst = std::max(worst, (double)std::fabs(r[i] - out[i]));
  EXPECT_LT(worst, 2e-5) << e.cfg.norm << "/" << e.cfg.embed_from << " hidden=" << e.cfg.hidden << " B=" << B
                         << " panel=" << run.plan().panel_width();
}

TEST(Plan, MatchesEagerEveryGcnVariantAndBatch) {
  IsaRestore restore;
  for (Isa isa : {Isa::AVX2, Isa::AVX512}) {
    if (!cpu_isa_supported(isa)) continue;
    cpu_set_isa(isa);
    for (const char* norm : {"layer", "batch"})
      for (const char* from : {"backbone", "head", "nodes", "both"})
        for (int hidden : {128, 40}) {
          auto e = random_encoder(norm, from, hidden);
          for (int64_t B : {1, 3, 64, 70}) check_plan(*e, B);
        }
  }
}

TEST(Plan, OtherSkeletonAndScores) {
  auto e = random_encoder("layer", "backbone", 64, 24);
  check_plan(*e, 5);
  PlanRunner run(*e);
  Tensor sup = randn({4, 24, 60}), x = randn({6, 24, 60});
  Tensor se, xe;
  {
    NoGradGuard ng;
    se = e->embed(sup);
    xe = e->embed(x);
  }
  std::vector<double> want = anomaly_scores(se, xe, ScoreMode::Max), got(6);
  run.score_max(x.data<float>(), 6, se.data<float>(), 4, got.data());
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(got[i], want[i], 2e-5);
}

TEST(Plan, ConcurrentCallersShareOnePlan) {
  auto e = random_encoder("layer", "backbone", 128);
  PlanRunner run(*e);
  Tensor x = randn({8, 20, 60});
  std::vector<float> want((size_t)8 * 128);
  run.embed(x.data<float>(), 8, want.data());
  std::vector<std::thread> th;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t)
    th.emplace_back([&, t] {
      std::vector<float> got(want.size());
      for (int r = 0; r < 50; ++r) {
        run.embed(x.data<float>(), 8, got.data());
        if (got != want) bad[t]++;
      }
    });
  for (auto& t : th) t.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(bad[t], 0);
}

static std::unique_ptr<Encoder> random_stgcn(int hidden, const std::string& from) {
  EncoderConfig c;
  c.arch = "stgcn";
  c.hidden = hidden;
  c.embed = 24;
  c.embed_from = from;
  manual_seed(hidden + 7 * (from == "head"));
  auto e = make_encoder(c, skeleton_msr20());
  return randomized(std::move(e));
}

TEST(Plan, StgcnMatchesEager) {
  // hidden 32: channels 8, 8, 16, 16, 32, 32 (below every panel width); T = 30 and 13
  // (odd lengths through both stride-2 layers); batches 1, 3 and 9 (two chunks of 8)
  IsaRestore restore;
  for (Isa isa : {Isa::AVX2, Isa::AVX512}) {
    if (!cpu_isa_supported(isa)) continue;
    cpu_set_isa(isa);
    for (int hidden : {32, 64})
      for (const char* from : {"backbone", "head"}) {
        auto e = random_stgcn(hidden, from);
        for (int T : {30, 13}) {
          PlanRunner run(*e, T);
          for (int64_t B : {1, 3, 9}) {
            Tensor x = randn({B, 3, T, 20});
            Tensor ref;
            {
              NoGradGuard ng;
              ref = e->embed(x);
            }
            std::vector<float> out((size_t)(B * run.plan().dim()));
            run.embed(x.data<float>(), B, out.data());
            std::vector<float> r = ref.to_vector<float>();
            double worst = 0;
            for (size_t i = 0; i < r.size(); ++i) worst = std::max(worst, (double)std::fabs(r[i] - out[i]));
            EXPECT_LT(worst, 3e-5) << "stgcn hidden=" << hidden << " " << from << " T=" << T << " B=" << B << " "
                                   << isa_name(isa);
          }
        }
      }
  }
}

TEST(Plan, StgcnNeedsFrames) {
  auto e = random_stgcn(32, "backbone");
  EXPECT_THROW(EncoderPlan p(*e), std::invalid_argument);
}

}  // namespace haad::test
