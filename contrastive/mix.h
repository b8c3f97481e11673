// Several datasets as one source of training motion (the multi-dataset and
// leave-one-dataset-out protocols): each is loaded, mapped onto the canonical
// skeleton (io/canonical.h), and its clips become extra training clips whose
// categories are namespaced by dataset ("kard:walk" is not "utkinect:walk").
#pragma once
#include <string>
#include <vector>
#include "contrastive/features.h"
#include "contrastive/train.h"

namespace haad {

struct MixSource {
  std::string name, format, path;  // e.g. "kard", "generic", "<root>/kard"
};

// The built-in dataset names under data_root (msr, utkinect, utd_mhad, nw_ucla, kard)
std::vector<std::string> mix_known_names();
// "msr,kard,/some/generic/folder" -> sources; a name that is neither known nor a folder is an error
std::vector<MixSource> parse_mix(const std::string& list, const std::string& data_root);

struct MixClips {
  std::vector<Motion> motions;           // canonical skeleton, normalised for the encoder (prepare_motion)
  std::vector<int> labels;               // 1,000,000 + index into classes
  std::vector<std::string> classes;      // "dataset:category"
  std::vector<std::string> summary;      // one line per source
  ExtraClips extra() const;              // as train_contrastive's extra pool
};

// The sources' clips: their own training split (cross_subject) or every clip (all_clips).
MixClips load_mix(const std::vector<MixSource>& src, const FeatureConfig& f, bool all_clips);

}  // namespace haad
