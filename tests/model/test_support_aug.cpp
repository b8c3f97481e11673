// Generative support expansion in the eval protocol and the Detector, the
// validation subset settings are chosen on, the LTD encoder and the paper
// configuration's training options (one view per clip, constant-then-linear lr).
#include <unistd.h>
#include <set>
#include "contrastive/detector.h"
#include "contrastive/eval.h"
#include "io/procedural.h"
#include "io/splits.h"
#include "tests/model/small_model.h"
#include "tests/testing.h"

namespace haad::test {

// A "generator" that returns exact copies of each source clip: with the max-cosine
// score a copy changes nothing, so haad + support aug must equal haad; one that
// returns clips of another category must change the scores.
TEST(SupportAug, EvalCallsTheGeneratorPerModelAndScoresOnTheSameEpisodes) {
  Dataset d = procedural_dataset(1, 4, 2);
  EvalConfig c = small_eval({2});
  c.baseline_ae = false;
  c.out_dir = ::testing::TempDir() + "haad_eval_support_" + std::to_string((long)getpid());
  std::set<std::string> tags;
  FeatureConfig F = c.train.feat;
  c.support_gen = [&](const std::vector<int>& train_idx, const std::vector<int>& src, const std::string& tag) {
    tags.insert(tag);
    std::set<int> trained;
    for (int i : train_idx) trained.insert(d.clips[i].label);
    // the generator's data never holds an evaluated unseen category
    if (tag != "seen") {
      for (int i : src) EXPECT_EQ(trained.count(d.clips[i].label), 0u) << tag;
    }
    std::vector<std::vector<Motion>> out;
    for (int i : src) out.push_back({prepare_motion(d.clips[i].motion, d.skeleton, F), prepare_motion(d.clips[i].motion, d.skeleton, F)});
    return out;
  };
  EvalReport r = run_eval(d, c);
  EXPECT_EQ(tags, (std::set<std::string>{"seen", "unseen_fold0", "unseen_fold1"}));
  for (const char* s : {"seen", "unseen"}) {
    const Json& st = r.json.at("settings").at(s);
    EXPECT_DOUBLE_EQ(st.at("haad_support_aug_K2").at("auc").at("mean").num, st.at("haad_K2").at("auc").at("mean").num) << s;
  }
  EXPECT_NE(r.markdown.find("haad + support aug"), std::string::npos);
  // generated clips of a different category (the first clip of another label) move the scores
  c.support_gen = [&](const std::vector<int>&, const std::vector<int>& src, const std::string&) {
    std::vector<std::vector<Motion>> out;
    for (int i : src) {
      int other = 0;
      while (d.clips[other].label == d.clips[i].label) ++other;
      out.push_back({prepare_motion(d.clips[other].motion, d.skeleton, F)});
    }
    return out;
  };
  EvalReport r2 = run_eval(d, c);
  const Json& seen = r2.json.at("settings").at("seen");
  EXPECT_NE(seen.at("haad_support_aug_K2").at("auc").at("mean").num, seen.at("haad_K2").at("auc").at("mean").num);
  c.protocol = "lodo";  // no training set of the target's own to train a generator on
  ExtraClips mix;
  mix.motions.push_back(Motion(10, 20));
  mix.labels.push_back(0);
  c.mix = &mix;
  EXPECT_THROW(run_eval(d, c), std::invalid_argument);
}

TEST(SupportAug, DetectorAddsGeneratedClipsAndSetSupportDropsThem) {
  Dataset d = procedural_dataset(2, 4, 2);
  std::unique_ptr<Encoder> enc = make_encoder(small_cfg(), d.skeleton);
  std::string path = ::testing::TempDir() + "haad_support_aug_model_" + std::to_string((long)getpid()) + ".safetensors";
  FeatureConfig F = small_train().feat;
  save_encoder(path, *enc, F, d.skeleton, d.classes);
  Detector det = Detector::load(path);
  std::vector<Motion> sup = {d.clips[0].motion, d.clips[1].motion};
  std::vector<Motion> test = {d.clips[5].motion, d.clips[9].motion};
  det.set_support(sup);
  std::vector<double> before = det.score(test);
  // a copy of a support clip as a generated one: max-cosine scores unchanged
  det.add_generated_support({det.support_prepared()[0]});
  EXPECT_EQ(det.generated_support_size(), 1);
  EXPECT_EQ(det.support_embeddings().size(0), 3);
  std::vector<double> same = det.score(test);
  for (size_t i = 0; i < test.size(); ++i) EXPECT_NEAR(same[i], before[i], 1e-6);
  // the test clip itself as a generated support clip: its score drops to ~0
  det.add_generated_support({det.prepare(test[0], "t")});
  EXPECT_NEAR(det.score(test)[0], 0.0, 1e-5);
  EXPECT_EQ(det.localize(test[0]).nearest < 2, true);  // localisation keeps to the real clips
  EXPECT_THROW(det.add_generated_support({Motion(10, 7)}), std::invalid_argument);
  det.set_support(sup);
  EXPECT_EQ(det.generated_support_size(), 0);
  EXPECT_EQ(det.support_embeddings().size(0), 2);
}

TEST(SupportAug, ValidationSubsetHoldsOnlyTrainingSubjects) {
  Dataset d = procedural_dataset(3, 6, 2);
  SubjectSplit sp = cross_subject(d);
  Dataset v = validation_subset(d);
  EXPECT_EQ(v.clips.size(), sp.train.size());
  std::set<int> train_subj, test_subj, vt, vs;
  for (int i : sp.train) train_subj.insert(d.clips[i].subject);
  for (int i : sp.test) test_subj.insert(d.clips[i].subject);
  for (const Clip& c : v.clips) {
    EXPECT_EQ(train_subj.count(c.subject), 1u);
    (c.split == "train" ? vt : vs).insert(c.subject);
  }
  // subjects dealt alternately; the protocol's own split finds both sides
  EXPECT_FALSE(vt.empty());
  EXPECT_FALSE(vs.empty());
  for (int s : vt) EXPECT_EQ(vs.count(s), 0u);
  SubjectSplit vsp = cross_subject(v);
  EXPECT_GT(vsp.train.size(), 0u);
  EXPECT_GT(vsp.test.size(), 0u);
}

TEST(SupportAug, LtdEncoderEmbedsPerJointAndTrainsWithOneView) {
  Dataset d = procedural_dataset(1, 4, 2);
  EncoderConfig c = small_cfg("ltd");
  c.norm = "batch";
  c.dropout = 0.0;
  manual_seed(1);
  std::unique_ptr<Encoder> enc = make_encoder(c, d.skeleton);
  EXPECT_EQ(enc->cfg.embed, 20);  // one value per joint
  TrainConfig t = small_train();
  t.views = 1;
  t.augment = false;
  t.tau = 1.0;
  t.schedule = "paper";
  t.weight_decay = 1e-3;
  std::vector<int> idx;
  for (size_t i = 0; i < d.clips.size(); ++i) idx.push_back((int)i);
  TrainResult r = train_contrastive(*enc, d, idx, t);
  EXPECT_GT(r.steps, 0);
  EXPECT_TRUE(std::isfinite(r.best_val));
  std::vector<Motion> ms;
  std::vector<const Motion*> mp;
  for (int i = 0; i < 4; ++i) ms.push_back(prepare_motion(d.clips[i].motion, d.skeleton, t.feat));
  mp = motion_pointers(ms);
  Tensor e = embed_motions(*enc, mp, d.skeleton, t.feat);
  EXPECT_EQ(e.shape(), Dims({4, 20}));
  std::vector<float> v = e.to_vector<float>();
  for (int i = 0; i < 4; ++i) {
    double n = 0;
    for (int k = 0; k < 20; ++k) n += (double)v[i * 20 + k] * v[i * 20 + k];
    EXPECT_NEAR(n, 1.0, 1e-5);
  }
  // a Detector on an LTD model runs the eager forward (no plan for it) and scores
  std::string path = ::testing::TempDir() + "haad_ltd_" + std::to_string((long)getpid()) + ".safetensors";
  save_encoder(path, *enc, t.feat, d.skeleton, d.classes);
  Detector det = Detector::load(path);
  EXPECT_FALSE(det.planned());
  det.set_support({d.clips[0].motion});
  EXPECT_EQ(det.score({d.clips[1].motion}).size(), 1u);
}

}  // namespace haad::test
