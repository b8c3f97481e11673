// The detector end to end on the procedural motion set (no real data needed):
// encoder shapes, bit-reproducible training, checkpoints, the eval protocol.
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include "contrastive/eval.h"
#include "contrastive/eval_parts.h"
#include "contrastive/mix.h"
#include "io/canonical.h"
#include "io/npy.h"
#include "io/procedural.h"
#include "io/perturb.h"
#include "io/splits.h"
#include "nn/checkpoint.h"
#include "tests/model/small_model.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Detector, EncodersGiveUnitEmbeddings) {
  Skeleton s = skeleton_msr20();
  manual_seed(1);
  for (const char* arch : {"gcn", "stgcn"}) {
    EncoderConfig c = small_cfg(arch);
    auto e = make_encoder(c, s);
    Tensor x = std::string(arch) == "gcn" ? randn({3, 20, 30}) : randn({3, 3, 30, 20});
    Tensor z = e->forward(x), b = e->embed(x);
    EXPECT_EQ(z.shape(), Dims({3, 16})) << arch;
    EXPECT_EQ(b.shape(), Dims({3, 32})) << arch;
    for (float v : sqrt(sum(square(z), {1})).to_vector<float>()) EXPECT_NEAR(v, 1.0f, 1e-5);
    sum(z).backward();  // gradients reach every parameter
    for (auto& [n, p] : e->named_parameters()) EXPECT_TRUE(p.grad().defined()) << arch << " " << n;
  }
  EXPECT_THROW(make_encoder(small_cfg("transformer"), s), std::invalid_argument);
  EXPECT_THROW(make_encoder(small_cfg(), skeleton_smpl24()), std::invalid_argument);
}

TEST(Detector, FeaturesAreDctPerJoint) {
  Dataset d = procedural_dataset(1, 2, 1);
  FeatureConfig f;
  f.H = 30;
  f.M = 10;
  Motion m = prepare_motion(d.clips[0].motion, d.skeleton, f);
  std::vector<float> feat = motion_features(m, f), co = dct(resample(m, f.H), f.M);
  // joint 7, coordinate y, coefficient 3
  EXPECT_FLOAT_EQ(feat[(7 * 3 + 1) * 10 + 3], co[(3 * 20 + 7) * 3 + 1]);
  Tensor b = batch_features({&m, &m}, d.skeleton, f);
  EXPECT_EQ(b.shape(), Dims({2, 20, 30}));
}

TEST(Detector, TrainingIsBitReproducibleAndLearns) {
  Dataset d = procedural_dataset(1, 4, 2);
  SubjectSplit sp = cross_subject(d);
  auto run = [&]() {
    manual_seed(5);
    auto e = make_encoder(small_cfg(), d.skeleton);
    TrainResult r = train_contrastive(*e, d, sp.train, small_train());
    return std::make_pair(std::move(e), r);
  };
  auto [e1, r1] = run();
  auto [e2, r2] = run();
  NamedTensors a = e1->state_dict(), b = e2->state_dict();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(all_close(a[i].second, b[i].second, 0, 0)) << a[i].first;
  EXPECT_EQ(r1.final_loss, r2.final_loss);
  EXPECT_GT(r1.clips_per_sec, 0);
}

