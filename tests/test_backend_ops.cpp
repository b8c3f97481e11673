// CUDA against CPU for every op in the table: forward output and every input
// gradient, float32, relative-error bounds. Skipped without a device unless
// HAAD_REQUIRE_CUDA=1.
#include "kernels/cpu/cpu.h"
#include "nn/optim.h"
#include "tests/op_cases.h"
#include "tests/testing.h"

namespace haad::test {

struct RunResult { Tensor out; std::vector<Tensor> grads; };

static RunResult run_case(const OpCase& c, const std::vector<Tensor>& host_inputs, Device d) {
  std::vector<Tensor> in;
  for (const Tensor& h : host_inputs) {
    Tensor x = h.to(d).detach();
    x.requires_grad_(true);
    in.push_back(x);
  }
  Tensor out = c.fn(in);
  Tensor w = from_vector(std::vector<float>(out.numel(), 0.0f), out.shape());
  {
    std::vector<float> wv(out.numel());
    for (size_t i = 0; i < wv.size(); ++i) wv[i] = (float)std::sin(0.37 * (double)i + 0.1);
    w = from_vector(wv, out.shape()).to(d);
  }
  sum(mul(out, w)).backward();
  RunResult r{out.to(Device::CPU), {}};
  for (Tensor& x : in) r.grads.push_back(x.grad().defined() ? x.grad().to(Device::CPU) : Tensor());
  return r;
}

class BackendOps : public ::testing::TestWithParam<OpCase> {};

TEST_P(BackendOps, CudaMatchesCpu) {
  HAAD_NEED_CUDA();
  const OpCase& c = GetParam();
  manual_seed(99);
  std::vector<Tensor> in;
  for (const Dims& s : c.shapes) in.push_back(rand(s, DType::F32, Device::CPU, c.lo, c.hi));
  RunResult cpu = run_case(c, in, Device::CPU);
  RunResult gpu = run_case(c, in, Device::CUDA);
  EXPECT_TRUE(all_close(gpu.out, cpu.out, 1e-4, 1e-5)) << c.name << " forward";
  for (size_t i = 0; i < in.size(); ++i) {
    ASSERT_EQ(cpu.grads[i].defined(), gpu.grads[i].defined()) << c.name << " grad " << i;
    if (cpu.grads[i].defined()) {
      EXPECT_TRUE(all_close(gpu.grads[i], cpu.grads[i], 1e-4, 1e-5)) << c.name << " grad " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllOps, BackendOps, ::testing::ValuesIn(op_cases()),
                         [](const ::testing::TestParamInfo<OpCase>& i) { return i.param.name; });

TEST(BackendOps, LargeGemmCudaMatchesCpu) {
  HAAD_NEED_CUDA();
  manual_seed(5);
  for (auto [m, n, k] : {std::tuple{512, 512, 512}, std::tuple{300, 257, 129}, std::tuple{1, 1000, 64}}) {
    Tensor a = randn({m, k}), b = randn({k, n});
    Tensor c1 = matmul(a, b), c2 = matmul(a.to(Device::CUDA), b.to(Device::CUDA)).to(Device::CPU);
    EXPECT_TRUE(all_close(c2, c1, 1e-3, 1e-3)) << m << "x" << n << "x" << k;
  }
}

TEST(BackendOps, RandomAndDropoutBitIdentical) {
  HAAD_NEED_CUDA();
  manual_seed(11);
  Tensor a = rand({1000});
  manual_seed(11);
  Tensor b = rand({1000}, DType::F32, Device::CUDA).to(Device::CPU);
  EXPECT_TRUE(all_close(a, b, 0, 0));
  Tensor x = ones({4096});
  manual_seed(3);
  Tensor d1 = dropout(x, 0.4, true);
  manual_seed(3);
  Tensor d2 = dropout(x.to(Device::CUDA), 0.4, true).to(Device::CPU);
  EXPECT_TRUE(all_close(d2, d1, 0, 0));
}

TEST(BackendOps, OptimizersCudaMatchCpu) {
  HAAD_NEED_CUDA();
  for (int kind = 0; kind < 3; ++kind) {
    manual_seed(21);
    Tensor p0 = randn({37, 5}), g0 = randn({37, 5});
    Tensor results[2];
    for (int dev = 0; dev < 2; ++dev) {
      Device d = dev ? Device::CUDA : Device::CPU;
      Tensor p = p0.to(d).detach();
      p.requires_grad_(true);
      std::unique_ptr<Optimizer> opt;
      if (kind == 0) opt = std::make_unique<SGD>(std::vector<Tensor>{p}, 0.1, 0.9, 0, 1e-2, true);
      else opt = std::make_unique<Adam>(std::vector<Tensor>{p}, 1e-2, 0.9, 0.999, 1e-8, 0.05, kind == 2);
      for (int s = 0; s < 3; ++s) {
        p.set_grad(g0.to(d));
        opt->step();
      }
      results[dev] = p.to(Device::CPU);
    }
    EXPECT_TRUE(all_close(results[1], results[0], 1e-5, 1e-6)) << "optimizer " << kind;
  }
}

}  // namespace haad::test
