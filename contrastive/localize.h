// Where is a clip abnormal? Against its nearest support clip (by embedding):
//   joint_embedding: 1 - cos between the two clips' per-joint backbone features
//   joint_pose:      mean distance of each joint over time, the clips normalised
//                    (root, scale, view) and resampled to the same H frames
//   frame_pose:      mean joint distance at each of the H aligned frames
// so a user sees which joints and which part of the motion differ most.
// The *_rel versions divide each joint's distance by how much that joint
// varies among the normal clips themselves (the mean distance of the other
// support clips to the same nearest clip): hands and feet always differ most
// in absolute terms, so "differs more than normal at this joint" is what
// points at the changed limb. With one support clip there is no such
// variation; the _rel versions are then the distances over their mean.
#pragma once
#include <vector>
#include "contrastive/train.h"

namespace haad {

struct Localization {
  int nearest = -1;  // index into the support set
  std::vector<double> joint_embedding, joint_pose, frame_pose;  // [J], [J], [H]
  std::vector<double> joint_embedding_rel, joint_pose_rel;      // [J], [J]
};

// test and support motions are normalised (prepare_motion); support_emb their embeddings
Localization localize(Encoder& enc, const Motion& test, const std::vector<const Motion*>& support,
                      const Tensor& support_emb, const Skeleton& s, const FeatureConfig& f);

}  // namespace haad