// The instance-level term, body-part pseudo-categories and wrong executions as
// negatives change the training (a different model), stay bit-reproducible, and
// refuse settings that cannot work.
TEST(Detector, InstanceTermRecombinationAndFaultsTrainSeeded) {
  Dataset d = procedural_dataset(1, 4, 2);
  SubjectSplit sp = cross_subject(d);
  struct Setting { double inst, recombine, fault; std::vector<std::string> kinds; };
  auto run = [&](const Setting& st) {
    manual_seed(5);
    auto e = make_encoder(small_cfg(), d.skeleton);
    TrainConfig t = small_train();
    t.steps = t.eval_every = 12;
    t.inst_weight = st.inst;
    t.recombine = st.recombine;
    t.fault_ratio = st.fault;
    t.fault_kinds = st.kinds;
    TrainResult r = train_contrastive(*e, d, sp.train, t);
    EXPECT_TRUE(std::isfinite(r.final_loss));
    return std::make_pair(std::move(e), r);
  };
  auto [e0, r0] = run({0, 0, 0, {}});
  std::vector<Setting> settings = {{0.5, 0, 0, {}},    {0, 0.34, 0, {}},           {0.5, 0.34, 0, {}},
                                   {0.5, 0, 0.25, {}}, {0.5, 0, 0.25, {"speed"}}, {0, 0.34, 0.5, {"freeze", "swap"}}};
  std::vector<double> losses;
  for (const Setting& st : settings) {
    auto [e1, r1] = run(st);
    auto [e2, r2] = run(st);
    EXPECT_EQ(r1.final_loss, r2.final_loss) << st.inst << " " << st.recombine << " " << st.fault;
    EXPECT_NE(r1.final_loss, r0.final_loss) << st.inst << " " << st.recombine << " " << st.fault;
    NamedTensors a = e1->state_dict(), b = e2->state_dict();
    for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(all_close(a[i].second, b[i].second, 0, 0)) << a[i].first;
    losses.push_back(r1.final_loss);
  }
  EXPECT_NE(losses[3], losses[0]) << "wrong executions must change the training";
  EXPECT_NE(losses[4], losses[3]) << "the kinds drawn must matter";
  // one training category: no pair to recombine
  std::vector<int> one;
  for (int i : sp.train)
    if (d.clips[i].label == d.clips[sp.train[0]].label) one.push_back(i);
  auto e = make_encoder(small_cfg(), d.skeleton);
  TrainConfig t = small_train();
  t.recombine = 0.3;
  EXPECT_THROW(train_contrastive(*e, d, one, t), std::invalid_argument);
  t.recombine = 0;
  t.fault_ratio = 0.25;
  t.fault_kinds = {"wobble"};
  EXPECT_THROW(train_contrastive(*e, d, sp.train, t), std::invalid_argument);
}

TEST(Detector, CheckpointRoundTripAndSkeletonMismatch) {
  Dataset d = procedural_dataset(1, 2, 1);
  manual_seed(2);
  auto e = make_encoder(small_cfg(), d.skeleton);
  FeatureConfig f;
  f.M = 10;
  f.pre.view_frames = 7;
  std::string p = ::testing::TempDir() + "haad_enc.safetensors";
  save_encoder(p, *e, f, d.skeleton, d.classes);
  LoadedEncoder L = load_encoder(p, d.skeleton);
  EXPECT_EQ(L.feat.M, 10);
  EXPECT_EQ(L.feat.pre.view_frames, 7);
  EXPECT_EQ(L.enc->cfg.hidden, 32);
  Tensor x = randn({2, 20, 30});
  e->eval();
  EXPECT_TRUE(all_close(L.enc->embed(x), e->embed(x), 0, 0));
  try {
    load_encoder(p, skeleton_kinect_v1());
    FAIL();
  } catch (const std::runtime_error& ex) {
    EXPECT_NE(std::string(ex.what()).find("trained on skeleton 'msr20'"), std::string::npos) << ex.what();
  }
}

TEST(Detector, EvalProtocolWritesResults) {
  Dataset d = procedural_dataset(1, 4, 2);
  EvalConfig c = small_eval({1, 2});
  c.out_dir = ::testing::TempDir() + "haad_eval";
  EvalReport r = run_eval(d, c);
  const Json& s = r.json.at("settings");
  for (const char* setting : {"seen", "unseen"})
    for (const char* key : {"haad_K1", "haad_K2", "knn_dct_K2"}) {
      double auc = s.at(setting).at(key).at("auc").at("mean").num;
      EXPECT_GE(auc, 0.0);
      EXPECT_LE(auc, 1.0);
    }
  EXPECT_EQ(s.at("unseen").at("folds").size(), 2u);
  EXPECT_TRUE(r.json.has("baseline_per_category_autoencoder_K5"));
  for (const char* f : {"results.json", "results.md", "roc_seen.svg", "roc_unseen.svg", "train_seen.csv"})
    EXPECT_TRUE(std::filesystem::exists(c.out_dir + "/" + f)) << f;
  EXPECT_NE(r.markdown.find("| unseen | 2 |"), std::string::npos) << r.markdown;
  // the learned embedding separates the procedural actions (seen, K=2)
  EXPECT_GT(s.at("seen").at("haad_K2").at("auc").at("mean").num, 0.7);
}

