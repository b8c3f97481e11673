// One skeleton for every dataset: a canonical joint set of 16 joints that every
// built-in skeleton (MSR Action3D 20, Kinect v1 20, Kinect v2 25, SMPL-24,
// OpenNI 15 as in KARD, HDM05-style ASF bodies) and any generic skeleton.json
// maps onto, so clips from different sensors can train one model.
//
// Canonical joints (y up; children after parents):
//   0 pelvis, 1 spine, 2 neck, 3 head,
//   4 left_shoulder, 5 left_elbow, 6 left_wrist, 7 right_shoulder, 8 right_elbow, 9 right_wrist,
//   10 left_hip, 11 left_knee, 12 left_ankle, 13 right_hip, 14 right_knee, 15 right_ankle
//
// Each canonical joint is a source joint found by name (side markers left/l/L
// and right/r/R in any position or case, synonyms such as shoulder_center for
// neck, hand for a missing wrist, foot for a missing ankle, HDM05's humerus /
// radius / femur / tibia for shoulder / elbow / hip / knee), or, when the
// skeleton lacks it, derived where the geometry allows it: pelvis = midpoint of
// the hips, neck = midpoint of the shoulders, spine = midpoint of pelvis and
// neck. A joint that can be neither found nor derived is an error naming it and
// the skeleton -- never a silent guess. A generic skeleton.json may spell the
// mapping out: "canonical": {"pelvis": "torso", "spine": ["hip_l", "neck"], ...}
// (a joint name, or a list of names to average).
#pragma once
#include <map>
#include <string>
#include <vector>
#include "io/dataset.h"

namespace haad {

Skeleton skeleton_canonical();  // "canonical16"

struct CanonicalMap {
  std::string source;                           // the source skeleton's name
  std::vector<std::vector<int>> from;           // per canonical joint: source joints averaged
  std::vector<std::string> how;                 // per canonical joint: "name", "derived", "explicit"
};

// The skeleton's own "canonical" entries (Skeleton::canonical) override the name rules.
CanonicalMap canonical_map(const Skeleton& s);
Motion to_canonical(const Motion& m, const CanonicalMap& map);
// the whole dataset on the canonical skeleton (clips, labels, subjects kept)
Dataset to_canonical(const Dataset& d, const CanonicalMap& map);

}  // namespace haad
