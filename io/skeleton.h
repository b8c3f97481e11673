// Skeletons (joint names, parent tree, left/right pairs) and the graphs the
// encoders use: adjacency with self loops, its symmetric and random-walk
// normalisations, and ST-GCN's spatial partition.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace haad {

struct Skeleton {
  std::string name;
  std::vector<std::string> joints;
  std::vector<int> parents;  // -1 for the root
  std::vector<std::pair<int, int>> lr_pairs;  // (left, right) joints, for mirroring
  int left_hip = -1, right_hip = -1;          // for view normalisation
  // optional (skeleton.json "canonical"): canonical joint -> joint names averaged (io/canonical.h)
  std::map<std::string, std::vector<std::string>> canonical;
  int num_joints() const { return (int)joints.size(); }
  int root() const;
  void validate(const std::string& where) const;  // throws: bad parents, cycles, several roots
  std::vector<int> mirror_permutation() const;    // joint j <-> its left/right partner
  std::vector<std::pair<int, int>> bones() const;  // (child, parent)
};

Skeleton skeleton_msr20();
Skeleton skeleton_kinect_v1();  // UTKinect-Action3D
Skeleton skeleton_smpl24();     // HumanAct12

// J x J row-major matrices
std::vector<float> adjacency(const Skeleton& s, bool self_loops = true);
std::vector<float> normalize_symmetric(const std::vector<float>& a, int J);   // D^-1/2 A D^-1/2
std::vector<float> normalize_random_walk(const std::vector<float>& a, int J); // D^-1 A
// ST-GCN spatial partition: 3 matrices (root/self, closer to the centre, further),
// each normalised as in ST-GCN (A_k D^-1 with D from the full adjacency); [3, J, J]
std::vector<float> spatial_partition(const Skeleton& s, int center = -1);
std::vector<int> hop_distance(const Skeleton& s, int from);

}  // namespace haad
