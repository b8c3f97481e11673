// Synthetic anomalies (io/perturb.h): each changes what it claims and nothing
// else, is seeded, grows with its severity, and keeps bone lengths where its
// definition does.
#include <cmath>
#include "io/perturb.h"
#include "io/procedural.h"
#include "tests/testing.h"

namespace haad::test {

static double bone_error(const Motion& a, const Motion& b, const Skeleton& s) {  // max relative change over frames
  double worst = 0;
  for (auto [c, p] : s.bones())
    for (int t = 0; t < std::min(a.T, b.T); ++t) {
      auto len = [&](const Motion& m) {
        double d = 0;
        for (int k = 0; k < 3; ++k) d += std::pow(m.at(t, c)[k] - m.at(t, p)[k], 2);
        return std::sqrt(d);
      };
      double la = len(a), lb = len(b);
      if (la > 1e-6) worst = std::max(worst, std::fabs(lb - la) / la);
    }
  return worst;
}

static double mean_change(const Motion& a, const Motion& b) {
  double s = 0;
  size_t n = std::min(a.xyz.size(), b.xyz.size());
  for (size_t i = 0; i < n; ++i) s += std::fabs(a.xyz[i] - b.xyz[i]);
  return s / n;
}

TEST(Perturb, ChangesExactlyWhatItReports) {
  Dataset d = procedural_dataset(2, 2, 1);
  const Skeleton& s = d.skeleton;
  for (Perturbation p : all_perturbations())
    for (int c = 0; c < 4; ++c) {
      const Motion& m = d.clips[c].motion;
      Rng rng(100 + c);
      Perturbed r = perturb(m, s, p, 0.5, rng);
      std::string what = std::string(perturbation_name(p)) + " clip " + std::to_string(c);
      ASSERT_FALSE(r.joints.empty()) << what;
      ASSERT_LE(r.frames.first, r.frames.second) << what;
      ASSERT_LT(r.frames.second, r.motion.T) << what;
      if (p == Perturbation::Cut) {
        EXPECT_LT(r.motion.T, m.T) << what;
      } else {
        ASSERT_EQ(r.motion.T, m.T) << what;
      }
      double inside = 0;
      for (int t = 0; t < r.motion.T; ++t)
        for (int j = 0; j < s.num_joints(); ++j) {
          bool claimed = t >= r.frames.first && t <= r.frames.second &&
                         std::count(r.joints.begin(), r.joints.end(), j);
          for (int k = 0; k < 3; ++k) {
            double diff = std::fabs(r.motion.at(t, j)[k] - (t < m.T ? m.at(t, j)[k] : 0.f));
            if (!claimed) ASSERT_EQ(diff, 0.0) << what << ": frame " << t << " joint " << j << " changed but is not reported";
            else inside = std::max(inside, diff);
          }
        }
      EXPECT_GT(inside, 1e-3) << what << ": nothing changed where it claims";
    }
}

TEST(Perturb, SeededGradedAndKeepsBonesWhereItShould) {
  Dataset d = procedural_dataset(3, 2, 1);
  const Skeleton& s = d.skeleton;
  const Motion& m = d.clips[1].motion;
  for (Perturbation p : all_perturbations()) {
    std::string what = perturbation_name(p);
    Rng r1(7), r2(7);
    Perturbed a = perturb(m, s, p, 0.75, r1), b = perturb(m, s, p, 0.75, r2);
    EXPECT_EQ(a.motion.xyz, b.motion.xyz) << what << ": same seed, different clip";
    EXPECT_EQ(a.joints, b.joints) << what;
    if (p != Perturbation::Speed && p != Perturbation::Cut) {  // those move frames; their size is the span
      Rng lo(9), hi(9);
      EXPECT_LT(mean_change(m, perturb(m, s, p, 0.25, lo).motion), mean_change(m, perturb(m, s, p, 1.0, hi).motion))
          << what << ": severity does not grow the change";
    }
  }
  // freeze holds the limb rigidly; amplitude rotates bones; stumble translates the body;
  // speed and cut reuse whole frames: bone lengths stay (float rounding only)
  for (Perturbation p : {Perturbation::Freeze, Perturbation::Amplitude, Perturbation::Stumble, Perturbation::Speed,
                         Perturbation::Cut}) {
    Rng r(11);
    Perturbed x = perturb(m, s, p, 1.0, r);
    if (p == Perturbation::Freeze || p == Perturbation::Amplitude) {
      // the frozen / re-aimed limb keeps its own bone lengths frame by frame
      EXPECT_LT(bone_error(m, x.motion, s), p == Perturbation::Freeze ? 0.5 : 1e-4) << perturbation_name(p);
    } else if (p == Perturbation::Stumble) {
      EXPECT_LT(bone_error(m, x.motion, s), 1e-4);
    }
  }
  Rng r(1);
  EXPECT_THROW(perturb(m, s, Perturbation::Freeze, 0.0, r), std::invalid_argument);
  EXPECT_THROW(perturb(m, s, Perturbation::Freeze, 1.5, r), std::invalid_argument);
  EXPECT_THROW(perturb(slice_frames(m, 0, 10), s, Perturbation::Tremor, 0.5, r), std::invalid_argument);
  EXPECT_THROW(parse_perturbation("wobble"), std::invalid_argument);
  EXPECT_EQ(parse_perturbation("stumble"), Perturbation::Stumble);
}

TEST(Perturb, LimbsOfTheBuiltInSkeletons) {
  for (const Skeleton& s : {skeleton_msr20(), skeleton_kinect_v1(), skeleton_smpl24()}) {
    auto limbs = skeleton_limbs(s);
    EXPECT_EQ(limbs.size(), 4u) << s.name;  // two arms, two legs
    for (auto& [top, joints] : limbs) EXPECT_GE(joints.size(), 3u) << s.name << " limb at " << s.joints[top];
  }
}

// Body-part recombination: the grafted limbs move like a's (relative to their top
// joint, so a's bone lengths), stay attached to b's top joints, and every other
// joint is b's exactly; a of another length is resampled to b's.
TEST(Perturb, GraftLimbsMovesOnlyTheGraftedLimbs) {
  Dataset d = procedural_dataset(2, 2, 1);
  const Skeleton& s = d.skeleton;
  auto limbs = skeleton_limbs(s);
  const Motion& a = d.clips[0].motion;
  Motion b = resample(d.clips[2].motion, d.clips[2].motion.T + 7);  // another length than a
  ASSERT_NE(d.clips[0].label, d.clips[2].label);
  std::vector<int> which = {0, 3};
  Motion g = graft_limbs(a, b, s, which);
  ASSERT_EQ(g.T, b.T);
  ASSERT_EQ(g.J, b.J);
  Motion ar = resample(a, b.T);
  std::vector<int> moved(s.num_joints(), 0);
  for (int li : which)
    for (int j : limbs[li].second)
      if (j != limbs[li].first) moved[j] = li + 1;
  for (int t = 0; t < g.T; ++t)
    for (int j = 0; j < g.J; ++j)
      for (int k = 0; k < 3; ++k) {
        if (!moved[j]) {
          EXPECT_EQ(g.at(t, j)[k], b.at(t, j)[k]) << "joint " << j << " is not grafted and must be b's";
        } else {
          int top = limbs[moved[j] - 1].first;
          float want = b.at(t, top)[k] + (ar.at(t, j)[k] - ar.at(t, top)[k]);
          EXPECT_NEAR(g.at(t, j)[k], want, 1e-5);
        }
      }
  EXPECT_GT(mean_change(g, b), 1e-4);
  EXPECT_THROW(graft_limbs(a, b, s, {99}), std::invalid_argument);
}

}  // namespace haad::test
