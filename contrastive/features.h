// Clip -> model input. Normalise (root-centre, scale, view), optionally augment,
// resample to H frames, DCT along time keeping M coefficients: each joint is a
// graph node with 3M features (the M coefficients of x, then y, then z).
#pragma once
#include <vector>
#include "engine/tensor.h"
#include "io/dataset.h"

namespace haad {

struct FeatureConfig {
  int H = 60;  // frames after resampling
  int M = 20;  // DCT coefficients kept
  PreprocessConfig pre;
};

Motion prepare_motion(const Motion& raw, const Skeleton& s, const FeatureConfig& c);  // normalised, not resampled
std::vector<float> motion_features(const Motion& normalised, const FeatureConfig& c);  // resample + DCT -> [J, 3M]
// [B, J, 3M]; aug/rng null: no augmentation
Tensor batch_features(const std::vector<const Motion*>& normalised, const Skeleton& s, const FeatureConfig& c,
                      const AugmentConfig* aug = nullptr, Rng* rng = nullptr);

// Raw DCT features as the kNN baseline and the hybrid score use them: each clip's
// [J, 3M] flattened to one unit-length row -> [N, J*3M]
Tensor raw_dct_rows(const std::vector<const Motion*>& normalised, const Skeleton& s, const FeatureConfig& c);

}  // namespace haad
