#include "contrastive/localize.h"
#include <cmath>
#include "contrastive/score.h"

namespace haad {

// per-joint pose distance between two clips resampled to H frames (and, if
// frames is given, the per-frame mean over joints)
static std::vector<double> pose_distance(const Motion& a0, const Motion& b0, int H, std::vector<double>* frames) {
  Motion a = resample(a0, H), b = resample(b0, H);
  std::vector<double> out(a.J, 0);
  if (frames) frames->assign(H, 0);
  for (int t = 0; t < H; ++t)
    for (int j = 0; j < a.J; ++j) {
      const float* p = a.at(t, j);
      const float* q = b.at(t, j);
      double d = std::sqrt((double)(p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
      out[j] += d / H;
      if (frames) (*frames)[t] += d / a.J;
    }
  return out;
}

// d / (the normal clips' variation at each joint), or d / mean(d) without one
static std::vector<double> relative(const std::vector<double>& d, const std::vector<double>& base, bool have_base) {
  double m = 0;
  for (double v : d) m += v / d.size();
  std::vector<double> r(d.size());
  for (size_t j = 0; j < d.size(); ++j) r[j] = have_base ? d[j] / (base[j] + 1e-6) : d[j] / (m + 1e-12);
  return r;
}

Localization localize(Encoder& enc, const Motion& test, const std::vector<const Motion*>& support,
                      const Tensor& support_emb, const Skeleton& s, const FeatureConfig& f) {
  NoGradGuard ng;
  bool was = enc.training;
  enc.eval();
  Localization L;
  Tensor te = embed_motions(enc, {&test}, s, f);
  L.nearest = nearest_support(support_emb, te)[0];
  const Motion& ref = *support[L.nearest];
  // per-joint backbone features of the test clip, the nearest support clip and the other support clips
  std::vector<const Motion*> batch{&test, &ref};
  for (size_t k = 0; k < support.size(); ++k)
    if ((int)k != L.nearest) batch.push_back(support[k]);
  Tensor nodes = l2_normalize(enc.nodes(encoder_input(enc, batch, s, f)), -1);  // [n, J, C]
  auto cos_dist = [&](int a, int b) {
    std::vector<double> c = sum(mul(nodes.select(0, a), nodes.select(0, b)), {1}).to_vector<double>();
    for (double& v : c) v = 1 - v;
    return c;
  };
  L.joint_embedding = cos_dist(0, 1);
  L.joint_pose = pose_distance(test, ref, f.H, &L.frame_pose);
  // how much each joint varies among the normal clips: the other support clips against the same nearest one
  const int others = (int)batch.size() - 2;
  std::vector<double> base_e(test.J, 0), base_p(test.J, 0);
  for (int k = 0; k < others; ++k) {
    std::vector<double> e = cos_dist(2 + k, 1), p = pose_distance(*batch[2 + k], ref, f.H, nullptr);
    for (int j = 0; j < test.J; ++j) base_e[j] += e[j] / others, base_p[j] += p[j] / others;
  }
  L.joint_embedding_rel = relative(L.joint_embedding, base_e, others > 0);
  L.joint_pose_rel = relative(L.joint_pose, base_p, others > 0);
  enc.train(was);
  return L;
}

}  // namespace haad
