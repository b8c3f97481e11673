// Motion completion: DCT tokens, the padded history, mask replacement in the
// sampler, a class-free completion model (trains, keeps the observed frames
// exactly, seeded, checkpoint round trip in both spaces), older checkpoints,
// and the completion figures against their closed forms.
#include <cmath>
#include <filesystem>
#include "diffusion/model.h"
#include "diffusion/quality.h"
#include "io/procedural.h"
#include "tests/testing.h"

namespace haad::test {

namespace fs = std::filesystem;

static DiffusionModel bare_model(const std::string& space, int frames, int coeffs, int joints) {
  DiffusionModel m;
  DenoiserConfig c;
  c.joints = joints;
  c.classes = 0;
  c.frames = frames;
  c.latent = 16;
  c.layers = 1;
  c.heads = 2;
  c.ff = 32;
  c.steps = 50;
  c.history = true;
  c.space = space;
  c.coeffs = coeffs;
  m.net = std::make_unique<Denoiser>(c);
  m.net->eval();
  m.sched = Schedule(c.steps);
  return m;
}

TEST(Completion, DctTokensRoundTripOnTheirSpan) {
  DiffusionModel m = bare_model("dct", 16, 6, 2);
  manual_seed(1);
  Tensor tok = randn({3, 6, 6});
  Tensor fr = to_frames(m, tok);
  EXPECT_EQ(fr.shape(), Dims({3, 16, 6}));
  EXPECT_TRUE(all_close(to_tokens(m, fr), tok, 1e-5, 1e-5));
  // a constant clip is all DC: reconstructed exactly
  Tensor c = full({1, 16, 6}, 0.7);
  EXPECT_TRUE(all_close(to_frames(m, to_tokens(m, c)), c, 1e-5, 1e-5));
  // space time: identity
  DiffusionModel t = bare_model("time", 16, 6, 2);
  EXPECT_TRUE(all_close(to_tokens(t, fr), fr, 0, 0));
}

TEST(Completion, PaddedHistoryHoldsTheNearestObservedFrame) {
  // one clip, 6 frames, 3 coordinates: frame t has value 10 t + k
  std::vector<float> x(6 * 3), obs(6 * 3, 0.f);
  for (int t = 0; t < 6; ++t)
    for (int k = 0; k < 3; ++k) x[t * 3 + k] = 10.f * t + k;
  for (int t = 0; t < 2; ++t) obs[t * 3 + 0] = 1;  // coordinate 0: a prefix of 2 frames
  obs[1 * 3 + 1] = obs[5 * 3 + 1] = 1;             // coordinate 1: frames 1 and 5 (in-betweening)
  std::vector<float> h = padded_history(from_vector(x, {1, 6, 3}), obs).to_vector<float>();
  for (int t = 0; t < 6; ++t) {
    EXPECT_EQ(h[t * 3 + 0], t < 2 ? x[t * 3] : x[1 * 3]) << t;  // held after the prefix
    float want1 = t <= 3 ? x[1 * 3 + 1] : x[5 * 3 + 1];          // nearest of 1 and 5, earlier on the tie at 3
    EXPECT_EQ(h[t * 3 + 1], want1) << t;
    EXPECT_EQ(h[t * 3 + 2], 0.f) << t;  // never observed
  }
}

// with a perfect denoiser and a projection that clamps half the entries, the
// sampler returns the clamped values there and the clean motion elsewhere
TEST(Completion, SamplerAppliesTheProjectionAfterEveryStep) {
  manual_seed(2);
  Schedule s(100);
  Tensor x0 = randn({2, 8, 3}), known = randn({2, 8, 3});
  std::vector<float> mk(2 * 8 * 3, 0.f);
  for (int i = 0; i < 2; ++i)
    for (int t = 0; t < 4; ++t)
      for (int k = 0; k < 3; ++k) mk[(i * 8 + t) * 3 + k] = 1;
  Tensor m = from_vector(mk, {2, 8, 3});
  int calls = 0, last = 99;
  ProjectFn project = [&](const Tensor& x, int t) {
    ++calls;
    EXPECT_LT(t, last);  // steps descend, -1 last
    last = t;
    return add(x, mul(m, sub(known, x)));
  };
  SampleConfig c;
  c.ddim_steps = 10;
  Tensor out = sample_loop(s, [&](const Tensor&, const std::vector<int>&) { return x0; }, zeros({2, 8, 3}), s.T, c, nullptr,
                           project);
  EXPECT_EQ(calls, 11);  // once after the initial noise, once per step
  EXPECT_EQ(last, -1);
  EXPECT_TRUE(all_close(out, add(x0, mul(m, sub(known, x0))), 1e-5, 1e-5));
}

static DiffusionTrainConfig tiny_completion(const std::string& space, const std::string& ck) {
  DiffusionTrainConfig c;
  c.completion = true;
  c.model.frames = 16;
  c.model.space = space;
  c.model.coeffs = 8;
  c.model.latent = 32;
  c.model.layers = 1;
  c.model.heads = 4;
  c.model.ff = 64;
  c.model.dropout = 0.0;
  c.model.steps = 100;
  c.steps = 30;
  c.batch = 8;
  c.warmup = 5;
  c.lr = 2e-3;
  c.checkpoint = ck;
  c.save_every = 0;
  c.verbose = false;
  return c;
}

TEST(Completion, ClassFreeModelCompletesKeepingTheObservedFrames) {
  Dataset d = procedural_dataset(4, 4, 2);
  std::vector<int> idx;
  for (size_t i = 0; i < d.clips.size(); ++i) idx.push_back((int)i);
  std::string dir = (fs::temp_directory_path() / "haad_test_completion").string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (std::string space : {"dct", "time"}) {
    DiffusionModel m;
    DiffusionTrainResult r = train_diffusion(m, d, idx, tiny_completion(space, dir + "/" + space + ".safetensors"));
    EXPECT_EQ(r.steps, 30);
    EXPECT_TRUE(std::isfinite(r.final_loss));
    EXPECT_TRUE(m.completion());
    EXPECT_EQ(m.net->cfg.classes, 0);  // class-free: only the "no class" row
    // checkpoint round trip keeps the completion settings
    DiffusionModel l = load_diffusion(dir + "/" + space + ".safetensors");
    EXPECT_TRUE(l.completion());
    EXPECT_EQ(l.net->cfg.space, space);
    EXPECT_EQ(l.net->cfg.tokens(), space == "dct" ? 8 : 16);
    // sources: a short clip, and one longer than H (resampled to H)
    std::vector<Motion> src;
    for (int i : {0, 1}) {
      Motion mo = d.clips[i].motion;
      normalize_motion(mo, d.skeleton, l.pre);
      src.push_back(mo);
    }
    src[0] = slice_frames(src[0], 0, 10);
    ASSERT_GT(src[1].T, 16);
    std::vector<const Motion*> sp = {&src[0], &src[1]};
    SampleConfig sc;
    sc.ddim_steps = 5;
    manual_seed(9);
    std::vector<Motion> a = complete_clips(l, sp, 3, 0.5, sc);
    manual_seed(9);
    std::vector<Motion> b = complete_clips(l, sp, 3, 0.5, sc);
    ASSERT_EQ(a.size(), 6u);
    Motion longer = resample(src[1], 16);
    for (size_t i = 0; i < a.size(); ++i) {
      const Motion& s = i < 3 ? src[0] : longer;
      EXPECT_EQ(a[i].T, s.T) << space << " " << i;
      EXPECT_EQ(a[i].xyz, b[i].xyz) << "seeded: " << space;
      int L = (int)std::lround(0.5 * s.T);
      for (size_t k = 0; k < (size_t)L * s.J * 3; ++k) ASSERT_NEAR(a[i].xyz[k], s.xyz[k], 1e-4) << space << " observed entry " << k;
      for (float v : a[i].xyz) ASSERT_TRUE(std::isfinite(v));
    }
    // the completions of one source differ from each other after the observed part
    EXPECT_NE(a[0].xyz, a[1].xyz) << space;
    // unconditional generation from a class-free model (class ids only choose lengths)
    Rng rng(3);
    std::vector<Motion> g = generate_clips(l, {0, 1}, sc, rng);
    EXPECT_EQ(g.size(), 2u);
  }
  // a class-conditioned model cannot complete
  DiffusionTrainConfig cc = tiny_completion("time", "");
  cc.completion = false;
  cc.steps = 2;
  DiffusionModel plain;
  train_diffusion(plain, d, idx, cc);
  Tensor z = zeros({1, 16, (int64_t)d.skeleton.num_joints() * 3});
  EXPECT_THROW(inpaint(plain, z, z, Tensor(), SampleConfig{}), std::invalid_argument);
}

TEST(Completion, OlderCheckpointMetadataMeansTimeDomainWithoutHistory) {
  DenoiserConfig c;
  std::map<std::string, std::string> m = c.to_metadata();
  m.erase("history");
  m.erase("space");
  m.erase("coeffs");
  DenoiserConfig r = DenoiserConfig::from_metadata(m);
  EXPECT_FALSE(r.history);
  EXPECT_EQ(r.space, "time");
  m["space"] = "wavelet";
  EXPECT_THROW(DenoiserConfig::from_metadata(m), std::invalid_argument);
}

TEST(Quality, CompletionFiguresOnKnownMotions) {
  Skeleton s = skeleton_msr20();
  // every joint moves in a straight line at constant speed 0.1 per frame along x
  Motion m(10, s.num_joints());
  for (int t = 0; t < 10; ++t)
    for (int j = 0; j < m.J; ++j) {
      m.xyz[((size_t)t * m.J + j) * 3 + 0] = 0.1f * t + j;
      m.xyz[((size_t)t * m.J + j) * 3 + 1] = (float)j;
    }
  std::vector<const Motion*> real = {&m};
  std::vector<double> ref = reference_bone_lengths(real, s);
  std::vector<int> obs = {4};
  CompletionFigures lin = completion_figures(real, {{linear_extrapolation(m, 4)}}, obs, s, ref);
  EXPECT_NEAR(lin.ade, 0.0, 1e-5);
  EXPECT_NEAR(lin.fde, 0.0, 1e-5);
  // repeating frame 3: frame t is off by 0.1 (t - 3); mean over t = 4..9 is 0.35, the last 0.6
  CompletionFigures rep = completion_figures(real, {{repeat_last_frame(m, 4)}}, obs, s, ref);
  EXPECT_NEAR(rep.ade, 0.35, 1e-5);
  EXPECT_NEAR(rep.fde, 0.6, 1e-5);
  EXPECT_EQ(rep.apd, 0.0);  // one sample: no pairs
  // best of two (the exact one and the held one): 0; their distance is the held one's error
  CompletionFigures two = completion_figures(real, {{repeat_last_frame(m, 4), linear_extrapolation(m, 4)}}, obs, s, ref);
  EXPECT_NEAR(two.ade, 0.0, 1e-5);
  EXPECT_NEAR(two.apd, 0.35, 1e-5);
}

}  // namespace haad::test
