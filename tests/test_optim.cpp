// Optimizers against their update formulas, clipping, schedules, init statistics.
#include "nn/init.h"
#include "nn/layers.h"
#include "nn/optim.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Optim, AdamAndAdamWMatchFormula) {
  for (bool dec : {false, true}) {
    Tensor p = from_vector(std::vector<double>{1.0, -2.0}, {2});
    p.requires_grad_(true);
    Adam opt({p}, 0.1, 0.9, 0.999, 1e-8, 0.01, dec);
    double w[2] = {1.0, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
    for (int t = 1; t <= 3; ++t) {
      double g[2] = {0.5 * t, -0.25};
      p.set_grad(from_vector(std::vector<double>{g[0], g[1]}, {2}));
      opt.step();
      for (int i = 0; i < 2; ++i) {
        double gi = g[i];
        if (dec) w[i] -= 0.1 * 0.01 * w[i]; else gi += 0.01 * w[i];
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        double mh = m[i] / (1 - std::pow(0.9, t)), vh = v[i] / (1 - std::pow(0.999, t));
        w[i] -= 0.1 * mh / (std::sqrt(vh) + 1e-8);
      }
    }
    std::vector<double> got = p.to_vector<double>();
    EXPECT_NEAR(got[0], w[0], 1e-12);
    EXPECT_NEAR(got[1], w[1], 1e-12);
  }
}

TEST(Optim, SgdMomentumNesterov) {
  for (bool nest : {false, true}) {
    Tensor p = from_vector(std::vector<double>{1.0}, {1});
    p.requires_grad_(true);
    SGD opt({p}, 0.1, 0.9, 0, 0, nest);
    double w = 1, b = 0;
    for (int t = 0; t < 3; ++t) {
      double g = 2 * w;
      p.set_grad(from_vector(std::vector<double>{g}, {1}));
      opt.step();
      b = t == 0 ? g : 0.9 * b + g;
      w -= 0.1 * (nest ? g + 0.9 * b : b);
    }
    EXPECT_NEAR(p.item(), w, 1e-12);
  }
}

TEST(Optim, ClipGradNorm) {
  Tensor a = zeros({2}), b = zeros({1});
  a.set_grad(from_vector(std::vector<float>{3, 0}, {2}));
  b.set_grad(from_vector(std::vector<float>{4}, {1}));
  EXPECT_NEAR(clip_grad_norm({a, b}, 1.0), 5.0, 1e-6);
  EXPECT_NEAR(a.grad().to_vector<float>()[0], 0.6f, 1e-5);
  EXPECT_NEAR(b.grad().to_vector<float>()[0], 0.8f, 1e-5);
}

TEST(Optim, Schedules) {
  EXPECT_DOUBLE_EQ(lr_step(1.0, 25, 10, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(lr_cosine_warmup(1.0, 0, 10, 110), 0.1);
  EXPECT_DOUBLE_EQ(lr_cosine_warmup(1.0, 9, 10, 110), 1.0);
  EXPECT_NEAR(lr_cosine_warmup(1.0, 60, 10, 110, 0.0), 0.5, 1e-12);
  EXPECT_NEAR(lr_cosine_warmup(1.0, 110, 10, 110, 0.1), 0.1, 1e-12);
}

TEST(Optim, InitStatistics) {
  manual_seed(3);
  std::vector<float> k = kaiming_uniform({256, 512}).to_vector<float>();
  double bound = std::sqrt(2.0) * std::sqrt(3.0 / 512), mx = 0;
  for (float v : k) mx = std::max(mx, (double)std::fabs(v));
  EXPECT_LE(mx, bound);
  EXPECT_GT(mx, 0.95 * bound);
  std::vector<float> x = xavier_normal({300, 200}).to_vector<float>();
  double ss = 0;
  for (float v : x) ss += v * v / x.size();
  EXPECT_NEAR(ss, 2.0 / 500, 2e-4);
}

TEST(Optim, TrainingReducesLossAndIsBitReproducible) {
  auto run = [](uint64_t seed) {
    manual_seed(seed);
    Linear l1(4, 16), l2(16, 1);
    std::vector<Tensor> ps = l1.parameters();
    for (Tensor& t : l2.parameters()) ps.push_back(t);
    Adam opt(ps, 1e-2);
    Tensor x = randn({64, 4}), y = sum(square(x), {1}, true);
    std::vector<float> losses;
    for (int s = 0; s < 300; ++s) {
      opt.zero_grad();
      Tensor loss = mean(square(sub(l2.forward(tanh(l1.forward(x))), y)));
      loss.backward();
      opt.step();
      losses.push_back((float)loss.item());
    }
    return losses;
  };
  std::vector<float> a = run(7), b = run(7);
  EXPECT_EQ(a, b);
  EXPECT_LT(a.back(), 0.3 * a.front());
}

}  // namespace haad::test
