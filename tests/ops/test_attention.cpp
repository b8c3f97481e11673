// Attention against a naive double-precision reference (with and without a
// key mask), the all-masked row, and the composed matmul/softmax path.
#include <cmath>
#include "tests/testing.h"

namespace haad::test {

// o[b,h,i,:] = sum_j softmax_j(scale * <q_i, k_j> | mask) v_j
static std::vector<double> naive_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                           const std::vector<double>* mask, double scale) {
  int64_t B = q.size(0), H = q.size(1), Tq = q.size(2), D = q.size(3), Tk = k.size(2), Dv = v.size(3);
  std::vector<double> Q = q.to(DType::F64).to_vector<double>(), K = k.to(DType::F64).to_vector<double>(),
                      V = v.to(DType::F64).to_vector<double>(), O(B * H * Tq * Dv, 0.0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < Tq; ++i) {
        std::vector<double> s(Tk);
        double mx = -1e300;
        for (int64_t j = 0; j < Tk; ++j) {
          double d = 0;
          for (int64_t c = 0; c < D; ++c) d += Q[((b * H + h) * Tq + i) * D + c] * K[((b * H + h) * Tk + j) * D + c];
          s[j] = d * scale;
          if (!mask || (*mask)[b * Tk + j] != 0) mx = std::max(mx, s[j]);
        }
        double z = 0;
        for (int64_t j = 0; j < Tk; ++j) {
          s[j] = (!mask || (*mask)[b * Tk + j] != 0) ? std::exp(s[j] - mx) : 0.0;
          z += s[j];
        }
        for (int64_t j = 0; j < Tk; ++j)
          for (int64_t c = 0; c < Dv; ++c)
            O[((b * H + h) * Tq + i) * Dv + c] += (z > 0 ? s[j] / z : 0.0) * V[((b * H + h) * Tk + j) * Dv + c];
      }
  return O;
}

TEST(Attention, MatchesNaiveReference) {
  manual_seed(21);
  Tensor q = randn({2, 3, 7, 8}), k = randn({2, 3, 9, 8}), v = randn({2, 3, 9, 5});
  std::vector<double> ref = naive_attention(q, k, v, nullptr, 1.0 / std::sqrt(8.0));
  std::vector<float> got = attention(q, k, v).to_vector<float>();
  ASSERT_EQ(got.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(got[i], ref[i], 1e-5) << i;

  std::vector<double> m(2 * 9, 1.0);
  m[3] = m[8] = m[9 + 0] = m[9 + 1] = m[9 + 2] = 0;
  Tensor mt = from_vector(m, {2, 9}).to(DType::F32);
  ref = naive_attention(q, k, v, &m, 0.3);
  got = attention(q, k, v, mt, 0.3).to_vector<float>();
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(got[i], ref[i], 1e-5) << i;
}

TEST(Attention, MaskedKeysDoNotMatterAndAllMaskedRowIsZero) {
  manual_seed(22);
  Tensor q = randn({1, 2, 4, 6}), k = randn({1, 2, 5, 6}), v = randn({1, 2, 5, 3});
  Tensor m = from_vector(std::vector<double>{1, 1, 0, 1, 0}, {1, 5}).to(DType::F32);
  Tensor a = attention(q, k, v, m);
  // change the masked keys and values: the output must not move
  Tensor k2 = k.contiguous().clone(), v2 = v.contiguous().clone();
  float* kp = k2.data<float>();
  float* vp = v2.data<float>();
  for (int h = 0; h < 2; ++h)
    for (int j : {2, 4}) {
      for (int c = 0; c < 6; ++c) kp[(h * 5 + j) * 6 + c] = 100.f;
      for (int c = 0; c < 3; ++c) vp[(h * 5 + j) * 3 + c] = -50.f;
    }
  EXPECT_TRUE(all_close(attention(q, k2, v2, m), a, 1e-6, 1e-6));
  Tensor none = zeros({1, 5});
  std::vector<float> z = attention(q, k, v, none).to_vector<float>();
  for (float x : z) EXPECT_EQ(x, 0.f);
}

TEST(Attention, AgreesWithComposedOps) {
  manual_seed(23);
  Tensor q = randn({2, 2, 6, 4}, DType::F64), k = randn({2, 2, 6, 4}, DType::F64), v = randn({2, 2, 6, 4}, DType::F64);
  q.requires_grad_(); k.requires_grad_(); v.requires_grad_();
  Tensor w = randn({2, 2, 6, 4}, DType::F64);
  Tensor o1 = attention(q, k, v);
  sum(mul(o1, w)).backward();
  Tensor gq1 = q.grad(), gk1 = k.grad(), gv1 = v.grad();
  q.zero_grad(); k.zero_grad(); v.zero_grad();
  Tensor o2 = matmul(softmax(mul_scalar(matmul(q, k.transpose(-1, -2)), 0.5), -1), v);
  sum(mul(o2, w)).backward();
  EXPECT_TRUE(all_close(o1, o2, 1e-12, 1e-12));
  EXPECT_TRUE(all_close(gq1, q.grad(), 1e-12, 1e-12));
  EXPECT_TRUE(all_close(gk1, k.grad(), 1e-12, 1e-12));
  EXPECT_TRUE(all_close(gv1, v.grad(), 1e-12, 1e-12));
}

TEST(Attention, BadShapesAreClearErrors) {
  Tensor q = zeros({1, 2, 3, 4}), k = zeros({1, 2, 5, 4}), v = zeros({1, 2, 5, 4});
  EXPECT_THROW(attention(q, k, zeros({1, 2, 4, 4})), std::exception);
  EXPECT_THROW(attention(q, k, v, zeros({1, 4})), std::exception);
  EXPECT_THROW(attention(zeros({2, 3, 4}), k, v), std::exception);
}

}  // namespace haad::test
