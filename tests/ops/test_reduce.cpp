// Reductions against plain loops.
#include <numeric>
#include "tests/testing.h"

namespace haad::test {

TEST(Reduce, SumMeanMaxVarMatchLoops) {
  manual_seed(5);
  Tensor x = randn({3, 4, 5}, DType::F64);
  std::vector<double> v = x.to_vector<double>();
  auto at = [&](int i, int j, int k) { return v[(i * 4 + j) * 5 + k]; };
  std::vector<double> s02 = sum(x, {0, 2}).to_vector<double>();
  std::vector<double> m1 = max(x, 1).to_vector<double>();
  std::vector<double> var1 = var(x, {1}).to_vector<double>();
  for (int j = 0; j < 4; ++j) {
    double r = 0;
    for (int i = 0; i < 3; ++i) for (int k = 0; k < 5; ++k) r += at(i, j, k);
    EXPECT_NEAR(s02[j], r, 1e-12);
  }
  for (int i = 0; i < 3; ++i)
    for (int k = 0; k < 5; ++k) {
      double mx = -1e30, mu = 0, ss = 0;
      for (int j = 0; j < 4; ++j) { mx = std::max(mx, at(i, j, k)); mu += at(i, j, k) / 4; }
      for (int j = 0; j < 4; ++j) ss += (at(i, j, k) - mu) * (at(i, j, k) - mu);
      EXPECT_EQ(m1[i * 5 + k], mx);
      EXPECT_NEAR(var1[i * 5 + k], ss / 3, 1e-12);
    }
  EXPECT_NEAR(mean(x).item(), std::accumulate(v.begin(), v.end(), 0.0) / v.size(), 1e-12);
  EXPECT_EQ(sum(x, {1}, true).shape(), Dims({3, 1, 5}));
  EXPECT_EQ(argmax(from_vector(std::vector<float>{1, 9, 3, 7, 2, 8}, {2, 3}), 1).to_vector<int64_t>(),
            (std::vector<int64_t>{1, 2}));
}

TEST(Reduce, SumToInvertsBroadcast) {
  Tensor g = ones({2, 3, 4});
  EXPECT_EQ(sum_to(g, {3, 1}).to_vector<float>(), (std::vector<float>{8, 8, 8}));
  EXPECT_EQ(sum_to(g, {4}).to_vector<float>(), (std::vector<float>{6, 6, 6, 6}));
}

}  // namespace haad::test
