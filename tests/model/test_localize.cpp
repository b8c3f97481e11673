// Localisation: a clip whose right arm is pushed away in some frames, against
// its own original as the support, is localised to the arm and those frames.
#include "contrastive/localize.h"
#include "io/procedural.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Localize, FindsTheDisturbedJointsAndFrames) {
  Dataset d = procedural_dataset(1, 1, 1);
  FeatureConfig f;
  f.H = 40;
  f.M = 10;
  manual_seed(1);
  EncoderConfig c;
  c.joints = 20;
  c.in_features = 30;
  c.hidden = 32;
  c.blocks = 2;
  c.embed = 16;
  auto enc = make_encoder(c, d.skeleton);
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

}  // namespace haad::test
