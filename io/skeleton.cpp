#include "io/skeleton.h"
#include <cmath>
#include <deque>
#include <stdexcept>

namespace haad {

int Skeleton::root() const {
  for (int j = 0; j < num_joints(); ++j)
    if (parents[j] < 0) return j;
  return -1;
}

void Skeleton::validate(const std::string& where) const {
  int J = num_joints();
  if (J == 0) throw std::runtime_error(where + ": skeleton has no joints");
  if ((int)parents.size() != J)
    throw std::runtime_error(where + ": " + std::to_string(parents.size()) + " parents for " + std::to_string(J) + " joints");
  int roots = 0;
  for (int j = 0; j < J; ++j) {
    if (parents[j] < -1 || parents[j] >= J || parents[j] == j)
      throw std::runtime_error(where + ": joint " + std::to_string(j) + " has invalid parent " + std::to_string(parents[j]));
    roots += parents[j] < 0;
  }
  if (roots != 1) throw std::runtime_error(where + ": skeleton needs exactly one root (parent -1), has " + std::to_string(roots));
  for (int j = 0; j < J; ++j) {  // every joint reaches the root within J steps (no cycles)
    int p = j, steps = 0;
    while (p >= 0 && steps <= J) { p = parents[p]; ++steps; }
    if (p >= 0) throw std::runtime_error(where + ": cycle in the parent tree at joint " + std::to_string(j));
  }
  for (auto [l, r] : lr_pairs)
    if (l < 0 || l >= J || r < 0 || r >= J) throw std::runtime_error(where + ": left/right pair out of range");
}

std::vector<int> Skeleton::mirror_permutation() const {
  std::vector<int> p(num_joints());
  for (int j = 0; j < num_joints(); ++j) p[j] = j;
  for (auto [l, r] : lr_pairs) { p[l] = r; p[r] = l; }
  return p;
}

std::vector<std::pair<int, int>> Skeleton::bones() const {
  std::vector<std::pair<int, int>> b;
  for (int j = 0; j < num_joints(); ++j)
    if (parents[j] >= 0) b.push_back({j, parents[j]});
  return b;
}

Skeleton skeleton_msr20() {
  Skeleton s;
  s.name = "msr20";
  s.joints = {"left_shoulder", "right_shoulder", "shoulder_center", "spine", "left_hip", "right_hip", "hip_center",
              "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hand", "right_hand", "left_knee",
              "right_knee", "left_ankle", "right_ankle", "left_foot", "right_foot", "head"};
  s.parents = {2, 2, 3, 6, 6, 6, -1, 0, 1, 7, 8, 9, 10, 4, 5, 13, 14, 15, 16, 2};
  s.lr_pairs = {{0, 1}, {4, 5}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}, {17, 18}};
  s.left_hip = 4;
  s.right_hip = 5;
  return s;
}

Skeleton skeleton_kinect_v1() {
  Skeleton s;
  s.name = "kinect_v1";
  s.joints = {"hip_center", "spine", "shoulder_center", "head", "left_shoulder", "left_elbow", "left_wrist",
              "left_hand", "right_shoulder", "right_elbow", "right_wrist", "right_hand", "left_hip", "left_knee",
              "left_ankle", "left_foot", "right_hip", "right_knee", "right_ankle", "right_foot"};
  s.parents = {-1, 0, 1, 2, 2, 4, 5, 6, 2, 8, 9, 10, 0, 12, 13, 14, 0, 16, 17, 18};
  s.lr_pairs = {{4, 8}, {5, 9}, {6, 10}, {7, 11}, {12, 16}, {13, 17}, {14, 18}, {15, 19}};
  s.left_hip = 12;
  s.right_hip = 16;
  return s;
}

Skeleton skeleton_smpl24() {
  Skeleton s;
  s.name = "smpl24";
  s.joints = {"pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2", "left_ankle",
              "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar", "right_collar", "head",
              "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
              "left_hand", "right_hand"};
  s.parents = {-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21};
  s.lr_pairs = {{1, 2}, {4, 5}, {7, 8}, {10, 11}, {13, 14}, {16, 17}, {18, 19}, {20, 21}, {22, 23}};
  s.left_hip = 1;
  s.right_hip = 2;
  return s;
}

std::vector<float> adjacency(const Skeleton& s, bool self_loops) {
  int J = s.num_joints();
  std::vector<float> a((size_t)J * J, 0.f);
  for (auto [c, p] : s.bones()) a[c * J + p] = a[p * J + c] = 1.f;
  if (self_loops)
    for (int j = 0; j < J; ++j) a[j * J + j] = 1.f;
  return a;
}

std::vector<float> normalize_symmetric(const std::vector<float>& a, int J) {
  std::vector<float> d(J, 0.f), out(a.size());
  for (int i = 0; i < J; ++i)
    for (int j = 0; j < J; ++j) d[i] += a[i * J + j];
  for (int i = 0; i < J; ++i)
    for (int j = 0; j < J; ++j)
      out[i * J + j] = d[i] > 0 && d[j] > 0 ? a[i * J + j] / std::sqrt(d[i] * d[j]) : 0.f;
  return out;
}

std::vector<float> normalize_random_walk(const std::vector<float>& a, int J) {
  std::vector<float> out(a.size());
  for (int i = 0; i < J; ++i) {
    float d = 0;
    for (int j = 0; j < J; ++j) d += a[i * J + j];
    for (int j = 0; j < J; ++j) out[i * J + j] = d > 0 ? a[i * J + j] / d : 0.f;
  }
  return out;
}

std::vector<int> hop_distance(const Skeleton& s, int from) {
  int J = s.num_joints();
  std::vector<float> a = adjacency(s, false);
  std::vector<int> d(J, -1);
  std::deque<int> q{from};
  d[from] = 0;
  while (!q.empty()) {
    int i = q.front();
    q.pop_front();
    for (int j = 0; j < J; ++j)
      if (a[i * J + j] > 0 && d[j] < 0) { d[j] = d[i] + 1; q.push_back(j); }
  }
  return d;
}

std::vector<float> spatial_partition(const Skeleton& s, int center) {
  int J = s.num_joints();
  if (center < 0) center = s.root();
  std::vector<int> hop = hop_distance(s, center);
  std::vector<float> a = adjacency(s, true), an(a.size());
  // ST-GCN's normalize_digraph: A D^-1 with D the column sums
  for (int j = 0; j < J; ++j) {
    float d = 0;
    for (int i = 0; i < J; ++i) d += a[i * J + j];
    for (int i = 0; i < J; ++i) an[i * J + j] = d > 0 ? a[i * J + j] / d : 0.f;
  }
  std::vector<float> out((size_t)3 * J * J, 0.f);
  for (int i = 0; i < J; ++i)
    for (int j = 0; j < J; ++j) {
      if (a[i * J + j] == 0) continue;
      int k = hop[j] == hop[i] ? 0 : hop[j] < hop[i] ? 1 : 2;  // self / closer to centre / further
      out[(size_t)k * J * J + i * J + j] = an[i * J + j];
    }
  return out;
}

}  // namespace haad
