// Broadcasting binary ops against explicit index arithmetic.
#include "tests/testing.h"

namespace haad::test {

TEST(Binary, BroadcastMatchesIndexing) {
  manual_seed(3);
  Tensor a = randn({3, 1, 5}), b = randn({4, 1});
  Tensor c = mul(a, b);
  ASSERT_EQ(c.shape(), Dims({3, 4, 5}));
  std::vector<float> av = a.to_vector<float>(), bv = b.to_vector<float>(), cv = c.to_vector<float>();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 5; ++k) EXPECT_FLOAT_EQ(cv[(i * 4 + j) * 5 + k], av[i * 5 + k] * bv[j]);
}

TEST(Binary, AllOpsAndStridedOperands) {
  manual_seed(4);
  Tensor a = randn({6, 7}), b = add_scalar(abs(randn({7, 6})), 0.5).transpose(0, 1);
  std::vector<float> av = a.to_vector<float>(), bv = b.contiguous().to_vector<float>();
  std::vector<float> s = add(a, b).to_vector<float>(), d = sub(a, b).to_vector<float>();
  std::vector<float> m = mul(a, b).to_vector<float>(), q = div(a, b).to_vector<float>();
  for (size_t i = 0; i < av.size(); ++i) {
    EXPECT_FLOAT_EQ(s[i], av[i] + bv[i]);
    EXPECT_FLOAT_EQ(d[i], av[i] - bv[i]);
    EXPECT_FLOAT_EQ(m[i], av[i] * bv[i]);
    EXPECT_FLOAT_EQ(q[i], av[i] / bv[i]);
  }
}

TEST(Binary, IncompatibleShapesNameBoth) {
  try {
    add(zeros({3, 4}), zeros({5}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("[3,4] and [5]"), std::string::npos) << e.what();
  }
}

TEST(Binary, WhereAndMaskedFill) {
  Tensor c = from_vector(std::vector<float>{1, 0, 1, 0}, {4});
  Tensor a = from_vector(std::vector<float>{1, 2, 3, 4}, {4}), b = from_vector(std::vector<float>{5, 6, 7, 8}, {4});
  EXPECT_EQ(where(c, a, b).to_vector<float>(), (std::vector<float>{1, 6, 3, 8}));
  EXPECT_EQ(masked_fill(a, c, -1).to_vector<float>(), (std::vector<float>{-1, 2, -1, 4}));
}

}  // namespace haad::test
