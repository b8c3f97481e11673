// Autograd semantics: accumulation, shared inputs, no_grad, graph release, errors.
#include "tests/testing.h"

namespace haad::test {

TEST(Autograd, ChainAndSharedInputs) {
  Tensor x = from_vector(std::vector<double>{1, 2, 3}, {3});
  x.requires_grad_(true);
  Tensor y = sum(mul(x, x) + x);  // d/dx = 2x + 1, x used twice
  y.backward();
  EXPECT_EQ(x.grad().to_vector<double>(), (std::vector<double>{3, 5, 7}));
}

TEST(Autograd, GradientsAccumulateUntilZeroed) {
  Tensor x = ones({2}, DType::F64);
  x.requires_grad_(true);
  sum(mul_scalar(x, 3)).backward();
  sum(mul_scalar(x, 3)).backward();
  EXPECT_EQ(x.grad().to_vector<double>(), (std::vector<double>{6, 6}));
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
}

TEST(Autograd, NoGradRecordsNothing) {
  Tensor x = ones({2});
  x.requires_grad_(true);
  Tensor y;
  {
    NoGradGuard ng;
    y = mul_scalar(x, 2);
  }
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_THROW(sum(y).backward(), std::invalid_argument);
}

TEST(Autograd, GraphIsReleasedAfterBackward) {
  Tensor x = ones({3});
  x.requires_grad_(true);
  Tensor h = exp(x);
  Tensor y = sum(h);
  std::weak_ptr<Node> node = h.impl()->grad_fn;
  y.backward();
  EXPECT_TRUE(node.expired());  // saved tensors freed with the graph
  EXPECT_THROW(y.backward(), std::invalid_argument);
  EXPECT_THROW(sum(mul_scalar(h, 2)).backward(), std::invalid_argument);
}

TEST(Autograd, ClearErrors) {
  Tensor x = ones({3});
  x.requires_grad_(true);
  Tensor y = mul_scalar(x, 2);
  EXPECT_THROW(y.backward(), std::invalid_argument);            // non-scalar without gradient
  EXPECT_THROW(y.backward(ones({4})), std::invalid_argument);  // gradient shape mismatch
  EXPECT_THROW(arange(3).requires_grad_(true), std::invalid_argument);
  y.backward(ones({3}));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{2, 2, 2}));
}

TEST(Autograd, DeepGraphDoesNotRecurse) {
  Tensor x = ones({1}, DType::F64);
  x.requires_grad_(true);
  Tensor y = x;
  for (int i = 0; i < 20000; ++i) y = add_scalar(y, 0.0);
  sum(y).backward();
  EXPECT_EQ(x.grad().item(), 1.0);
}

}  // namespace haad::test
