// haad::Detector (the library pipeline) and StreamScorer: the same scores as the
// pipeline's parts, windows that match between the batch and the live path,
// clear errors, and concurrent scoring on one loaded model.
#include <cstdlib>
#include <filesystem>
#include <thread>
#include "contrastive/detector.h"
#include "haad/haad.h"
#include "contrastive/plan.h"
#include "nn/checkpoint.h"
#include "io/procedural.h"
#include "tests/model/small_model.h"
#include "tests/testing.h"

namespace haad::test {

// a small encoder trained for a few steps on the procedural set, saved once
static const std::string& tiny_model(Dataset& d) {
  static std::string path;
  d = procedural_dataset(3, 4, 2);
  if (path.empty()) {
    path = ::testing::TempDir() + "haad_detector_api.safetensors";
    EncoderConfig c = small_cfg();
    c.joints = d.skeleton.num_joints();
    TrainConfig t = small_train();
    t.steps = 10;
    t.eval_every = 5;
    t.P = 4;
    t.Q = 2;
    manual_seed(1);
    auto enc = make_encoder(c, d.skeleton);
    std::vector<int> idx;
    for (int i = 0; i < (int)d.clips.size(); ++i) idx.push_back(i);
    train_contrastive(*enc, d, idx, t);
    save_encoder(path, *enc, t.feat, d.skeleton, d.classes);
  }
  return path;
}

// the clips normalised as the Detector normalises them (for checks by hand)
static std::vector<Motion> prepared(const std::vector<Motion>& raw, const Skeleton& s, const FeatureConfig& f) {
  std::vector<Motion> out;
  for (const Motion& m : raw) out.push_back(prepare_motion(m, s, f));
  return out;
}

static Motion long_clip(const Dataset& d, int T) {  // clips of one class back to back
  Motion m(T, d.skeleton.num_joints());
  int t = 0;
  for (const Clip& c : d.clips)
    for (int f = 0; f < c.motion.T && t < T; ++f, ++t) std::copy(c.motion.at(f, 0), c.motion.at(f, 0) + m.J * 3, m.at(t, 0));
  return m;
}

TEST(DetectorApi, ScoresMatchThePipelineParts) {
  Dataset d;
  const std::string& model = tiny_model(d);
  Detector det = Detector::load(model);
  EXPECT_EQ(det.joints(), d.skeleton.num_joints());
  EXPECT_EQ(det.embedding_dim(), 32);
  std::vector<Motion> sup{d.clips[0].motion, d.clips[1].motion, d.clips[2].motion}, test;
  for (int i = 3; i < 9; ++i) test.push_back(d.clips[i].motion);
  EXPECT_THROW(det.score(test), std::logic_error);  // no support yet
  EXPECT_TRUE(det.support_mirror());  // the default: mirror, head, tail
  EXPECT_EQ(det.support_variants(), (std::vector<std::string>{"mirror", "head", "tail"}));
  det.set_support(sup);
  EXPECT_EQ(det.support_size(), 3);
  std::vector<double> sm = det.score(test);  // against the support clips and their variants
  det.set_support_variants({"mirror"});
  std::vector<double> smo = det.score(test);  // and their mirrors only
  EXPECT_THROW(det.set_support_variants({"mirror", "upside-down"}), std::invalid_argument);
  EXPECT_EQ(det.support_variants(), std::vector<std::string>{"mirror"});  // unchanged by the failed call
  det.set_support_mirror(false);
  EXPECT_TRUE(det.support_variants().empty());
  std::vector<double> s = det.score(test);
  // the same by hand: prepare, embed, score
  LoadedEncoder L = load_encoder(model, d.skeleton);
  std::vector<Motion> ps = prepared(sup, d.skeleton, L.feat), pt = prepared(test, d.skeleton, L.feat);
  std::vector<const Motion*> a = motion_pointers(ps), b = motion_pointers(pt);
  std::vector<double> want = anomaly_scores(embed_motions(*L.enc, a, d.skeleton, L.feat),
                                            embed_motions(*L.enc, b, d.skeleton, L.feat), ScoreMode::Max);
  ASSERT_EQ(s.size(), want.size());
  // the Detector runs the inference plan: the same to float rounding ...
  EXPECT_TRUE(det.planned());
  for (size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(s[i], want[i], 2e-5);
  // with variants: the max cosine over the clips and their variants, i.e. the lowest of the scores
  auto variant_scores = [&](const char* name) {
    std::vector<Motion> pv;
    for (auto& m : ps) pv.push_back(support_variant(m, d.skeleton, name));
    return anomaly_scores(embed_motions(*L.enc, motion_pointers(pv), d.skeleton, L.feat),
                          embed_motions(*L.enc, b, d.skeleton, L.feat), ScoreMode::Max);
  };
  std::vector<double> wm = variant_scores("mirror"), wh = variant_scores("head"), wt = variant_scores("tail");
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_NEAR(smo[i], std::min(want[i], wm[i]), 2e-5);
    EXPECT_NEAR(sm[i], std::min({want[i], wm[i], wh[i], wt[i]}), 2e-5);
  }
  // ... and HAAD_PLAN=0 gives the eager forward, bit for bit
  setenv("HAAD_PLAN", "0", 1);
  Detector eager = Detector::load(model);
  unsetenv("HAAD_PLAN");
  EXPECT_FALSE(eager.planned());
  eager.set_support_variants({});
  eager.set_support(sup);
  std::vector<double> se = eager.score(test);
  for (size_t i = 0; i < s.size(); ++i) EXPECT_DOUBLE_EQ(se[i], want[i]);
  EXPECT_EQ(det.embed(test).shape(), Dims({6, 32}));
  Localization loc = det.localize(test[0]);
  EXPECT_EQ((int)loc.joint_pose.size(), det.joints());
}

// The hybrid score through the Detector equals hybrid_scores() on the pipeline's
// parts; with one support clip it uses the spreads haad train measured (metadata),
// and a model without them refuses K = 1 with a clear error.
TEST(DetectorApi, HybridScoreMatchesThePartsAndNeedsCalibrationForOneClip) {
  Dataset d;
  const std::string& model = tiny_model(d);
  Detector det = Detector::load(model);
  det.set_mode(ScoreMode::Hybrid);
  std::vector<Motion> sup{d.clips[0].motion, d.clips[1].motion, d.clips[2].motion}, test;
  for (int i = 3; i < 9; ++i) test.push_back(d.clips[i].motion);
  det.set_support(sup);
  std::vector<double> s = det.score(test);
  LoadedEncoder L = load_encoder(model, d.skeleton);
  std::vector<Motion> ps = prepared(sup, d.skeleton, L.feat), pt = prepared(test, d.skeleton, L.feat);
  std::vector<const Motion*> a = motion_pointers(ps), b = motion_pointers(pt);
  std::vector<double> want =
      hybrid_scores(embed_motions(*L.enc, a, d.skeleton, L.feat), embed_motions(*L.enc, b, d.skeleton, L.feat),
                    raw_dct_rows(a, d.skeleton, L.feat), raw_dct_rows(b, d.skeleton, L.feat), NAN, NAN);
  ASSERT_EQ(s.size(), want.size());
  for (size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(s[i], want[i], 1e-4 * (1 + std::fabs(want[i])));
  // K = 1: tiny_model was saved without spreads
  det.set_support({sup[0]});
  try {
    det.score(test);
    FAIL() << "K = 1 without the model's spreads must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("one support clip"), std::string::npos) << e.what();
  }
  // the same model with spreads (as haad train writes them) scores K = 1
  EncoderConfig c = small_cfg();
  c.joints = d.skeleton.num_joints();
  auto enc = make_encoder(c, d.skeleton);
  load_module(model, *enc);
  std::vector<int> idx;
  for (int i = 0; i < (int)d.clips.size(); ++i) idx.push_back(i);
  std::map<std::string, std::string> meta = spread_metadata(*enc, d, idx, L.feat);
  ASSERT_TRUE(meta.count("spread_emb") && meta.count("spread_raw"));
  EXPECT_GT(std::stod(meta["spread_emb"]), 0);
  std::string with = ::testing::TempDir() + "haad_detector_spreads.safetensors";
  save_encoder(with, *enc, L.feat, d.skeleton, d.classes, meta);
  Detector d1 = Detector::load(with);
  d1.set_mode(ScoreMode::Hybrid);
  d1.set_support({sup[0]});
  std::vector<double> s1 = d1.score(test);
  std::vector<double> w1 = hybrid_scores(embed_motions(*L.enc, {a[0]}, d.skeleton, L.feat),
                                         embed_motions(*L.enc, b, d.skeleton, L.feat), raw_dct_rows({a[0]}, d.skeleton, L.feat),
                                         raw_dct_rows(b, d.skeleton, L.feat), std::stod(meta["spread_emb"]),
                                         std::stod(meta["spread_raw"]));
  for (size_t i = 0; i < s1.size(); ++i) EXPECT_NEAR(s1[i], w1[i], 1e-4 * (1 + std::fabs(w1[i])));
  EXPECT_EQ(parse_score_mode("hybrid"), ScoreMode::Hybrid);
  EXPECT_THROW(anomaly_scores(embed_motions(*L.enc, a, d.skeleton, L.feat), embed_motions(*L.enc, b, d.skeleton, L.feat),
                              ScoreMode::Hybrid),
               std::invalid_argument);
}

// The C ABI's support-mirror switch reaches the Detector: off gives the plain max-cosine
// score, on (the default) a score no higher (more supports to be near)
TEST(DetectorApi, CAbiSupportVariants) {
  Dataset d;
  const std::string& model = tiny_model(d);
  haad_detector* h = nullptr;
  ASSERT_EQ(haad_detector_load(model.c_str(), nullptr, &h), HAAD_OK) << haad_last_error();
  std::vector<const float*> sup;
  std::vector<int> frames;
  for (int i = 0; i < 3; ++i) {
    sup.push_back(d.clips[i].motion.xyz.data());
    frames.push_back(d.clips[i].motion.T);
  }
  ASSERT_EQ(haad_detector_set_support(h, sup.data(), frames.data(), 3), HAAD_OK) << haad_last_error();
  const Motion& t = d.clips[5].motion;
  double on = 0, off = 0;
  ASSERT_EQ(haad_detector_score(h, t.xyz.data(), t.T, &on), HAAD_OK);
  ASSERT_EQ(haad_detector_set_support_mirror(h, 0), HAAD_OK);
  ASSERT_EQ(haad_detector_score(h, t.xyz.data(), t.T, &off), HAAD_OK);
  EXPECT_LE(on, off + 1e-9);
  Detector det = Detector::load(model);
  det.set_support_mirror(false);
  det.set_support({d.clips[0].motion, d.clips[1].motion, d.clips[2].motion});
  EXPECT_NEAR(off, det.score({t})[0], 1e-9);
  EXPECT_EQ(haad_detector_set_support_mirror(nullptr, 1), HAAD_ERROR_INVALID_ARGUMENT);
  // the variants by name: none at all is the support clips alone
  double none = 0;
  ASSERT_EQ(haad_detector_set_support_variants(h, "none"), HAAD_OK) << haad_last_error();
  ASSERT_EQ(haad_detector_score(h, t.xyz.data(), t.T, &none), HAAD_OK);
  det.set_support_variants({});
  EXPECT_NEAR(none, det.score({t})[0], 1e-9);
  EXPECT_GE(none, off - 1e-9);
  EXPECT_NE(haad_detector_set_support_variants(h, "mirror,sideways"), HAAD_OK);
  EXPECT_NE(std::string(haad_last_error()).find("sideways"), std::string::npos) << haad_last_error();
  EXPECT_EQ(haad_detector_set_support_variants(nullptr, "mirror"), HAAD_ERROR_INVALID_ARGUMENT);
  haad_detector_free(h);
}

// embedding_dim() is the width embed() returns, for every encoder and every
// --embed-from (the C ABI sizes its output buffers by it); "nodes" has no plan
TEST(DetectorApi, EmbeddingDimMatchesEveryEncoder) {
  Dataset d = procedural_dataset(1, 2, 1);
  for (std::string arch : {"gcn", "stgcn", "ltd"})
    for (std::string from : {"backbone", "head", "nodes", "both"}) {
      EncoderConfig c = small_cfg(arch);
      c.joints = d.skeleton.num_joints();
      c.embed_from = from;
      manual_seed(1);
      auto enc = make_encoder(c, d.skeleton);
      FeatureConfig f;
      f.M = 10;
      f.H = 30;
      std::string path = ::testing::TempDir() + "haad_dim_" + arch + from + ".safetensors";
      save_encoder(path, *enc, f, d.skeleton, d.classes);
      Detector det = Detector::load(path);
      Tensor e = det.embed({d.clips[0].motion, d.clips[1].motion});
      EXPECT_EQ(e.size(1), det.embedding_dim()) << arch << " " << from;
      std::vector<float> v = e.to_vector<float>();
      double n = 0;
      for (int64_t k = 0; k < e.size(1); ++k) n += (double)v[k] * v[k];
      EXPECT_NEAR(n, 1.0, 1e-4) << arch << " " << from;  // unit rows
      if (from == "nodes" || from == "both") {  // the plan serves per-joint rows for gcn only
        EXPECT_EQ(EncoderPlan::supported(*make_encoder(c, d.skeleton)), arch == "gcn");
      }
    }
}

TEST(DetectorApi, BadClipsAreClearErrors) {
  Dataset d;
  Detector det = Detector::load(tiny_model(d));
  Motion wrong(40, det.joints() - 3);
  try {
    det.set_support({d.clips[0].motion, wrong}, {"a.npy", "b.npy"});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("b.npy: " + std::to_string(det.joints() - 3) + " joints"), std::string::npos) << e.what();
  }
  EXPECT_EQ(det.support_size(), 0);  // a failed set_support changes nothing
  Motion zero(40, det.joints());
  try {
    det.prepare(zero, "z.npy");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("z.npy: unusable clip (all_zero)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Detector::load("/nonexistent/m.safetensors"), std::runtime_error);
}

// The live path and the batch path give the same windows and scores, for every
// way a stream can end: shorter than W, exactly W, aligned with S, or not.
TEST(DetectorApi, StreamMatchesWindowedScoring) {
  Dataset d;
  Detector det = Detector::load(tiny_model(d));
  det.set_support({d.clips[0].motion, d.clips[1].motion});
  const int W = 24, S = 7;
  for (int T : {15, 24, 24 + 3 * S, 24 + 3 * S + 4, 150}) {
    Motion m = long_clip(d, T);
    std::vector<WindowScore> batch = det.score_windows(m, W, S);
    StreamScorer st(det, W, S);
    std::vector<WindowScore> live;
    WindowScore w;
    for (int t = 0; t < T; ++t)
      if (st.push(m.at(t, 0), w)) live.push_back(w);
    if (st.finish(w)) live.push_back(w);
    ASSERT_EQ(live.size(), batch.size()) << "T=" << T;
    for (size_t i = 0; i < live.size(); ++i) {
      EXPECT_EQ(live[i].start, batch[i].start) << "T=" << T;
      EXPECT_EQ(live[i].end, batch[i].end) << "T=" << T;
      EXPECT_DOUBLE_EQ(live[i].score, batch[i].score) << "T=" << T << " window " << i;
    }
  }
  EXPECT_THROW(StreamScorer(det, 3, 1), std::invalid_argument);
}

TEST(DetectorApi, ConcurrentScoringOnOneModel) {
  Dataset d;
  Detector det = Detector::load(tiny_model(d));
  det.set_support({d.clips[0].motion, d.clips[1].motion, d.clips[2].motion});
  std::vector<Motion> test;
  for (int i = 3; i < 15; ++i) test.push_back(d.clips[i].motion);
  std::vector<double> want = det.score(test);
  std::vector<std::vector<double>> got(4);
  std::vector<std::thread> th;
  for (int k = 0; k < 4; ++k)
    th.emplace_back([&, k] {
      for (int r = 0; r < 5; ++r) got[k] = det.score(test);
    });
  for (auto& t : th) t.join();
  for (auto& g : got) EXPECT_EQ(g, want);
}

}  // namespace haad::test
