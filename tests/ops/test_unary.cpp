// Unary forward against std:: math, f32 and f64.
#include "tests/testing.h"

namespace haad::test {

TEST(Unary, ForwardMatchesStdMath) {
  manual_seed(2);
  Tensor x = rand({257}, DType::F64, Device::CPU, -3, 3);
  Tensor xp = rand({257}, DType::F64, Device::CPU, 0.1, 3);
  std::vector<double> v = x.to_vector<double>(), vp = xp.to_vector<double>();
  auto check = [](const Tensor& y, const std::vector<double>& in, double (*f)(double)) {
    std::vector<double> r(in.size());
    for (size_t i = 0; i < in.size(); ++i) r[i] = f(in[i]);
    EXPECT_TRUE(all_close(y, from_vector(r, y.shape()), 1e-12, 1e-12));
    // the f32 kernel too
    std::vector<float> inf(in.begin(), in.end());
    EXPECT_TRUE(all_close(y.to(DType::F32), from_vector(r, y.shape()), 2e-6, 2e-6));
  };
  check(relu(x), v, [](double a) { return a > 0 ? a : 0; });
  check(gelu(x), v, [](double a) { return 0.5 * a * (1 + std::erf(a / std::sqrt(2.0))); });
  check(silu(x), v, [](double a) { return a / (1 + std::exp(-a)); });
  check(tanh(x), v, [](double a) { return std::tanh(a); });
  check(sigmoid(x), v, [](double a) { return 1 / (1 + std::exp(-a)); });
  check(exp(x), v, [](double a) { return std::exp(a); });
  check(log(xp), vp, [](double a) { return std::log(a); });
  check(sqrt(xp), vp, [](double a) { return std::sqrt(a); });
  check(square(x), v, [](double a) { return a * a; });
  check(abs(x), v, [](double a) { return std::fabs(a); });
  check(neg(x), v, [](double a) { return -a; });
  check(pow_scalar(xp, 1.7), vp, [](double a) { return std::pow(a, 1.7); });
  // f32 path against the same
  Tensor xf = x.to(DType::F32);
  EXPECT_TRUE(all_close(gelu(xf), gelu(x), 1e-5, 1e-6));
  EXPECT_TRUE(all_close(silu(xf), silu(x), 1e-5, 1e-6));
}

TEST(Unary, IntegerInputIsRejected) {
  EXPECT_THROW(relu(arange(4)), std::invalid_argument);
}

}  // namespace haad::test