// An ensemble's rows (embed_members): unit length, and the cosine of two rows is the
// mean of the members' cosines; one member is that member's rows. run_eval with
// ensemble = 2 trains two encoders per model (one training record each).
TEST(Detector, EnsembleRowsAreTheMembersMeanCosine) {
  Dataset d = procedural_dataset(1, 4, 2);
  Skeleton s = d.skeleton;
  FeatureConfig f = small_train().feat;
  std::vector<Motion> norm;
  for (int i = 0; i < 6; ++i) norm.push_back(prepare_motion(d.clips[i].motion, s, f));
  std::vector<const Motion*> ms = motion_pointers(norm);
  manual_seed(1);
  auto a = make_encoder(small_cfg(), s);
  auto b = make_encoder(small_cfg(), s);
  Tensor ea = embed_motions(*a, ms, s, f), eb = embed_motions(*b, ms, s, f);
  Tensor one = embed_members({a.get()}, ms, s, f), two = embed_members({a.get(), b.get()}, ms, s, f);
  EXPECT_EQ(one.to_vector<float>(), ea.to_vector<float>());
  ASSERT_EQ(two.shape(), Dims({6, ea.size(1) + eb.size(1)}));
  for (float v : sqrt(sum(square(two), {1})).to_vector<float>()) EXPECT_NEAR(v, 1.0f, 1e-5);
  auto cos = [](const Tensor& t) { return matmul(t, t.transpose(0, 1)).to_vector<double>(); };
  std::vector<double> ca = cos(ea), cb = cos(eb), c2 = cos(two);
  for (size_t i = 0; i < c2.size(); ++i) EXPECT_NEAR(c2[i], 0.5 * (ca[i] + cb[i]), 1e-5);
  EXPECT_THROW(embed_members({}, ms, s, f), std::invalid_argument);

  EvalConfig c = small_eval({2});
  c.baseline_ae = false;
  c.unseen = false;  // the seen model is enough: train_model serves both
  c.draws = 1;
  c.ensemble = 2;
  EvalReport r = run_eval(d, c);
  const Json& seen = r.json.at("settings").at("seen");
  EXPECT_EQ(seen.at("training").size(), 2u);  // one record per member
  EXPECT_GT(seen.at("haad_K2").at("auc").at("mean").num, 0.7);
}

