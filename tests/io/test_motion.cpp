// Preprocessing: DCT round trip, resampling, windows, normalisation, mirroring,
// augmentation and the sanity checks.
#include "io/motion.h"
#include <algorithm>
#include <cmath>
#include "tests/testing.h"

namespace haad::test {

static Motion random_motion(int T, int J, uint64_t seed) {
  Rng r(seed);
  Motion m(T, J);
  for (float& v : m.xyz) v = (float)r.normal();
  return m;
}

// a plausible standing skeleton: each joint offset from its parent by a fixed bone
static Motion skeleton_motion(const Skeleton& s, int T, uint64_t seed) {
  Rng r(seed);
  int J = s.num_joints();
  std::vector<float> off(3 * J);
  for (float& v : off) v = (float)(0.2 * r.normal());
  Motion m(T, J);
  std::vector<int> order;  // parents before children
  std::vector<char> done(J, 0);
  while ((int)order.size() < J)
    for (int j = 0; j < J; ++j)
      if (!done[j] && (s.parents[j] < 0 || done[s.parents[j]])) { order.push_back(j); done[j] = 1; }
  for (int t = 0; t < T; ++t)
    for (int j : order) {
      int p = s.parents[j];
      for (int k = 0; k < 3; ++k)
        m.at(t, j)[k] = (p < 0 ? (k == 1 ? 1.0f : 0.1f * t) : m.at(t, p)[k]) + (p < 0 ? 0 : off[3 * j + k]);
    }
  return m;
}

TEST(Motion, DctRoundTrip) {
  Motion m = random_motion(60, 20, 1);
  std::vector<float> c = dct(m, 60);
  Motion back = idct(c, 60, 20, 60);
  for (size_t i = 0; i < m.xyz.size(); ++i) ASSERT_NEAR(back.xyz[i], m.xyz[i], 1e-5);
  // the basis is orthonormal
  std::vector<float> b = dct_basis(60, 20);
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j) {
      double d = 0;
      for (int n = 0; n < 60; ++n) d += (double)b[i * 60 + n] * b[j * 60 + n];
      EXPECT_NEAR(d, i == j ? 1.0 : 0.0, 1e-5);
    }
  // smooth motion is captured by few coefficients
  Motion s(60, 1);
  for (int t = 0; t < 60; ++t) s.at(t, 0)[0] = (float)std::exp(-std::pow((t - 30) / 10.0, 2));
  Motion approx = idct(dct(s, 12), 12, 1, 60);
  for (int t = 0; t < 60; ++t) EXPECT_NEAR(approx.at(t, 0)[0], s.at(t, 0)[0], 1e-2);
}

TEST(Motion, ResampleAndWindows) {
  Motion m(5, 1);
  for (int t = 0; t < 5; ++t) m.at(t, 0)[0] = (float)t;
  Motion r = resample(m, 9);
  ASSERT_EQ(r.T, 9);
  for (int i = 0; i < 9; ++i) EXPECT_FLOAT_EQ(r.at(i, 0)[0], i * 0.5f);
  EXPECT_EQ(resample(m, 60).T, 60);
  EXPECT_EQ(window_starts(100, 60, 20), (std::vector<int>{0, 20, 40}));
  EXPECT_EQ(window_starts(105, 60, 20), (std::vector<int>{0, 20, 40, 45}));
  EXPECT_EQ(window_starts(30, 60, 20), (std::vector<int>{0}));
  EXPECT_EQ(slice_frames(m, 1, 3).at(0, 0)[0], 1.0f);
  EXPECT_THROW(slice_frames(m, 3, 3), std::out_of_range);
}

TEST(Motion, NormalisationCentresScalesAndFaces) {
  Skeleton s = skeleton_msr20();
  Motion m = skeleton_motion(s, 10, 3);
  normalize_motion(m, s, PreprocessConfig{});
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(m.at(0, s.root())[k], 0.0f, 1e-5);
  std::vector<double> mean, cv;
  bone_length_stats(m, s, mean, cv);
  double avg = 0;
  for (double v : mean) avg += v / mean.size();
  EXPECT_NEAR(avg, 1.0, 1e-5);
  const float* l = m.at(0, s.left_hip);
  const float* r = m.at(0, s.right_hip);
  EXPECT_GT(r[0] - l[0], 0.0f);
  EXPECT_NEAR(r[2] - l[2], 0.0f, 1e-5);
}

