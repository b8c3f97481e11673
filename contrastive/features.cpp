#include "contrastive/features.h"
#include <stdexcept>
#include "engine/ops.h"

namespace haad {

Motion prepare_motion(const Motion& raw, const Skeleton& s, const FeatureConfig& c) {
  Motion m = raw;
  normalize_motion(m, s, c.pre);
  return m;
}

std::vector<float> motion_features(const Motion& m, const FeatureConfig& c) {
  Motion r = resample(m, c.H);
  std::vector<float> co = dct(r, c.M);  // [M, J, 3]
  std::vector<float> f((size_t)m.J * 3 * c.M);
  for (int j = 0; j < m.J; ++j)
    for (int k = 0; k < 3; ++k)
      for (int q = 0; q < c.M; ++q) f[((size_t)j * 3 + k) * c.M + q] = co[((size_t)q * m.J + j) * 3 + k];
  return f;
}

Tensor batch_features(const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& c,
                      const AugmentConfig* aug, Rng* rng) {
  if (ms.empty()) throw std::invalid_argument("batch_features: no clips");
  int J = ms[0]->J;
  int64_t F = 3 * c.M;
  std::vector<float> all;
  all.reserve(ms.size() * J * F);
  for (const Motion* m : ms) {
    if (m->J != J) throw std::invalid_argument("batch_features: clips have different joint counts");
    std::vector<float> f = aug ? motion_features(augment(*m, s, *aug, *rng), c) : motion_features(*m, c);
    all.insert(all.end(), f.begin(), f.end());
  }
  return from_vector(all, {(int64_t)ms.size(), J, F});
}

Tensor raw_dct_rows(const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& c) {
  Tensor f = batch_features(ms, s, c);
  return l2_normalize(f.reshape({f.size(0), -1}), -1);
}

}  // namespace haad
