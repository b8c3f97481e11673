// Splits (cross-subject; seen/unseen categories) and the few-shot episode
// sampler used for anomaly-detection evaluation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "io/dataset.h"

namespace haad {

struct SubjectSplit { std::vector<int> train, test; };  // clip indices
// train_subjects empty: odd subjects train, even test (the MSR protocol)
// Train/test clips: by the dataset's own split column when it has one (generic
// layout), else odd subjects train, or the given train subjects.
SubjectSplit cross_subject(const Dataset& d, const std::vector<int>& train_subjects = {});
// The data for choosing settings: only the clips cross_subject() trains on, their
// subjects dealt alternately (in id order) into pseudo-train and pseudo-test (the
// split column), so the standard protocol runs on it without any test-subject
// clip; with a single training subject, each category's clips alternate instead.
Dataset validation_subset(const Dataset& d);

// The authors' protocol: per category, the first `train_fraction` of its clips in
// file order train, the rest test (no subject split).
SubjectSplit order_split(const Dataset& d, double train_fraction = 0.8);

struct CategorySplit {
  std::vector<int> train_classes, heldout_classes;  // seen setting: heldout empty
};
CategorySplit seen_split(const Dataset& d);
// unseen: categories dealt into n_folds folds after a seeded shuffle; fold k is held out
CategorySplit unseen_split(const Dataset& d, int n_folds, int fold, uint64_t seed);
// unseen by names: these categories are held out (error naming an unknown one)
CategorySplit unseen_split_by_name(const Dataset& d, const std::vector<std::string>& heldout);
// the authors' default unseen categories: the last quarter of the class list
// (on HumanAct12: phone, boxing, throw)
std::vector<std::string> default_unseen_names(const Dataset& d);

struct Episode {
  int target = -1, K = 0;
  std::vector<int> support;  // K normal clips of the target category (clip indices)
  std::vector<int> test;     // clip indices
  std::vector<int> anomaly;  // parallel to test: 0 normal (target category), 1 anomalous
};

// support drawn from support_pool (clips of the target), test = test_pool clips of
// the target (normal) + of every category in test_classes other than the target
// (anomalous; empty test_classes: all). Support and test never share a clip.
Episode sample_episode(const Dataset& d, int target, int K, const std::vector<int>& support_pool,
                       const std::vector<int>& test_pool, uint64_t seed, const std::vector<int>& test_classes = {});

}  // namespace haad