// The evaluation's embedding table: the clips' rows, then one block per support variant;
// support_rows gathers a support set's rows from every block. The variants change what
// they say: a mirror swaps sides, a turn keeps heights, head/tail keep 85% of the frames.
TEST(Detector, SupportVariantTableBlocks) {
  Dataset d = procedural_dataset(1, 4, 2);
  const Skeleton& s = d.skeleton;
  FeatureConfig f = small_train().feat;
  std::vector<Motion> norm;
  for (int i = 0; i < 5; ++i) norm.push_back(prepare_motion(d.clips[i].motion, s, f));
  const Motion& m = norm[0];
  Motion r = support_variant(m, s, "rot+15"), h = support_variant(m, s, "head"), t = support_variant(m, s, "tail");
  for (size_t k = 1; k < m.xyz.size(); k += 3) EXPECT_FLOAT_EQ(r.xyz[k], m.xyz[k]);  // y unchanged
  EXPECT_NE(r.xyz, m.xyz);
  EXPECT_EQ(h.T, (int)std::lround(0.85 * m.T));
  EXPECT_EQ(std::vector<float>(h.xyz.begin(), h.xyz.begin() + 3 * m.J), std::vector<float>(m.xyz.begin(), m.xyz.begin() + 3 * m.J));
  EXPECT_EQ(std::vector<float>(t.xyz.end() - 3 * m.J, t.xyz.end()), std::vector<float>(m.xyz.end() - 3 * m.J, m.xyz.end()));
  EXPECT_EQ(support_variant(m, s, "mirror").xyz, mirror(m, s).xyz);
  EXPECT_THROW(support_variant(m, s, "upside-down"), std::invalid_argument);

  manual_seed(1);
  auto e = make_encoder(small_cfg(), s);
  std::vector<const Motion*> ms = motion_pointers(norm);
  Tensor plain = embed_table({e.get()}, ms, s, f, {});
  Tensor table = embed_table({e.get()}, ms, s, f, {"mirror", "tail"});
  ASSERT_EQ(table.size(0), 15);
  Tensor tail_rows = embed_motions(*e, {&t}, s, f);
  std::vector<float> row10 = rows(table, {10}).to_vector<float>(), want = tail_rows.to_vector<float>();
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(row10[k], want[k], 1e-6);
  EXPECT_EQ(rows(table, {0, 1}).to_vector<float>(), rows(plain, {0, 1}).to_vector<float>());
  Tensor sup = support_rows(table, {1, 3}, 5);
  ASSERT_EQ(sup.size(0), 6);  // 1, 3, their mirrors (6, 8), their tails (11, 13)
  EXPECT_EQ(sup.to_vector<float>(), rows(table, {1, 3, 6, 8, 11, 13}).to_vector<float>());
  EXPECT_EQ(support_rows(plain, {1, 3}, 5).size(0), 2);
  // raw_weight: [sqrt(1 - w) learned, sqrt(w) raw DCT] per row, unit length
  Tensor fused = embed_table({e.get()}, ms, s, f, {}, 0.36), raw = raw_dct_rows(ms, s, f);
  ASSERT_EQ(fused.size(1), plain.size(1) + raw.size(1));
  std::vector<float> fr = rows(fused, {2}).to_vector<float>(), pr = rows(plain, {2}).to_vector<float>(),
                     rr = rows(raw, {2}).to_vector<float>();
  EXPECT_NEAR(fr[0], 0.8f * pr[0], 1e-6);
  EXPECT_NEAR(fr[pr.size()], 0.6f * rr[0], 1e-6);
  for (float v : sqrt(sum(square(fused), {1})).to_vector<float>()) EXPECT_NEAR(v, 1.0f, 1e-5);
  EXPECT_THROW(embed_table({e.get()}, ms, s, f, {}, 1.0), std::invalid_argument);
}

}  // namespace haad::test

namespace haad::test {

// The within-category protocol on a labelled fixture: procedural clips, some test
// clips made anomalous by a strong perturbation; training sees no anomalous clip.
TEST(Detector, WithinCategoryProtocolOnALabelledFixture) {
  Dataset d = procedural_dataset(5, 6, 2);  // 3 training subjects x 2 repetitions: K = 5 is possible
  SubjectSplit sp = cross_subject(d);
  Dataset lab = d;
  lab.clips.clear();
  for (int i : sp.train) lab.clips.push_back(d.clips[i]);
  int made = 0;
  for (int i : sp.test) {
    lab.clips.push_back(d.clips[i]);
    Clip q = d.clips[i];
    Rng r(i);
    Perturbed p = perturb(q.motion, d.skeleton, Perturbation::Stumble, 1.0, r);
    q.id += "_stumble";
    q.motion = p.motion;
    q.anomalous = 1;
    q.kind = "stumble@1";
    q.anomaly_joints = p.joints;
    q.anomaly_frames = {p.frames};
    lab.clips.push_back(q);
    ++made;
  }
  ASSERT_GT(made, 0);
  EvalConfig c = small_eval({1, 5});
  c.train.steps = 20;
  EvalReport r = run_within_eval(lab, c);
  for (const char* s : {"seen", "unseen"}) {
    double auc = r.json.at("settings").at(s).at("K5").at("haad").at("auc").at("mean").num;
    EXPECT_GE(auc, 0.0) << s;
    EXPECT_LE(auc, 1.0) << s;
  }
  // a whole-body displacement of three bone lengths is obvious even to raw features
  EXPECT_GT(r.json.at("by_kind_K5").at("stumble@1").at("knn_seen").num, 0.7) << r.markdown;
  EXPECT_NE(r.markdown.find("| seen | 5 |"), std::string::npos) << r.markdown;
  // localisation: a stumble changes every joint over a span, so frames are scored, joints not
  const Json& loc = r.json.at("localisation_seen_K5").at("stumble@1");
  EXPECT_GE(loc.at("frames").num, 0.0);
  EXPECT_LE(loc.at("frames").num, 1.0);
  EXPECT_EQ(loc.at("clips_joints").num, 0.0);
  // an ensemble with raw rows scores; localisation keeps to one encoder's own rows
  EvalConfig c2 = c;
  c2.ensemble = 2;
  c2.raw_weight = 0.25;
  c2.unseen = false;
  c2.Ks = {5};
  EvalReport r2 = run_within_eval(lab, c2);
  EXPECT_GE(r2.json.at("localisation_seen_K5").at("stumble@1").at("frames").num, 0.0);
  // no labelled anomalies: a clear error
  EXPECT_THROW(run_within_eval(d, c), std::runtime_error);
}

}  // namespace haad::test

