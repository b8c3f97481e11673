// CUDA against CPU for every op in the table: forward output and every input
// gradient, float32, relative-error bounds. Skipped without a device unless
// HAAD_REQUIRE_CUDA=1.
#include "kernels/cpu/cpu.h"
#include "engine/graph.h"
#include "nn/layers.h"
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

namespace haad::test {

// ---- the device halves of the GPU-readiness fixes (CPU halves: test_cuda_readiness.cpp)

TEST(CudaReadiness, BroadcastGemmOperandsMatchCpu) {
  HAAD_NEED_CUDA();
  manual_seed(31);
  Tensor row = randn({1, 7}), col = randn({5, 1}), b = randn({7, 6}), bat = randn({3, 5, 7});
  // rows of A broadcast (row stride 0), a broadcast column, and a batch-broadcast right operand
  std::vector<std::pair<Tensor, Tensor>> cases = {{row.expand({5, 7}), b},
                                                  {bat, b.unsqueeze(0).expand({3, 7, 6})},
                                                  {col.expand({5, 7}), b},
                                                  {bat, row.transpose(0, 1).expand({7, 6})}};
  for (auto& [a, bb] : cases) {
    Tensor want = matmul(a.contiguous(), bb.contiguous());
    Tensor got = matmul(a.to(Device::CUDA), bb.to(Device::CUDA)).to(Device::CPU);
    EXPECT_TRUE(all_close(got, want, 1e-4, 1e-4)) << a.shape().str() << " x " << bb.shape().str();
  }
}

TEST(CudaReadiness, EmptyProblemsOnCuda) {
  HAAD_NEED_CUDA();
  Tensor c = matmul(zeros({3, 0}, DType::F32, Device::CUDA), zeros({0, 4}, DType::F32, Device::CUDA));
  EXPECT_EQ(c.to_vector<float>(), std::vector<float>(12, 0.f));
  Tensor z = zeros({0, 8}, DType::F32, Device::CUDA);
  z.requires_grad_(true);
  Tensor l = supcon_loss(z, from_vector(std::vector<int64_t>{}, {0}), 0.1);
  EXPECT_EQ(l.item(), 0.0);
  l.backward();
}

TEST(CudaReadiness, RandomF64AndCountersOnCuda) {
  HAAD_NEED_CUDA();
  manual_seed(7);
  Tensor a = randn({513}, DType::F64);
  manual_seed(7);
  Tensor b = randn({513}, DType::F64, Device::CUDA).to(Device::CPU);
  EXPECT_TRUE(all_close(b, a, 1e-12, 1e-12));  // f64 drawn as f64, not floats in 8-byte slots
  Tensor n = zeros({}, DType::I64, Device::CUDA);
  for (int i = 0; i < 5; ++i) increment_(n);
  EXPECT_EQ(n.to_vector<int64_t>()[0], 5);
}

TEST(CudaReadiness, BatchNormTrainsOnCuda) {
  HAAD_NEED_CUDA();
  manual_seed(3);
  BatchNorm1d cpu(4), gpu(4);
  gpu.to(Device::CUDA);
  cpu.train();
  gpu.train();
  Tensor x = randn({6, 4, 3});
  Tensor y1 = cpu.forward(x), y2 = gpu.forward(x.to(Device::CUDA)).to(Device::CPU);
  EXPECT_TRUE(all_close(y2, y1, 1e-4, 1e-5));
  EXPECT_EQ(gpu.num_batches_tracked->to_vector<int64_t>()[0], 1);
  EXPECT_TRUE(all_close(gpu.running_mean->to(Device::CPU), *cpu.running_mean, 1e-5, 1e-6));
}

TEST(CudaReadiness, HostOperandsAreRefusedBeforeAnyKernel) {
  HAAD_NEED_CUDA();
  Tensor x = randn({2, 4}).to(Device::CUDA);
  EXPECT_THROW(layer_norm(x, ones({4}), zeros({4}), 1e-5), std::invalid_argument);
  EXPECT_THROW(gather(x, 1, from_vector(std::vector<int64_t>{0, 1, 2, 3, 0, 1, 2, 3}, {2, 4})), std::invalid_argument);
  EXPECT_THROW(batch_norm(x.reshape({2, 4, 1}), ones({4}), zeros({4}), zeros({4}), ones({4}), true, 0.1, 1e-5),
               std::invalid_argument);
  // CUDA is still alive: a later op works
  EXPECT_EQ(add_scalar(x, 1.0).to(Device::CPU).numel(), 8);
}

TEST(CudaReadiness, FailedCaptureLeavesCudaUsable) {
  HAAD_NEED_CUDA();
  Tensor x = randn({256}).to(Device::CUDA);
  CudaGraph g;
  int runs = 0;
  EXPECT_THROW(g.capture([&] {
    Tensor y = add_scalar(x, 1.0);
    if (++runs == 2) throw std::runtime_error("fail inside the capture");
  }),
               std::runtime_error);
  // the stream is no longer capturing: kernels run and synchronous copies work
  Tensor z = mul_scalar(x, 2.0).to(Device::CPU);
  EXPECT_TRUE(all_close(z, mul_scalar(x.to(Device::CPU), 2.0), 1e-6, 1e-6));
  // and profiling inside a capture does not sync or throw (HAAD_PROFILE may be on in gpu-check)
  CudaGraph g2;
  Tensor out = zeros({256}, DType::F32, Device::CUDA);
  g2.capture([&] { copy_(out, add_scalar(x, 3.0)); });
  g2.replay();
  EXPECT_TRUE(all_close(out.to(Device::CPU), add_scalar(x.to(Device::CPU), 3.0), 1e-6, 1e-6));
}

}  // namespace haad::test
