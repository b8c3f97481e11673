// The canonical skeleton (io/canonical.h): every built-in and documented
// skeleton maps onto the 16 canonical joints by name, derived joints where the
// geometry allows, clear errors otherwise; left and right and the up direction
// survive the mapping (mirror consistency; on the real datasets, the hips and
// shoulders agree on which side is left and the head is above the pelvis).
#include <cmath>
#include <filesystem>
#include <fstream>
#include "io/canonical.h"
#include "io/motion.h"
#include "engine/rng.h"
#include "tests/testing.h"

namespace haad::test {

static std::vector<int> sources(const CanonicalMap& m) {
  std::vector<int> v;
  for (auto& f : m.from) v.push_back(f.size() == 1 ? f[0] : -1);  // -1: derived (an average)
  return v;
}

TEST(Canonical, BuiltInSkeletonsMapByName) {
  // pelvis spine neck head | l_sh l_el l_wr r_sh r_el r_wr | l_hip l_knee l_ank r_hip r_knee r_ank
  EXPECT_EQ(sources(canonical_map(skeleton_msr20())),
            (std::vector<int>{6, 3, 2, 19, 0, 7, 9, 1, 8, 10, 4, 13, 15, 5, 14, 16}));
  EXPECT_EQ(sources(canonical_map(skeleton_kinect_v1())),
            (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16, 17, 18}));
  EXPECT_EQ(sources(canonical_map(skeleton_smpl24())),
            (std::vector<int>{0, 6, 12, 15, 16, 18, 20, 17, 19, 21, 1, 4, 7, 2, 5, 8}));
  Skeleton c = skeleton_canonical();
  c.validate("canonical");
  EXPECT_EQ(sources(canonical_map(c)), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
}

static Skeleton named(const std::string& name, std::vector<std::string> joints) {
  Skeleton s;
  s.name = name;
  s.joints = std::move(joints);
  s.parents.assign(s.joints.size(), 0);
  s.parents[0] = -1;
  return s;
}

TEST(Canonical, OtherSkeletonsAndDerivedJoints) {
  // OpenNI 15 (KARD): no pelvis -> the midpoint of the hips; hands stand for wrists, feet for ankles
  Skeleton openni = named("openni_15", {"head", "neck", "shoulder_r", "elbow_r", "hand_r", "shoulder_l", "elbow_l", "hand_l",
                                        "torso", "hip_r", "knee_r", "foot_r", "hip_l", "knee_l", "foot_l"});
  CanonicalMap m = canonical_map(openni);
  EXPECT_EQ(m.how[0], "derived");
  EXPECT_EQ(m.from[0], (std::vector<int>{12, 9}));
  EXPECT_EQ(sources(m), (std::vector<int>{-1, 8, 1, 0, 5, 6, 7, 2, 3, 4, 12, 13, 14, 9, 10, 11}));
  // Kinect v2 (25, CamelCase): SpineBase is the pelvis, hand tips and thumbs are ignored
  Skeleton k2 = named("kinect_v2", {"SpineBase", "SpineMid", "Neck", "Head", "ShoulderLeft", "ElbowLeft", "WristLeft",
                                    "HandLeft", "ShoulderRight", "ElbowRight", "WristRight", "HandRight", "HipLeft",
                                    "KneeLeft", "AnkleLeft", "FootLeft", "HipRight", "KneeRight", "AnkleRight", "FootRight",
                                    "SpineShoulder", "HandTipLeft", "ThumbLeft", "HandTipRight", "ThumbRight"});
  EXPECT_EQ(sources(canonical_map(k2)), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16, 17, 18}));
  // HDM05-style ASF bodies (joint = the bone's start): humerus/radius/wrist, femur/tibia/foot
  Skeleton asf = named("hdm05", {"root", "lhipjoint", "lfemur", "ltibia", "lfoot", "ltoes", "rhipjoint", "rfemur", "rtibia",
                                 "rfoot", "rtoes", "lowerback", "upperback", "thorax", "lowerneck", "upperneck", "head",
                                 "lclavicle", "lhumerus", "lradius", "lwrist", "lhand", "lfingers", "lthumb", "rclavicle",
                                 "rhumerus", "rradius", "rwrist", "rhand", "rfingers", "rthumb"});
  EXPECT_EQ(sources(canonical_map(asf)), (std::vector<int>{0, 12, 14, 16, 18, 19, 20, 25, 26, 27, 2, 3, 4, 7, 8, 9}));
  // no neck and no shoulder centre: the midpoint of the shoulders; no spine: between pelvis and neck
  Skeleton bare = named("bare", {"pelvis", "head", "l_shoulder", "l_elbow", "l_wrist", "r_shoulder", "r_elbow", "r_wrist",
                                 "l_hip", "l_knee", "l_ankle", "r_hip", "r_knee", "r_ankle"});
  CanonicalMap b = canonical_map(bare);
  EXPECT_EQ(b.how[2], "derived");
  EXPECT_EQ(b.from[2], (std::vector<int>{2, 5}));
  EXPECT_EQ(b.how[1], "derived");
  EXPECT_EQ(b.from[1], (std::vector<int>{0, 2, 5}));
}