namespace haad::test {

// The authors' protocol on a generated HumanAct12 folder: 12 categories x 6
// clips of SMPL-24 motion (each category a different limb swinging at its own
// rate), named P{subject}G..R..F..T..A{cc}{ff}.npy.
static std::string make_humanact12_set() {
  std::string dir = ::testing::TempDir() + "haad_ha12_paper_" + std::to_string((long)getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Skeleton s = skeleton_smpl24();
  Rng r(3);
  for (int c = 0; c < 12; ++c)
    for (int i = 0; i < 6; ++i) {
      int T = 30 + (int)r.randint(15);
      float phase = (float)r.uniform() * 6.28f;
      std::vector<float> m((size_t)T * 24 * 3);
      for (int t = 0; t < T; ++t)
        for (int j = 0; j < 24; ++j) {
          int p = s.parents[j];
          for (int k = 0; k < 3; ++k) {
            float base = p < 0 ? (k == 1 ? 0.9f : 0.f) : m[((size_t)t * 24 + p) * 3 + k];
            float off = p < 0 ? 0.f : 0.1f * (float)((j * 7 + k * 3) % 5 - 2) + 0.05f;
            // the category's limb (joint c + 8) swings at the category's rate
            if (j == c + 8 && k != 1) off += 0.15f * std::sin(0.15f * (c % 4 + 1) * t + phase);
            m[((size_t)t * 24 + j) * 3 + k] = base + off + 0.005f * (float)r.normal();
          }
        }
      char name[64];
      std::snprintf(name, sizeof name, "P%02dG01R%02dF0001T%04dA%02d01.npy", 1 + i % 3, i + 1, T, c + 1);
      npy_save(dir + "/" + name, {T, 24, 3}, m.data());
    }
  return dir;
}

TEST(Detector, PaperProtocolOnAHumanAct12Fixture) {
  Dataset d = load_dataset("humanact12", make_humanact12_set());
  ASSERT_EQ(d.clips.size(), 72u) << d.summary();
  // the split: per category the first 5 of 6 clips (file order) train
  SubjectSplit sp = order_split(d, 0.8);
  EXPECT_EQ(sp.train.size(), 60u);
  EXPECT_EQ(sp.test.size(), 12u);
  EXPECT_EQ(default_unseen_names(d), (std::vector<std::string>{"phone", "boxing", "throw"}));
  EvalConfig c = small_eval({1, 3});
  c.enc.joints = 24;
  c.protocol = "paper";
  c.baseline_ae = false;
  c.out_dir = ::testing::TempDir() + "haad_eval_paper_" + std::to_string((long)getpid());
  EvalReport rep = run_eval(d, c);
  const Json& st = rep.json.at("settings");
  EXPECT_EQ(rep.json.at("config").at("protocol").str, "paper");
  // one model (trained on the 9 seen categories) serves both settings; the unseen ones are phone, boxing, throw
  const Json& folds = st.at("unseen").at("folds");
  ASSERT_EQ(folds.size(), 1u);
  EXPECT_EQ(folds.arr[0].at("heldout").size(), 3u);
  EXPECT_EQ(folds.arr[0].at("heldout").arr[0].str, "phone");
  for (const char* setting : {"seen", "unseen"})
    for (const char* key : {"haad_K3", "knn_dct_K3", "hybrid_K3"}) {
      double auc = st.at(setting).at(key).at("auc").at("mean").num;
      EXPECT_GE(auc, 0.0);
      EXPECT_LE(auc, 1.0);
    }
  // named unseen categories, and a clear error for an unknown one
  c.unseen_names = {"walk", "run"};
  c.seen = false;
  EvalReport r2 = run_eval(d, c);
  EXPECT_EQ(r2.json.at("settings").at("unseen").at("folds").arr[0].at("heldout").size(), 2u);
  c.unseen_names = {"fly"};
  EXPECT_THROW(run_eval(d, c), std::invalid_argument);
  c.protocol = "bogus";
  EXPECT_THROW(run_eval(d, c), std::invalid_argument);
}

}  // namespace haad::test

namespace haad::test {

// Multi-dataset training and leave-one-dataset-out on procedural sets written
// in the generic layout: classes namespaced, canonical skeleton, the target's
// categories never in training (lodo trains on the mix alone).
TEST(Detector, DataMixAndLeaveOneDatasetOut) {
  std::string base = ::testing::TempDir() + "haad_mix_" + std::to_string((long)getpid());
  std::filesystem::remove_all(base);
  write_generic(procedural_dataset(2, 3, 2), base + "/a");
  write_generic(procedural_dataset(3, 3, 2), base + "/b");
  FeatureConfig f;
  f.H = 30;
  f.M = 10;
  std::vector<MixSource> src = parse_mix(base + "/a," + base + "/b", base);
  ASSERT_EQ(src.size(), 2u);
  EXPECT_THROW(parse_mix("nosuchset", base), std::invalid_argument);
  MixClips train_only = load_mix(src, f, false), all = load_mix(src, f, true);
  EXPECT_GT(all.motions.size(), train_only.motions.size());
  EXPECT_EQ(all.classes.size(), 2 * procedural_dataset(2, 3, 2).classes.size());
  EXPECT_EQ(all.classes[0].substr(0, 2), "a:");
  for (const Motion& m : all.motions) ASSERT_EQ(m.J, 16);
  for (int l : all.labels) ASSERT_GE(l, 1000000);
  // lodo: the target (on the canonical skeleton) is evaluated as unseen, trained on the mix alone
  Dataset target = procedural_dataset(4, 3, 2);
  target = to_canonical(target, canonical_map(target.skeleton));
  ExtraClips ex = all.extra();
  EvalConfig c = small_eval({1, 2});
  c.enc.joints = 16;
  c.train.steps = 20;  // the wiring is under test here, not the accuracy
  c.draws = 1;
  c.protocol = "lodo";
  c.seen = false;
  c.baseline_ae = false;
  c.mix = &ex;
  c.out_dir = base + "/out_lodo";
  EvalReport r = run_eval(target, c);
  const Json& u = r.json.at("settings").at("unseen");
  EXPECT_EQ(u.at("folds").arr[0].at("heldout").size(), target.classes.size());
  double auc = u.at("haad_K2").at("auc").at("mean").num;
  EXPECT_GE(auc, 0.0);
  EXPECT_LE(auc, 1.0);
  // the multi-dataset standard protocol: the target's own training categories plus the mix
  c.protocol = "standard";
  c.seen = true;
  c.mix = &ex;
  c.out_dir = base + "/out_mix";
  EvalReport r2 = run_eval(target, c);
  EXPECT_EQ(r2.json.at("config").at("mix_clips").num, (double)ex.motions.size());
  // lodo without other data is an error
  c.protocol = "lodo";
  c.seen = false;
  c.mix = nullptr;
  EXPECT_THROW(run_eval(target, c), std::invalid_argument);
  std::filesystem::remove_all(base);
}

}  // namespace haad::test
