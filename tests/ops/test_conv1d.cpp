// Temporal convolution against a direct loop (stride, padding, dilation), and
// the direct float kernel (stride 1) against the im2col path on both CPU
// kernel paths.
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/isa.h"
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

TEST(Conv1d, DirectKernelMatchesIm2colEveryEdge) {
  Isa saved = cpu_isa();
  for (Isa isa : {Isa::AVX2, Isa::AVX512}) {
    if (!cpu_isa_supported(isa)) continue;
    cpu_set_isa(isa);
    // Cout across row blocks (6 / 8) and L across panels (16 / 32), padding, dilation, no bias
    for (auto [B, Ci, L, Co, K, pad, dil] : {std::tuple{1, 1, 1, 1, 1, 0, 1}, std::tuple{3, 5, 17, 7, 3, 1, 1},
                                             std::tuple{2, 64, 60, 64, 9, 4, 1}, std::tuple{5, 9, 33, 13, 5, 4, 2},
                                             std::tuple{4, 3, 70, 17, 1, 0, 1}}) {
      manual_seed(B * 7 + Ci);
      Tensor x = randn({B, Ci, L}), w = randn({Co, Ci, K}), b = randn({Co});
      int64_t Lo = L + 2 * pad - dil * (K - 1);
      if (Lo < 1) continue;
      for (bool with_bias : {true, false}) {
        Tensor y = empty({B, Co, Lo});
        cpu_conv1d_direct_fwd(x.data<float>(), w.data<float>(), with_bias ? b.data<float>() : nullptr, y.data<float>(),
                              B, Ci, L, Co, K, pad, dil, Lo);
        Tensor ref = conv1d(x.to(DType::F64), w.to(DType::F64), with_bias ? b.to(DType::F64) : Tensor(), 1, pad, dil);
        double tol = 2e-6 * std::sqrt((double)Ci * K) + 1e-6;
        EXPECT_TRUE(all_close(y, ref, tol, tol)) << isa_name(isa) << " B" << B << " Ci" << Ci << " L" << L << " Co" << Co
                                                 << " K" << K << " pad" << pad << " dil" << dil;
      }
    }
  }
  cpu_set_isa(saved);
}

TEST(Conv1d, BadShapesAreRejected) {
  EXPECT_THROW(conv1d(zeros({2, 3, 10}), zeros({4, 2, 3}), Tensor()), std::invalid_argument);
  EXPECT_THROW(conv1d(zeros({2, 3, 2}), zeros({4, 3, 5}), Tensor()), std::invalid_argument);
}

}  // namespace haad::test
