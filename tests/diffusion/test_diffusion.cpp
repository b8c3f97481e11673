// The diffusion stage: schedule, samplers against an oracle denoiser, the
// denoiser's padding mask, training (loss falls, seeded runs are identical,
// an interrupted run resumes bit-exactly), checkpoints, the generated pool's
// files, quality figures, and CUDA-graph sampling against eager sampling.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include "diffusion/model.h"
#include "diffusion/quality.h"
#include "io/procedural.h"
#include "nn/checkpoint.h"
#include "tests/testing.h"

namespace haad::test {

namespace fs = std::filesystem;

static std::string tmpdir(const std::string& name) {
  std::string d = (fs::temp_directory_path() / ("haad_test_" + name)).string();
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Diffusion, CosineScheduleIsMonotoneAndSpansSignalToNoise) {
  Schedule s(1000);
  EXPECT_GT(s.alpha_bar[0], 0.999);
  EXPECT_LT(s.alpha_bar[999], 1e-3);
  for (int t = 1; t < 1000; ++t) {
    EXPECT_LT(s.alpha_bar[t], s.alpha_bar[t - 1]);
    EXPECT_LE(s.beta[t], 0.999);
  }
}

// a perfect denoiser: every sampler must land exactly on the clean motion
TEST(Diffusion, SamplersRecoverCleanMotionWithOracleDenoiser) {
  manual_seed(3);
  Schedule s(200);
  Tensor x0 = randn({3, 10, 6});
  DenoiseFn oracle = [&](const Tensor&, const std::vector<int>& t) {
    EXPECT_EQ(t.size(), 3u);
    return x0;
  };
  for (int steps : {50, 7, 0}) {  // DDIM-50, DDIM-7, DDPM over all 200 steps
    SampleConfig c;
    c.ddim_steps = steps;
    Tensor x = sample_loop(s, oracle, zeros({3, 10, 6}), s.T, c);
    EXPECT_TRUE(all_close(x, x0, 1e-4, 1e-4)) << "steps " << steps;
  }
  SampleConfig c;
  c.eta = 1.0;  // stochastic DDIM: the last step is still x0
  EXPECT_TRUE(all_close(sample_loop(s, oracle, zeros({3, 10, 6}), s.T, c), x0, 1e-4, 1e-4));
  // partial diffusion from a clip
  Tensor x = sample_loop(s, oracle, x0, 80, SampleConfig{});
  EXPECT_TRUE(all_close(x, x0, 1e-4, 1e-4));
}

TEST(Diffusion, SamplingIsSeeded) {
  Schedule s(100);
  DenoiseFn half = [](const Tensor& x, const std::vector<int>&) { return mul_scalar(x, 0.5); };
  SampleConfig c;
  c.ddim_steps = 10;
  c.eta = 0.5;
  manual_seed(9);
  std::vector<float> a = sample_loop(s, half, zeros({2, 4, 3}), s.T, c).to_vector<float>();
  manual_seed(9);
  std::vector<float> b = sample_loop(s, half, zeros({2, 4, 3}), s.T, c).to_vector<float>();
  EXPECT_EQ(a, b);
}

static DenoiserConfig tiny_config() {
  DenoiserConfig c;
  c.joints = 4;
  c.classes = 3;
  c.frames = 12;
  c.latent = 32;
  c.layers = 2;
  c.heads = 4;
  c.ff = 64;
  c.dropout = 0.0;
  c.steps = 100;
  return c;
}

TEST(Diffusion, PaddedFramesDoNotReachRealFrames) {
  manual_seed(4);
  Denoiser net(tiny_config());
  net.eval();
  NoGradGuard ng;
  Tensor x = randn({2, 12, 12});
  std::vector<double> m(24, 1.0);
  for (int t = 8; t < 12; ++t) m[t] = 0;  // clip 0 has 8 real frames
  Tensor mask = from_vector(m, {2, 12}).to(DType::F32);
  Tensor t = from_vector(std::vector<int64_t>{5, 60}, {2}), cls = from_vector(std::vector<int64_t>{1, 3}, {2});
  Tensor y1 = net.forward(x, t, cls, mask);
  EXPECT_EQ(y1.shape(), Dims({2, 12, 12}));
  Tensor x2 = x.clone();
  float* p = x2.data<float>();
  for (int f = 8; f < 12; ++f)
    for (int k = 0; k < 12; ++k) p[f * 12 + k] = 100.f;  // garbage in clip 0's padding
  Tensor y2 = net.forward(x2, t, cls, mask);
  EXPECT_TRUE(all_close(y1.slice(0, 0, 1).slice(1, 0, 8), y2.slice(0, 0, 1).slice(1, 0, 8), 1e-5, 1e-6));
  EXPECT_TRUE(all_close(y1.slice(0, 1, 2), y2.slice(0, 1, 2), 1e-6, 1e-6));
  // the class matters
  Tensor y3 = net.forward(x, t, from_vector(std::vector<int64_t>{0, 3}, {2}), mask);
  EXPECT_FALSE(all_close(y1.slice(0, 0, 1), y3.slice(0, 0, 1), 1e-4, 1e-4));
}

TEST(Diffusion, LossPartsAreZeroForAPerfectPrediction) {
  manual_seed(5);
  Skeleton sk = skeleton_msr20();
  Tensor x0 = randn({2, 6, 60});
  Tensor mask = ones({2, 6});
  LossParts l = diffusion_loss(x0, x0, mask, sk, LossWeights{});
  EXPECT_NEAR(l.total.item(), 0.0, 1e-6);
  LossParts l2 = diffusion_loss(add_scalar(x0, 0.1), x0, mask, sk, LossWeights{});
  EXPECT_NEAR(l2.x0, 0.01, 1e-5);   // a shift: position error only
  EXPECT_NEAR(l2.vel, 0.0, 1e-6);
  EXPECT_NEAR(l2.bone, 0.0, 1e-5);
}

static DiffusionTrainConfig tiny_train(const std::string& ck) {
  DiffusionTrainConfig c;
  c.model = tiny_config();
  c.model.frames = 16;
  c.model.dropout = 0.1;
  c.steps = 24;
  c.batch = 8;
  c.warmup = 5;
  c.lr = 2e-3;
  c.checkpoint = ck;
  c.save_every = 0;
  c.verbose = false;
  c.log_every = 10;
  return c;
}

TEST(Diffusion, TrainsReproduciblyResumesExactlyAndRoundTrips) {
  Dataset d = procedural_dataset(2, 4, 2);
  std::vector<int> idx;
  for (size_t i = 0; i < d.clips.size(); ++i) idx.push_back((int)i);
  std::string dir = tmpdir("diffusion_train");
  DiffusionTrainConfig c = tiny_train(dir + "/a.safetensors");
  c.log_csv = dir + "/a.csv";
  DiffusionModel a, b, r;
  DiffusionTrainResult ra = train_diffusion(a, d, idx, c);
  EXPECT_EQ(ra.steps, 24);
  // the loss falls: compare the first and last logged values
  std::ifstream log(c.log_csv);
  std::string line, first, last;
  std::getline(log, line);
  while (std::getline(log, line)) { if (first.empty()) first = line; last = line; }
  double l0 = std::stod(first.substr(first.find(',') + 1)), l1 = std::stod(last.substr(last.find(',') + 1));
  EXPECT_LT(l1, l0);
  // same seed: the same weights, bit for bit
  DiffusionTrainConfig cb = tiny_train(dir + "/b.safetensors");
  train_diffusion(b, d, idx, cb);
  for (size_t i = 0; i < a.net->parameters().size(); ++i)
    EXPECT_EQ(a.net->parameters()[i].to_vector<float>(), b.net->parameters()[i].to_vector<float>());
  // stopped after 15 steps, resumed: identical to the uninterrupted run
  DiffusionTrainConfig cr = tiny_train(dir + "/r.safetensors");
  cr.stop_after = 10;
  DiffusionTrainResult part = train_diffusion(r, d, idx, cr);
  EXPECT_EQ(part.steps, 10);
  cr.stop_after = 0;
  cr.resume = true;
  DiffusionModel r2;
  DiffusionTrainResult rest = train_diffusion(r2, d, idx, cr);
  EXPECT_EQ(rest.steps, 14);
  for (size_t i = 0; i < a.net->parameters().size(); ++i)
    EXPECT_EQ(a.net->parameters()[i].to_vector<float>(), r2.net->parameters()[i].to_vector<float>()) << i;
  // checkpoint round trip: same outputs, same metadata
  DiffusionModel l = load_diffusion(c.checkpoint);
  EXPECT_EQ(l.classes, d.classes);
  EXPECT_EQ(l.sk.parents, d.skeleton.parents);
  EXPECT_EQ(l.data_scale, a.data_scale);
  EXPECT_EQ(l.lengths.size(), a.lengths.size());
  NoGradGuard ng;
  Tensor x = randn({2, 16, 60}), t = from_vector(std::vector<int64_t>{3, 77}, {2}), cl = from_vector(std::vector<int64_t>{0, 1}, {2});
  EXPECT_TRUE(all_close(l.net->forward(x, t, cl, Tensor()), a.net->forward(x, t, cl, Tensor()), 1e-6, 1e-6));
  // a truncated file is a clear error naming it
  std::string bad = dir + "/bad.safetensors";
  {
    std::ifstream in(c.checkpoint, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  try {
    load_diffusion(bad);
    FAIL() << "truncated checkpoint accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
  }
}

TEST(Diffusion, GeneratesPoolsThatRoundTripThroughTheGenericLayout) {
  Dataset d = procedural_dataset(3, 4, 2);
  std::vector<int> idx;
  for (size_t i = 0; i < d.clips.size(); ++i) idx.push_back((int)i);
  DiffusionModel m;
  DiffusionTrainConfig c = tiny_train("");
  c.steps = 5;
  train_diffusion(m, d, idx, c);
  std::vector<Motion> real;
  std::vector<int> labels;
  for (int i = 0; i < 6; ++i) {
    Motion mo = d.clips[i].motion;
    normalize_motion(mo, d.skeleton, m.pre);
    real.push_back(mo);
    labels.push_back(d.clips[i].label);
  }
  std::vector<const Motion*> rp = motion_pointers(real);
  GenPoolConfig gc;
  gc.per_class = 2;
  gc.sample.ddim_steps = 4;
  GenPool p = make_gen_pool(m, rp, labels, gc);
  // partial diffusion keeps each source clip's length (up to H)
  std::vector<Motion> v = vary_clips(m, rp, labels, 0.3, gc.sample);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].T, std::min(16, real[i].T));
  std::set<int> cls(labels.begin(), labels.end());
  int rejected = 0;
  for (auto& kv : p.rejected) rejected += kv.second;
  EXPECT_EQ(p.motions.size() + rejected, 2 * cls.size() + 6);  // clips failing the sanity checks are dropped
  for (size_t i = 0; i < p.motions.size(); ++i) {
    EXPECT_EQ(p.motions[i].J, d.skeleton.num_joints());
    EXPECT_GE(p.motions[i].T, 2);
    EXPECT_LE(p.motions[i].T, 16);
    for (float v : p.motions[i].xyz) ASSERT_TRUE(std::isfinite(v));
  }
  std::string dir = tmpdir("genpool");
  save_gen_pool(p, d.skeleton, d.classes, dir);
  GenPool q = load_gen_pool(dir, d.classes);
  ASSERT_EQ(q.motions.size(), p.motions.size());  // the same sanity checks passed on both sides
  EXPECT_EQ(q.labels, p.labels);
  EXPECT_EQ(q.kinds, p.kinds);
}

TEST(Quality, FrechetDistanceMatchesClosedForms) {
  manual_seed(6);
  Tensor a = randn({400, 3}, DType::F64);
  EXPECT_NEAR(frechet_distance(a, a), 0.0, 1e-8);
  // shifting the mean by m adds |m|^2
  Tensor b = add(a, from_vector(std::vector<double>{1, -2, 0.5}, {3}));
  EXPECT_NEAR(frechet_distance(a, b), 1 + 4 + 0.25, 1e-6);
  // scaling by s: |(s - 1) mu|^2 + tr(S + s^2 S - 2 s S) = (1 - s)^2 (|mu|^2 + tr S)
  Tensor c = mul_scalar(a, 2.0);
  std::vector<double> v = var(a, {0}).to_vector<double>(), mu = mean(a, {0}).to_vector<double>();
  EXPECT_NEAR(frechet_distance(a, c), v[0] + v[1] + v[2] + mu[0] * mu[0] + mu[1] * mu[1] + mu[2] * mu[2], 1e-4);
}

TEST(Quality, KinematicFiguresOnKnownMotions) {
  Skeleton sk = skeleton_msr20();
  Motion m(10, sk.num_joints());
  // a rigid pose translating at constant speed: no jitter, no bone error
  for (int t = 0; t < 10; ++t)
    for (int j = 0; j < m.J; ++j) {
      m.at(t, j)[0] = 0.1f * t + 0.05f * j;
      m.at(t, j)[1] = 0.1f * j;
      m.at(t, j)[2] = 0.f;
    }
  std::vector<const Motion*> ms = {&m};
  std::vector<double> ref = reference_bone_lengths(ms, sk);
  EXPECT_NEAR(bone_length_error(ms, sk, ref), 0.0, 1e-6);
  EXPECT_NEAR(jitter(ms), 0.0, 1e-5);
  Rng r(1);
  std::vector<Motion> sh = shuffled_joint_baseline(ms, r);
  EXPECT_GT(bone_length_error({&sh[0]}, sk, ref), 0.1);
  std::string svg = skeleton_animation_svg({{"test", {&m, &sh[0]}, {"a", "b"}}}, sk);
  EXPECT_NE(svg.find("<animate"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(Diffusion, CudaGraphSamplingMatchesEager) {
  HAAD_NEED_CUDA();
  manual_seed(7);
  Denoiser net(tiny_config());
  net.eval();
  net.to(Device::CUDA);
  Schedule s(100);
  std::vector<int> cls = {0, 2, 3};
  Tensor mask = ones({3, 12}, DType::F32, Device::CUDA);
  SampleConfig c;
  c.ddim_steps = 10;
  GuidedDenoiser eager(net, cls, mask, 2.0, false), graphed(net, cls, mask, 2.0, true);
  manual_seed(8);
  Tensor a = sample_loop(s, std::ref(eager), zeros({3, 12, 12}, DType::F32, Device::CUDA), s.T, c);
  manual_seed(8);
  Tensor b = sample_loop(s, std::ref(graphed), zeros({3, 12, 12}, DType::F32, Device::CUDA), s.T, c);
  EXPECT_EQ(graphed.graph_replays, 10);
  EXPECT_TRUE(all_close(b.to(Device::CPU), a.to(Device::CPU), 1e-5, 1e-5));
}

}  // namespace haad::test
