// Layer norm, batch norm (train/eval, running stats) and L2 normalisation against loops.
#include "tests/testing.h"

namespace haad::test {

TEST(Norm, LayerNormMatchesLoop) {
  manual_seed(7);
  Tensor x = randn({4, 6}, DType::F64), g = randn({6}, DType::F64), b = randn({6}, DType::F64);
  std::vector<double> xv = x.to_vector<double>(), gv = g.to_vector<double>(), bv = b.to_vector<double>();
  std::vector<double> y = layer_norm(x, g, b, 1e-5).to_vector<double>();
  for (int r = 0; r < 4; ++r) {
    double mu = 0, var = 0;
    for (int j = 0; j < 6; ++j) mu += xv[r * 6 + j] / 6;
    for (int j = 0; j < 6; ++j) var += (xv[r * 6 + j] - mu) * (xv[r * 6 + j] - mu) / 6;
    for (int j = 0; j < 6; ++j)
      EXPECT_NEAR(y[r * 6 + j], (xv[r * 6 + j] - mu) / std::sqrt(var + 1e-5) * gv[j] + bv[j], 1e-12);
  }
}

TEST(Norm, BatchNormTrainUpdatesRunningStatsThenEvalUsesThem) {
  manual_seed(8);
  Tensor x = randn({8, 3, 5}, DType::F64);
  Tensor rm = zeros({3}, DType::F64), rv = ones({3}, DType::F64);
  Tensor y = batch_norm(x, Tensor(), Tensor(), rm, rv, true, 0.1, 1e-5);
  std::vector<double> xv = x.to_vector<double>(), yv = y.to_vector<double>();
  std::vector<double> rmv = rm.to_vector<double>(), rvv = rv.to_vector<double>();
  for (int c = 0; c < 3; ++c) {
    double mu = 0, ss = 0;
    for (int n = 0; n < 8; ++n) for (int i = 0; i < 5; ++i) mu += xv[(n * 3 + c) * 5 + i] / 40;
    for (int n = 0; n < 8; ++n) for (int i = 0; i < 5; ++i) ss += std::pow(xv[(n * 3 + c) * 5 + i] - mu, 2);
    EXPECT_NEAR(rmv[c], 0.1 * mu, 1e-12);
    EXPECT_NEAR(rvv[c], 0.9 + 0.1 * ss / 39, 1e-12);
    EXPECT_NEAR(yv[(2 * 3 + c) * 5 + 1], (xv[(2 * 3 + c) * 5 + 1] - mu) / std::sqrt(ss / 40 + 1e-5), 1e-10);
  }
  Tensor ye = batch_norm(x, Tensor(), Tensor(), rm, rv, false);
  std::vector<double> yev = ye.to_vector<double>();
  EXPECT_NEAR(yev[7], (xv[7] - rmv[(7 / 5) % 3]) / std::sqrt(rvv[(7 / 5) % 3] + 1e-5), 1e-12);
}

TEST(Norm, L2NormalizeGivesUnitRows) {
  manual_seed(9);
  Tensor y = l2_normalize(randn({5, 16}), -1);
  std::vector<float> n = sqrt(sum(square(y), {1})).to_vector<float>();
  for (float v : n) EXPECT_NEAR(v, 1.0f, 1e-5);
  Tensor c = cosine_similarity_matrix(y, y);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(c.to_vector<float>()[i * 5 + i], 1.0f, 1e-5);
}

}  // namespace haad::test
