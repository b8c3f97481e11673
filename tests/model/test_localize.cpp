// Localisation: a clip whose right arm is pushed away in some frames, against
// its own original as the support, is localised to the arm and those frames.
#include "contrastive/localize.h"
#include "io/procedural.h"
#include "tests/model/small_model.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Localize, FindsTheDisturbedJointsAndFrames) {
  Dataset d = procedural_dataset(1, 1, 1);
  FeatureConfig f;
  f.H = 40;
  f.M = 10;
  manual_seed(1);
  auto enc = make_encoder(small_cfg(), d.skeleton);
  Motion orig = resample(d.clips[0].motion, 40);  // 40 frames: resampling is the identity below
  Motion bad = orig;
  for (int t = 10; t < 20; ++t)
    for (int j : {10, 12}) bad.at(t, j)[1] += 0.5f;  // right wrist and hand raised
  Motion other = d.clips[5].motion;
  Motion so = prepare_motion(orig, d.skeleton, f), sx = prepare_motion(other, d.skeleton, f);
  Motion tb = prepare_motion(bad, d.skeleton, f);
  std::vector<const Motion*> sup = {&sx, &so};
  Tensor se = embed_motions(*enc, sup, d.skeleton, f);
  Localization L = localize(*enc, tb, sup, se, d.skeleton, f);
  EXPECT_EQ(L.nearest, 1);  // its own original
  auto top = [](const std::vector<double>& v) { return (int)(std::max_element(v.begin(), v.end()) - v.begin()); };
  int j = top(L.joint_pose);
  EXPECT_TRUE(j == 10 || j == 12) << j;
  int t = top(L.frame_pose);
  EXPECT_GE(t, 9);
  EXPECT_LE(t, 20);
  ASSERT_EQ(L.joint_embedding.size(), 20u);
  // the two disturbed joints are among the three most changed node embeddings
  std::vector<int> order(20);
  for (int i = 0; i < 20; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return L.joint_embedding[a] > L.joint_embedding[b]; });
  int hits = 0;
  for (int k = 0; k < 3; ++k) hits += order[k] == 10 || order[k] == 12;
  EXPECT_GE(hits, 1);
}

TEST(Localize, RelativeScoresDiscountJointsThatVaryAmongNormals) {
  // normal clips differ a lot at joint 19 (a foot) and not at all elsewhere; the test clip has a
  // normal-sized foot difference and a smaller, abnormal one at the right wrist and hand
  Dataset d = procedural_dataset(1, 1, 1);
  FeatureConfig f;
  f.H = 40;
  f.M = 10;
  manual_seed(1);
  auto enc = make_encoder(small_cfg(), d.skeleton);
  Motion orig = resample(d.clips[0].motion, 40);
  auto foot = [&](float dx) {
    Motion m = orig;
    for (int t = 0; t < m.T; ++t) m.at(t, 19)[0] += dx;
    return m;
  };
  std::vector<Motion> raw{foot(0.f), foot(0.6f), foot(-0.6f), foot(0.3f)}, prep;
  for (auto& m : raw) prep.push_back(prepare_motion(m, d.skeleton, f));
  std::vector<const Motion*> sup = motion_pointers(prep);
  Motion bad = foot(-0.3f);
  for (int t = 10; t < 30; ++t)
    for (int j : {10, 12}) bad.at(t, j)[1] += 0.2f;
  Motion tb = prepare_motion(bad, d.skeleton, f);
  Tensor se = embed_motions(*enc, sup, d.skeleton, f);
  Localization L = localize(*enc, tb, sup, se, d.skeleton, f);
  auto top = [](const std::vector<double>& v) { return (int)(std::max_element(v.begin(), v.end()) - v.begin()); };
  EXPECT_EQ(top(L.joint_pose), 19);  // in absolute terms the foot differs most ...
  int j = top(L.joint_pose_rel);     // ... relative to the normal clips' own variation, the hand does
  EXPECT_TRUE(j == 10 || j == 12) << j;
  ASSERT_EQ(L.joint_embedding_rel.size(), 20u);
  // one support clip: no variation to compare with, so the relative scores keep the absolute order
  std::vector<const Motion*> one{sup[0]};
  Localization L1 = localize(*enc, tb, one, se.slice(0, 0, 1), d.skeleton, f);
  EXPECT_EQ(top(L1.joint_pose_rel), top(L1.joint_pose));
}

}  // namespace haad::test
