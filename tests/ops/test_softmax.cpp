// Softmax / log-softmax against the definition, including large logits.
#include "tests/testing.h"

namespace haad::test {

TEST(Softmax, MatchesDefinitionAndIsStable) {
  manual_seed(6);
  Tensor x = mul_scalar(randn({5, 9}, DType::F64), 30.0);  // large logits: needs the max shift
  std::vector<double> v = x.to_vector<double>(), s = softmax(x).to_vector<double>(), l = log_softmax(x).to_vector<double>();
  for (int r = 0; r < 5; ++r) {
    double mx = -1e300, z = 0;
    for (int j = 0; j < 9; ++j) mx = std::max(mx, v[r * 9 + j]);
    for (int j = 0; j < 9; ++j) z += std::exp(v[r * 9 + j] - mx);
    for (int j = 0; j < 9; ++j) {
      EXPECT_NEAR(s[r * 9 + j], std::exp(v[r * 9 + j] - mx) / z, 1e-12);
      EXPECT_NEAR(l[r * 9 + j], v[r * 9 + j] - mx - std::log(z), 1e-10);
    }
  }
  Tensor xf = x.to(DType::F32);
  EXPECT_TRUE(all_close(softmax(xf), softmax(x), 1e-5, 1e-6));
  EXPECT_TRUE(all_close(softmax(x, 0), softmax(x.transpose(0, 1)).transpose(0, 1), 1e-12, 1e-12));
}

}  // namespace haad::test
