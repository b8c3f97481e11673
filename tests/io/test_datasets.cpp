// The real datasets in ../shared/data (skipped, with a message, only when the
// folder is absent), a generated HumanAct12 fixture, the generic layout, and
// splits/episodes.
#include <unistd.h>
#include <filesystem>
#include <numeric>
#include <set>
#include "io/dataset.h"
#include "io/npy.h"
#include "io/splits.h"
#include "nn/checkpoint.h"
#include "tests/testing.h"

namespace fs = std::filesystem;

namespace haad::test {

static std::string data_root() {
  std::string r = std::string(HAAD_SOURCE_DIR) + "/../shared/data";
  return fs::is_directory(r) ? r : "";
}
#define NEED_DATA()                                                                         \
  std::string root = data_root();                                                           \
  if (root.empty()) GTEST_SKIP() << "../shared/data not found next to the repository: real-data tests skipped"

// per bone: median over clips of the bone's coefficient of variation over time
static std::vector<double> bone_cv(const Dataset& d, const Skeleton& s) {
  std::vector<std::vector<double>> per(s.bones().size());
  for (const Clip& c : d.clips) {
    std::vector<double> mean, cv;
    bone_length_stats(c.motion, s, mean, cv);
    for (size_t b = 0; b < cv.size(); ++b) per[b].push_back(cv[b]);
  }
  std::vector<double> out;
  for (auto& v : per) {
    std::sort(v.begin(), v.end());
    out.push_back(v[v.size() / 2]);
  }
  return out;
}

// median height (y) of a joint over all frames of all clips
static double median_height(const Dataset& d, int joint) {
  std::vector<double> y;
  for (const Clip& c : d.clips)
    for (int t = 0; t < c.motion.T; ++t) y.push_back(c.motion.at(t, joint)[1]);
  std::sort(y.begin(), y.end());
  return y[y.size() / 2];
}

// anatomy under a given joint order: the vertical chain is ordered, and
// left and right bones have the same length
static void expect_anatomy(const Dataset& d, const Skeleton& s, const std::vector<int>& top_to_bottom) {
  for (size_t i = 1; i < top_to_bottom.size(); ++i)
    EXPECT_GT(median_height(d, top_to_bottom[i - 1]), median_height(d, top_to_bottom[i]))
        << d.name << ": " << s.joints[top_to_bottom[i - 1]] << " should be above " << s.joints[top_to_bottom[i]];
  for (auto [l, r] : s.lr_pairs) {
    if (s.parents[l] < 0 || s.parents[r] < 0) continue;
    double sl = 0, sr = 0;
    for (const Clip& c : d.clips) {
      std::vector<double> mean, cv;
      bone_length_stats(c.motion, s, mean, cv);
      auto bones = s.bones();
      for (size_t b = 0; b < bones.size(); ++b) {
        if (bones[b].first == l) sl += mean[b];
        if (bones[b].first == r) sr += mean[b];
      }
    }
    EXPECT_NEAR(sl / sr, 1.0, 0.25) << d.name << ": " << s.joints[l] << " vs " << s.joints[r];
  }
}

TEST(RealData, MsrAction3dCounts) {
  NEED_DATA();
  int files = 0;
  for (auto& e : fs::directory_iterator(root + "/msr_action3d")) files += e.path().string().find("_skeleton3D.txt") != std::string::npos;
  EXPECT_EQ(files, 567);
  Dataset d = load_msr_action3d(root + "/msr_action3d");
  // standard_subset.txt lists 557 clips (the data README says 556); 12 of them
  // lose more than 20% of their frames to tracking loss and are reported
  EXPECT_EQ(d.skipped["not_in_standard_subset"], 10);
  EXPECT_EQ(d.skipped["missing_frames"], 12);
  EXPECT_EQ(d.clips.size(), 545u);
  EXPECT_EQ(d.classes.size(), 20u);
  std::set<int> subj;
  std::vector<int> per(20, 0);
  for (const Clip& c : d.clips) { subj.insert(c.subject); per[c.label]++; EXPECT_EQ(c.motion.J, 20); EXPECT_GE(c.motion.T, 5); }
  EXPECT_EQ(subj.size(), 10u);
  for (int n : per) { EXPECT_GE(n, 20); EXPECT_LE(n, 30); }
  // all 567 files without the subset filter: the all-zero clip is caught
  LoadOptions all;
  all.msr_standard_subset = false;
  Dataset a = load_msr_action3d(root + "/msr_action3d", all);
  EXPECT_EQ(a.skipped["all_zero"], 1);
  EXPECT_EQ(a.clips.size() + a.skipped["all_zero"] + a.skipped["missing_frames"] + a.skipped["bone_jump"], 567u);
}

TEST(RealData, BoneLengthsAndAnatomyProveTheJointOrder) {
  NEED_DATA();
  Dataset d = load_msr_action3d(root + "/msr_action3d");
  std::vector<double> cv = bone_cv(d, d.skeleton);
  double mx = *std::max_element(cv.begin(), cv.end()), mean = std::accumulate(cv.begin(), cv.end(), 0.0) / cv.size();
  EXPECT_LT(mean, 0.02) << "MSR bone lengths vary by ~1% with the right tree";
  EXPECT_LT(mx, 0.08);
  // the same numbers read in the other 20-joint order (Kinect SDK's): bones stretch
  std::vector<double> wrong = bone_cv(d, skeleton_kinect_v1());
  EXPECT_GT(std::accumulate(wrong.begin(), wrong.end(), 0.0) / wrong.size(), 4 * mean);
  expect_anatomy(d, d.skeleton, {19, 2, 6, 13, 15});  // head, shoulder centre, hip centre, left knee, left ankle
  expect_anatomy(d, d.skeleton, {19, 2, 6, 14, 16});
  Dataset u = load_utkinect(root + "/utkinect");
  std::vector<double> ucv = bone_cv(u, u.skeleton);
  EXPECT_LT(std::accumulate(ucv.begin(), ucv.end(), 0.0) / ucv.size(), 0.12) << "UTKinect: raw Kinect v1, 5-20%";
  expect_anatomy(u, u.skeleton, {3, 2, 0, 13, 14});  // head, shoulder centre, hip centre, left knee, left ankle
  expect_anatomy(u, u.skeleton, {3, 2, 0, 17, 18});
  // read in MSR's order, UTKinect's "head" (MSR joint 19) is the right foot
  EXPECT_LT(median_height(u, 19), median_height(u, 2));
}

TEST(RealData, UtkinectSegments) {
  NEED_DATA();
  Dataset d = load_utkinect(root + "/utkinect");
  EXPECT_EQ(d.skipped["nan_bound"], 1);
  EXPECT_EQ(d.clips.size() + d.skipped["nan_bound"] + d.skipped["bone_jump"] + d.skipped["missing_frames"] +
                d.skipped["too_short"],
            200u);
  EXPECT_GE(d.clips.size(), 190u);
  EXPECT_EQ(d.classes.size(), 10u);
  std::set<int> subj;
  for (const Clip& c : d.clips) subj.insert(c.subject);
  EXPECT_EQ(subj.size(), 10u);
  // repeated frame ids are dropped: ids in a recording are strictly increasing
  UtkRecording r = parse_utkinect_joints(read_text_file(root + "/utkinect/joints_s01_e01.txt"), "x");
  for (size_t i = 1; i < r.frame_ids.size(); ++i) ASSERT_NE(r.frame_ids[i], r.frame_ids[i - 1]);
}

TEST(RealData, PreprocessShapesOnRealClips) {
  NEED_DATA();
  Dataset d = load_msr_action3d(root + "/msr_action3d");
  const Clip& c = d.clips[0];
  Motion m = c.motion;
  normalize_motion(m, d.skeleton, PreprocessConfig{});
  Motion r = resample(m, 60);
  EXPECT_EQ(r.T, 60);
  std::vector<float> co = dct(r, 20);
  EXPECT_EQ(co.size(), 20u * 20 * 3);
  Motion back = idct(dct(r, 60), 60, 20, 60);
  for (size_t i = 0; i < r.xyz.size(); ++i) ASSERT_NEAR(back.xyz[i], r.xyz[i], 1e-5);
  // long UTKinect recording: sliding windows cover it
  UtkRecording rec = parse_utkinect_joints(read_text_file(root + "/utkinect/joints_s01_e01.txt"), "x");
  std::vector<int> w = window_starts(rec.motion.T, 60, 15);
  EXPECT_EQ(w.back() + 60, rec.motion.T);
  for (int s : w) EXPECT_EQ(resample(slice_frames(rec.motion, s, 60), 60).T, 60);
}

TEST(RealData, EpisodesNeverLeakSupportIntoTest) {
  NEED_DATA();
  Dataset d = load_msr_action3d(root + "/msr_action3d");
  SubjectSplit sp = cross_subject(d);
  std::set<int> tr(sp.train.begin(), sp.train.end());
  for (int i : sp.test) { EXPECT_EQ(d.clips[i].subject % 2, 0); EXPECT_FALSE(tr.count(i)); }
  CategorySplit u = unseen_split(d, 5, 2, 7);
  EXPECT_EQ(u.heldout_classes.size(), 4u);
  EXPECT_EQ(u.train_classes.size(), 16u);
  for (int K : {1, 5, 10})
    for (int c : u.heldout_classes)
      for (uint64_t seed = 0; seed < 5; ++seed) {
        int pool = 0;
        for (int i : sp.train) pool += d.clips[i].label == c;
        if (K > pool) {  // e.g. side_kick has 9 clips from the train subjects: K = 10 is refused
          EXPECT_THROW(sample_episode(d, c, K, sp.train, sp.test, seed, u.heldout_classes), std::invalid_argument);
          continue;
        }
        Episode e = sample_episode(d, c, K, sp.train, sp.test, seed, u.heldout_classes);
        ASSERT_EQ((int)e.support.size(), K);
        std::set<int> sup(e.support.begin(), e.support.end());
        int normals = 0, anomalies = 0;
        for (size_t i = 0; i < e.test.size(); ++i) {
          EXPECT_FALSE(sup.count(e.test[i]));
          int l = d.clips[e.test[i]].label;
          EXPECT_EQ(e.anomaly[i], l == c ? 0 : 1);
          EXPECT_TRUE(std::count(u.heldout_classes.begin(), u.heldout_classes.end(), l));
          (l == c ? normals : anomalies)++;
        }
        for (int s : e.support) EXPECT_EQ(d.clips[s].label, c);
        EXPECT_GT(normals, 0);
        EXPECT_GT(anomalies, 0);
        Episode again = sample_episode(d, c, K, sp.train, sp.test, seed, u.heldout_classes);
        EXPECT_EQ(again.support, e.support);  // reproducible
      }
  // same pool for support and test: still no overlap
  Episode e = sample_episode(d, 0, 5, sp.train, sp.train, 1);
  for (int i : e.test) EXPECT_FALSE(std::count(e.support.begin(), e.support.end(), i));
  EXPECT_THROW(sample_episode(d, 0, 100, sp.train, sp.test, 1), std::invalid_argument);
  EXPECT_THROW(unseen_split_by_name(d, {"moonwalk"}), std::invalid_argument);
  EXPECT_EQ(unseen_split_by_name(d, {"bend", "jogging"}).heldout_classes, (std::vector<int>{12, 15}));
}

// ---- HumanAct12 fixture: the layout on generated files
static std::string make_humanact12_fixture() {
  // one folder per process: ctest runs the tests that build it in parallel processes
  std::string dir = ::testing::TempDir() + "haad_humanact12_" + std::to_string((long)getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  Rng r(5);
  const char* names[] = {"P01G01R01F0001T0040A0101.npy", "P01G01R02F0041T0090A0101.npy", "P02G02R01F0001T0030A0502.npy",
                         "P03G01R01F0010T0050A1201.npy", "P11G01R01F0001T0025A0303.npy"};
  int lens[] = {40, 50, 30, 41, 25};
  for (int i = 0; i < 5; ++i) {
    Skeleton s = skeleton_smpl24();
    std::vector<float> m((size_t)lens[i] * 24 * 3);
    for (int t = 0; t < lens[i]; ++t)
      for (int j = 0; j < 24; ++j)
        for (int k = 0; k < 3; ++k) {
          // joint j sits at a fixed offset from its parent: stable bones
          int p = s.parents[j];
          float base = p < 0 ? (k == 1 ? 0.9f : 0.01f * t) : m[((size_t)t * 24 + p) * 3 + k];
          m[((size_t)t * 24 + j) * 3 + k] = base + (p < 0 ? 0 : 0.1f * (float)((j * 7 + k * 3) % 5 - 2) + 0.05f);
        }
    npy_save(dir + "/" + names[i], {lens[i], 24, 3}, m.data());
  }
  std::vector<float> bad(10 * 20 * 3, 1.0f);
  npy_save(dir + "/P01G01R01F0001T0010A0201.npy", {10, 20, 3}, bad.data());  // wrong joint count
  npy_save(dir + "/notes.npy", {10, 24, 3}, std::vector<float>(720, 1.0f).data());  // name does not match
  return dir;
}

TEST(HumanAct12, FixtureLoadsWithLabelsAndSubjects) {
  std::string dir = make_humanact12_fixture();
  Dataset d = load_humanact12(dir);
  ASSERT_EQ(d.clips.size(), 5u) << d.summary();
  EXPECT_EQ(d.skipped["malformed"], 2);
  EXPECT_EQ(d.classes.size(), 12u);
  EXPECT_EQ(d.clips[0].label, 0);
  EXPECT_EQ(d.clips[0].fine_label, 101);
  EXPECT_EQ(d.clips[0].subject, 1);
  EXPECT_EQ(d.clips[0].motion.T, 40);
  EXPECT_EQ(d.clips[2].label, 4);  // A05xx: drink
  EXPECT_EQ(d.clips[3].label, 11);  // A12xx: throw
  EXPECT_EQ(d.clips[4].subject, 11);
  int s, c, f;
  EXPECT_FALSE(parse_humanact12_name("P01G01R01F0001T0010A1301.npy", s, c, f));  // class 13 does not exist
  EXPECT_FALSE(parse_humanact12_name("P01G01R01F0001T0010A101.npy", s, c, f));
}

TEST(GenericLayout, ConvertRoundTripAndErrors) {
  std::string src = make_humanact12_fixture();
  Dataset d = load_humanact12(src);
  std::string dst = ::testing::TempDir() + "haad_generic";
  fs::remove_all(dst);
  write_generic(d, dst);
  Dataset g = load_generic(dst);
  ASSERT_EQ(g.clips.size(), d.clips.size());
  EXPECT_EQ(g.classes, d.classes);
  EXPECT_EQ(g.skeleton.parents, d.skeleton.parents);
  EXPECT_EQ(g.skeleton.lr_pairs, d.skeleton.lr_pairs);
  for (size_t i = 0; i < g.clips.size(); ++i) {
    EXPECT_EQ(g.clips[i].motion.xyz, d.clips[i].motion.xyz);
    EXPECT_EQ(g.clips[i].label, d.clips[i].label);
    EXPECT_EQ(g.clips[i].subject, d.clips[i].subject);
  }
  // errors name the file
  auto expect_err = [&](const std::string& what) {
    try {
      load_generic(dst);
      ADD_FAILURE() << "no error for " << what;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  std::string csv = read_text_file(dst + "/clips.csv");
  write_file_atomic(dst + "/clips.csv", "name,label\nx.npy,a\n");
  expect_err("clips.csv: header needs 'file' and 'label'");
  write_file_atomic(dst + "/clips.csv", csv);
  std::string sk = read_text_file(dst + "/skeleton.json");
  write_file_atomic(dst + "/skeleton.json", "{\"joints\": [\"a\", \"b\"], \"parents\": [-1, 5]}");
  expect_err("skeleton.json: joint 1 has invalid parent 5");
  write_file_atomic(dst + "/skeleton.json", "{\"joints\": [");
  expect_err("skeleton.json: JSON");
  write_file_atomic(dst + "/skeleton.json", sk);
  // a clip whose joint count does not match the skeleton is skipped, with the reason
  npy_save(dst + "/" + "clips/" + d.clips[0].id + ".npy", {5, 20, 3}, std::vector<float>(300, 1.f).data());
  Dataset g2 = load_generic(dst);
  EXPECT_EQ(g2.skipped["malformed"], 1);
  EXPECT_NE(g2.skipped_ids[0].find("20 joints, the skeleton has 24"), std::string::npos) << g2.skipped_ids[0];
  EXPECT_THROW(load_generic(dst + "/nope"), std::runtime_error);
}

// Writes clips.csv of the generic dataset in dir and expects load_generic to fail with `what`.
static void expect_csv_error(const std::string& dir, const std::string& csv, const std::string& what) {
  write_file_atomic(dir + "/clips.csv", csv);
  try {
    load_generic(dir);
    ADD_FAILURE() << "no error for " << what;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

// The generic layout's split column, when filled, decides train/test (not subject parity).
TEST(GenericLayout, SplitColumnIsHonoured) {
  Dataset d = load_humanact12(make_humanact12_fixture());
  std::string dst = ::testing::TempDir() + "haad_generic_split";
  fs::remove_all(dst);
  for (size_t i = 0; i < d.clips.size(); ++i) d.clips[i].split = i < 2 ? "test" : "train";
  write_generic(d, dst);
  Dataset g = load_generic(dst);
  SubjectSplit sp = cross_subject(g);
  EXPECT_EQ(sp.test, (std::vector<int>{0, 1}));
  EXPECT_EQ(sp.train.size(), g.clips.size() - 2);
  // without the column (or with it empty everywhere): subject parity as before
  for (auto& c : d.clips) c.split.clear();
  fs::remove_all(dst);
  write_generic(d, dst);
  Dataset g2 = load_generic(dst);
  SubjectSplit sp2 = cross_subject(g2);
  for (int i : sp2.train) EXPECT_EQ(g2.clips[i].subject % 2, 1);
  // a value other than train/test, or a half-filled column, is an error naming the file and line
  std::string csv = read_text_file(dst + "/clips.csv");
  auto expect_err = [&](const std::string& text, const std::string& what) { expect_csv_error(dst, text, what); };
  std::string first = "clips/" + g2.clips[0].id + ".npy", second = "clips/" + g2.clips[1].id + ".npy";
  expect_err("file,label,subject,split\n" + first + "," + d.classes[g2.clips[0].label] + ",1,holdout\n",
             "clips.csv: line 2: split 'holdout' is not train or test");
  expect_err("file,label,subject,split\n" + first + "," + d.classes[g2.clips[0].label] + ",1,train\n" + second + "," +
                 d.classes[g2.clips[1].label] + ",1,\n",
             "clips.csv: line 3: the split column is filled on some rows and empty on others");
  write_file_atomic(dst + "/clips.csv", csv);
}

// Labelled anomalies in the generic layout: anomalous, anomaly_joints, anomaly_frames.
TEST(GenericLayout, AnomalyLabelsRoundTripAndErrors) {
  Dataset d = load_humanact12(make_humanact12_fixture());
  ASSERT_GE(d.clips.size(), 3u);
  d.clips[1].anomalous = 1;
  d.clips[1].anomaly_joints = {7, 8};
  d.clips[1].anomaly_frames = {{3, 9}, {12, 12}};
  d.clips[2].anomalous = 1;  // anomalous, where unknown
  std::string dst = ::testing::TempDir() + "haad_generic_anomalies";
  fs::remove_all(dst);
  write_generic(d, dst);
  EXPECT_NE(read_text_file(dst + "/clips.csv").find("file,label,subject,split,anomalous,anomaly_joints,anomaly_frames"),
            std::string::npos);
  Dataset g = load_generic(dst);
  ASSERT_EQ(g.clips.size(), d.clips.size());
  EXPECT_EQ(g.clips[0].anomalous, 0);
  EXPECT_EQ(g.clips[1].anomalous, 1);
  EXPECT_EQ(g.clips[1].anomaly_joints, (std::vector<int>{7, 8}));
  EXPECT_EQ(g.clips[1].anomaly_frames, (std::vector<std::pair<int, int>>{{3, 9}, {12, 12}}));
  EXPECT_EQ(g.clips[2].anomalous, 1);
  EXPECT_TRUE(g.clips[2].anomaly_joints.empty());
  EXPECT_NE(g.summary().find("labelled anomalous: 2"), std::string::npos) << g.summary();
  // joints by name, frames as single numbers; errors name the file and line
  EXPECT_EQ(parse_anomaly_joints("left_knee; 2", g.skeleton, "x"), (std::vector<int>{4, 2}));
  EXPECT_EQ(format_anomaly_frames(parse_anomaly_frames("4;10-20", "x")), "4;10-20");
  std::string csv = read_text_file(dst + "/clips.csv");
  std::string row = "clips/" + g.clips[0].id + ".npy," + d.classes[g.clips[0].label] + ",1,";
  auto expect_err = [&](const std::string& text, const std::string& what) { expect_csv_error(dst, text, what); };
  std::string hdr = "file,label,subject,split,anomalous,anomaly_joints,anomaly_frames\n";
  expect_err(hdr + row + ",2,,\n", "clips.csv: line 2: anomalous '2' is not 0 or 1");
  expect_err(hdr + row + ",1,99,\n", "clips.csv: line 2: anomaly joint '99' is not a joint of skeleton");
  expect_err(hdr + row + ",1,,9-3\n", "clips.csv: line 2: anomaly frames '9-3'");
  expect_err(hdr + row + ",0,3,\n", "clips.csv: line 2: anomaly_joints/anomaly_frames on a clip that is not anomalous");
  expect_err(hdr + row + ",1,,5-100000\n", "beyond the clip's");
  write_file_atomic(dst + "/clips.csv", csv);
}

// Leading frames trimmed by the sanity checks shift the labelled frames with the clip.
TEST(GenericLayout, AnomalyFramesFollowTrimmedClips) {
  Dataset d = load_humanact12(make_humanact12_fixture());
  Clip& c = d.clips[0];
  for (int t = 0; t < 2; ++t)
    for (int j = 0; j < c.motion.J; ++j) std::fill(c.motion.at(t, j), c.motion.at(t, j) + 3, 0.f);  // lost tracking
  c.anomalous = 1;
  c.anomaly_frames = {{0, 1}, {5, 8}};
  std::string dst = ::testing::TempDir() + "haad_generic_trim";
  fs::remove_all(dst);
  write_generic(d, dst);
  Dataset g = load_generic(dst);
  EXPECT_EQ(g.clips[0].motion.T, d.clips[0].motion.T - 2);
  EXPECT_EQ(g.clips[0].anomaly_frames, (std::vector<std::pair<int, int>>{{3, 6}}));  // {0,1} was trimmed away
}

}  // namespace haad::test
