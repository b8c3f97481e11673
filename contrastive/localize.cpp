#include "contrastive/localize.h"
#include <cmath>
#include "contrastive/score.h"

namespace haad {

Localization localize(Encoder& enc, const Motion& test, const std::vector<const Motion*>& support,
                      const Tensor& support_emb, const Skeleton& s, const FeatureConfig& f) {
  NoGradGuard ng;
  bool was = enc.training;
  enc.eval();
  Localization L;
  Tensor te = embed_motions(enc, {&test}, s, f);
  L.nearest = nearest_support(support_emb, te)[0];
  const Motion& ref = *support[L.nearest];
  Tensor nodes = enc.nodes(encoder_input(enc, {&test, &ref}, s, f));  // [2, J, C]
  Tensor nt = l2_normalize(nodes.select(0, 0), -1), ns = l2_normalize(nodes.select(0, 1), -1);
  std::vector<double> cs = sum(mul(nt, ns), {1}).to_vector<double>();
  for (double c : cs) L.joint_embedding.push_back(1 - c);
  Motion a = resample(test, f.H), b = resample(ref, f.H);
  L.joint_pose.assign(test.J, 0);
  L.frame_pose.assign(f.H, 0);
  for (int t = 0; t < f.H; ++t)
    for (int j = 0; j < test.J; ++j) {
      const float* p = a.at(t, j);
      const float* q = b.at(t, j);
      double d = std::sqrt((double)(p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
      L.joint_pose[j] += d / f.H;
      L.frame_pose[t] += d / test.J;
    }
  enc.train(was);
  return L;
}

}  // namespace haad
