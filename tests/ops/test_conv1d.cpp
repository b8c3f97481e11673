// Temporal convolution against a direct loop (stride, padding, dilation).
#include "tests/testing.h"

namespace haad::test {

TEST(Conv1d, MatchesDirectLoop) {
  for (auto [st, pad, dil] : {std::tuple{1, 0, 1}, std::tuple{1, 2, 1}, std::tuple{2, 1, 2}, std::tuple{3, 4, 1}}) {
    manual_seed(10 + st);
    int B = 2, Ci = 3, L = 17, Co = 4, K = 5;
    Tensor x = randn({B, Ci, L}, DType::F64), w = randn({Co, Ci, K}, DType::F64), b = randn({Co}, DType::F64);
    Tensor y = conv1d(x, w, b, st, pad, dil);
    int Lo = (L + 2 * pad - dil * (K - 1) - 1) / st + 1;
    ASSERT_EQ(y.shape(), Dims({B, Co, Lo}));
    std::vector<double> xv = x.to_vector<double>(), wv = w.to_vector<double>(), bv = b.to_vector<double>(), yv = y.to_vector<double>();
    for (int n = 0; n < B; ++n)
      for (int o = 0; o < Co; ++o)
        for (int t = 0; t < Lo; ++t) {
          double acc = bv[o];
          for (int c = 0; c < Ci; ++c)
            for (int k = 0; k < K; ++k) {
              int i = t * st - pad + k * dil;
              if (i >= 0 && i < L) acc += wv[(o * Ci + c) * K + k] * xv[(n * Ci + c) * L + i];
            }
          EXPECT_NEAR(yv[(n * Co + o) * Lo + t], acc, 1e-12);
        }
    // f32 against f64
    EXPECT_TRUE(all_close(conv1d(x.to(DType::F32), w.to(DType::F32), b.to(DType::F32), st, pad, dil), y, 1e-4, 1e-4));
  }
}

TEST(Conv1d, BadShapesAreRejected) {
  EXPECT_THROW(conv1d(zeros({2, 3, 10}), zeros({4, 2, 3}), Tensor()), std::invalid_argument);
  EXPECT_THROW(conv1d(zeros({2, 3, 2}), zeros({4, 3, 5}), Tensor()), std::invalid_argument);
}

}  // namespace haad::test