TEST(Canonical, MissingJointsAreNamedAndExplicitMapsWin) {
  Skeleton legless = named("legless", {"pelvis", "neck", "head", "left_shoulder", "left_elbow", "left_wrist", "right_shoulder",
                                       "right_elbow", "right_wrist", "left_hip", "right_hip"});
  try {
    canonical_map(legless);
    FAIL() << "no knees or ankles: must throw";
  } catch (const std::invalid_argument& e) {
    std::string w = e.what();
    EXPECT_NE(w.find("legless"), std::string::npos) << w;
    EXPECT_NE(w.find("left_knee"), std::string::npos) << w;
    EXPECT_NE(w.find("right_ankle"), std::string::npos) << w;
  }
  // skeleton.json's "canonical" map: a joint or a list to average; unknown names are errors
  namespace fs = std::filesystem;
  std::string dir = ::testing::TempDir() + "haad_canon_" + std::to_string((long)getpid());
  fs::create_directories(dir);
  std::ofstream(dir + "/skeleton.json")
      << R"({"name": "odd", "joints": ["mid", "top", "a_l", "b_l", "c_l", "a_r", "b_r", "c_r", "d_l", "e_l", "f_l", "d_r", "e_r", "f_r"],
             "parents": [-1, 0, 0, 2, 3, 0, 5, 6, 0, 8, 9, 0, 11, 12],
             "canonical": {"pelvis": "mid", "head": "top", "neck": ["a_l", "a_r"], "left_shoulder": "a_l", "left_elbow": "b_l",
                           "left_wrist": "c_l", "right_shoulder": "a_r", "right_elbow": "b_r", "right_wrist": "c_r",
                           "left_hip": "d_l", "left_knee": "e_l", "left_ankle": "f_l", "right_hip": "d_r", "right_knee": "e_r",
                           "right_ankle": "f_r"}})";
  Skeleton odd = load_skeleton_json(dir + "/skeleton.json");
  CanonicalMap m = canonical_map(odd);
  EXPECT_EQ(m.how[0], "explicit");
  EXPECT_EQ(m.from[2], (std::vector<int>{2, 5}));
  EXPECT_EQ(m.how[1], "derived");  // spine: not given, derived
  odd.canonical["head"] = {"nope"};
  EXPECT_THROW(canonical_map(odd), std::invalid_argument);
  odd.canonical.erase("head");
  odd.canonical["tail"] = {"top"};
  EXPECT_THROW(canonical_map(odd), std::invalid_argument);
  fs::remove_all(dir);
}

TEST(Canonical, LeftAndRightSurviveMirroring) {
  // mirroring then mapping == mapping then mirroring, for every skeleton with left/right pairs
  for (const Skeleton& s : {skeleton_msr20(), skeleton_kinect_v1(), skeleton_smpl24()}) {
    CanonicalMap m = canonical_map(s);
    Motion x(7, s.num_joints());
    Rng r(3);
    for (float& v : x.xyz) v = (float)r.normal();
    Motion a = to_canonical(mirror(x, s), m), b = mirror(to_canonical(x, m), skeleton_canonical());
    ASSERT_EQ(a.xyz.size(), b.xyz.size());
    for (size_t i = 0; i < a.xyz.size(); ++i) EXPECT_NEAR(a.xyz[i], b.xyz[i], 1e-6) << s.name << " at " << i;
  }
}

TEST(Canonical, RealDatasetsKeepUpAndSides) {
  std::string root = std::string(HAAD_SOURCE_DIR) + "/../shared/data";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "../shared/data not found: real-data check skipped";
  const char* sets[][2] = {{"msr", "msr_action3d"}, {"utkinect", "utkinect"}, {"generic", "utd_mhad"},
                           {"generic", "nw_ucla"}, {"generic", "kard"}};
  for (auto& s : sets) {
    Dataset d = load_dataset(s[0], root + "/" + s[1]);
    Dataset c = to_canonical(d, canonical_map(d.skeleton));
    ASSERT_EQ(c.skeleton.num_joints(), 16);
    double up = 0, agree = 0, n = 0;
    for (size_t i = 0; i < c.clips.size(); i += 7) {
      const Motion& m = c.clips[i].motion;
      for (int t = 0; t < m.T; t += 5) {
        auto v = [&](int j, int k) { return (double)m.at(t, j)[k]; };
        up += v(3, 1) > v(0, 1) ? 1 : 0;  // head above pelvis
        // side vectors of hips and shoulders, across the up axis: the same side is left for both
        double hx = v(10, 0) - v(13, 0), hz = v(10, 2) - v(13, 2), sx = v(4, 0) - v(7, 0), sz = v(4, 2) - v(7, 2);
        agree += hx * sx + hz * sz > 0 ? 1 : 0;
        n += 1;
      }
    }
    EXPECT_GT(up / n, 0.9) << s[1];
    EXPECT_GT(agree / n, 0.9) << s[1];
    EXPECT_EQ(c.clips.size(), d.clips.size());
    EXPECT_EQ(c.clips[0].label, d.clips[0].label);
  }
}

}  // namespace haad::test