// view_normalize over several frames: the summed left->right hip vector ends up along +x,
// so a noisy first frame no longer sets the facing alone; 0 uses every frame
TEST(Motion, ViewNormalisationOverFrames) {
  Skeleton s = skeleton_msr20();
  Motion base = skeleton_motion(s, 8, 5);
  auto hips = [&](const Motion& m, int frames, double& dx, double& dz) {
    dx = dz = 0;
    for (int t = 0; t < frames; ++t) {
      dx += m.at(t, s.right_hip)[0] - m.at(t, s.left_hip)[0];
      dz += m.at(t, s.right_hip)[2] - m.at(t, s.left_hip)[2];
    }
  };
  // turn the body a little more in every frame, so every frame's facing differs
  Motion m = base;
  for (int t = 0; t < m.T; ++t) {
    Motion f = slice_frames(base, t, 1);
    rotate_y(f, 0.1 * t + 0.7);
    std::copy(f.xyz.begin(), f.xyz.end(), m.at(t, 0));
  }
  for (int frames : {1, 3, 0}) {
    Motion v = m;
    view_normalize(v, s, frames);
    double dx, dz;
    hips(v, frames == 0 ? v.T : frames, dx, dz);
    EXPECT_GT(dx, 0.0) << frames;
    EXPECT_NEAR(dz, 0.0, 1e-4) << frames;
    // a rotation about the vertical: heights and distances from the axis stay
    for (int t = 0; t < v.T; ++t)
      for (int j = 0; j < v.J; ++j) {
        EXPECT_NEAR(v.at(t, j)[1], m.at(t, j)[1], 1e-6);
        EXPECT_NEAR(std::hypot(v.at(t, j)[0], v.at(t, j)[2]), std::hypot(m.at(t, j)[0], m.at(t, j)[2]), 1e-4);
      }
    if (frames != 1) {  // not the first frame's facing alone
      hips(v, 1, dx, dz);
      EXPECT_GT(std::fabs(dz), 1e-3) << frames;
    }
  }
  PreprocessConfig c;
  c.view_frames = 0;
  Motion a = m, b = m;
  normalize_motion(a, s, c);
  root_center(b, s.root(), false);
  scale_normalize(b, s, ScaleMode::MeanBone);
  view_normalize(b, s, 0);
  EXPECT_TRUE(a.xyz == b.xyz);
}

// what checkpoints keep of the normalisation: a round trip, and older files (no view_frames)
// face the first frame
TEST(Motion, PreprocessMetadataRoundTrip) {
  PreprocessConfig c;
  c.per_frame_root = true;
  c.scale = ScaleMode::Height;
  c.view_frames = 7;
  std::map<std::string, std::string> m = preprocess_metadata(c);
  EXPECT_TRUE(preprocess_from_metadata(m) == c);
  m.erase("view_frames");
  EXPECT_EQ(preprocess_from_metadata(m).view_frames, 1);
  PreprocessConfig d = c;
  d.view_frames = 0;
  EXPECT_FALSE(d == c);
  c.view = d.view = false;  // no facing: the frames do not matter
  EXPECT_TRUE(d == c);
  m.erase("scale");
  EXPECT_THROW(preprocess_from_metadata(m), std::out_of_range);
}

TEST(Motion, MirrorAndAugment) {
  Skeleton s = skeleton_kinect_v1();
  Motion m = skeleton_motion(s, 20, 4);
  Motion mm = mirror(mirror(m, s), s);
  EXPECT_EQ(mm.xyz, m.xyz);
  Rng r1(9), r2(9);
  AugmentConfig c;
  Motion a = augment(m, s, c, r1), b = augment(m, s, c, r2);
  EXPECT_EQ(a.xyz, b.xyz);  // seeded
  EXPECT_EQ(a.J, m.J);
  EXPECT_GE(a.T, 2);
}

TEST(Motion, AugmentPolicies) {
  AugmentConfig all = augment_policy("all"), geo = augment_policy("geometric"), def;
  EXPECT_EQ(all.speed, def.speed);
  EXPECT_EQ(all.mirror_p, def.mirror_p);
  EXPECT_EQ(geo.crop_min, 1.0);
  EXPECT_EQ(geo.speed, 0.0);
  EXPECT_EQ(geo.mirror_p, 0.0);
  EXPECT_GT(geo.rot_deg, 0.0);
  EXPECT_THROW(augment_policy("none"), std::invalid_argument);  // "none" skips augmentation instead
  EXPECT_THROW(augment_policy("bogus"), std::invalid_argument);
  // geometric keeps the timing: same frames, and each frame is a rigid-ish copy (no mirror, no crop)
  Skeleton s = skeleton_kinect_v1();
  Motion m = skeleton_motion(s, 23, 4);
  for (uint64_t seed = 1; seed < 20; ++seed) {
    Rng r(seed);
    Motion a = augment(m, s, geo, r);
    EXPECT_EQ(a.T, m.T);
    EXPECT_EQ(a.J, m.J);
  }
}

TEST(Motion, SanityChecks) {
  Skeleton s = skeleton_msr20();
  SanityConfig c;
  Motion z(10, 20);
  EXPECT_EQ(sanitize(z, s, c), "all_zero");
  Motion n = skeleton_motion(s, 10, 5);
  n.at(3, 2)[1] = NAN;
  EXPECT_EQ(sanitize(n, s, c), "non_finite");
  Motion sh = skeleton_motion(s, 3, 5);
  EXPECT_EQ(sanitize(sh, s, c), "too_short");
  // one missing frame inside: interpolated, clip kept
  Motion g = skeleton_motion(s, 20, 6), ref = g;
  std::fill(g.at(7, 0), g.at(8, 0), 0.f);
  int fixed = 0;
  EXPECT_EQ(sanitize(g, s, c, &fixed), "");
  EXPECT_EQ(fixed, 1);
  for (int k = 0; k < 60; ++k) EXPECT_NEAR(g.at(7, 0)[k], ref.at(7, 0)[k], 1e-4);  // root moves linearly
  // long gap: rejected as missing frames
  Motion gap = skeleton_motion(s, 20, 6);
  std::fill(gap.at(5, 0), gap.at(12, 0), 0.f);
  EXPECT_EQ(sanitize(gap, s, c), "missing_frames");
  // a joint flying off in many frames: bone jump
  Motion j = skeleton_motion(s, 20, 7);
  for (int t = 0; t < 8; ++t) j.at(t, 19)[1] += 5.0f;
  EXPECT_EQ(sanitize(j, s, c), "bone_jump");
}

}  // namespace haad::test
