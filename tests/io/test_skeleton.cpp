// Built-in skeletons and graph matrices.
#include "io/skeleton.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Skeleton, BuiltinsAreValidTrees) {
  for (const Skeleton& s : {skeleton_msr20(), skeleton_kinect_v1(), skeleton_smpl24()}) {
    EXPECT_NO_THROW(s.validate(s.name));
    EXPECT_EQ((int)s.bones().size(), s.num_joints() - 1);
    std::vector<int> p = s.mirror_permutation();
    for (int j = 0; j < s.num_joints(); ++j) EXPECT_EQ(p[p[j]], j);
    for (auto [l, r] : s.lr_pairs) {
      EXPECT_EQ(s.joints[l].substr(0, 5), "left_") << s.name;
      EXPECT_EQ(s.joints[r].substr(0, 6), "right_") << s.name;
    }
  }
  EXPECT_EQ(skeleton_msr20().root(), 6);
  EXPECT_EQ(skeleton_smpl24().num_joints(), 24);
}

TEST(Skeleton, ValidationErrors) {
  Skeleton s = skeleton_msr20();
  s.parents[0] = 0;
  EXPECT_THROW(s.validate("x"), std::runtime_error);
  s = skeleton_msr20();
  s.parents[3] = -1;  // two roots
  EXPECT_THROW(s.validate("x"), std::runtime_error);
  s = skeleton_msr20();
  s.parents[2] = 0;  // 0 -> 2 -> 0 cycle
  EXPECT_THROW(s.validate("x"), std::runtime_error);
}

TEST(Skeleton, AdjacencyAndNormalisations) {
  Skeleton s = skeleton_kinect_v1();
  int J = s.num_joints();
  std::vector<float> a = adjacency(s), rw = normalize_random_walk(a, J), sy = normalize_symmetric(a, J);
  for (int i = 0; i < J; ++i) {
    float row = 0;
    for (int j = 0; j < J; ++j) {
      EXPECT_EQ(a[i * J + j], a[j * J + i]);
      EXPECT_NEAR(sy[i * J + j], sy[j * J + i], 1e-7);
      row += rw[i * J + j];
    }
    EXPECT_NEAR(row, 1.0f, 1e-6);
    EXPECT_EQ(a[i * J + i], 1.0f);
  }
  // the spatial partition splits the normalised adjacency into three disjoint parts
  std::vector<float> p = spatial_partition(s);
  for (int i = 0; i < J; ++i)
    for (int j = 0; j < J; ++j) {
      int nz = 0;
      for (int k = 0; k < 3; ++k) nz += p[(size_t)k * J * J + i * J + j] != 0;
      EXPECT_EQ(nz, a[i * J + j] != 0 ? 1 : 0);
      if (i == j) {
        EXPECT_NE(p[i * J + j], 0.0f);  // self loops are in the root partition
      }
    }
  EXPECT_EQ(hop_distance(s, 0)[3], 3);  // hip -> spine -> shoulder centre -> head
}

}  // namespace haad::test
