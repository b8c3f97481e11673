// The CUDA defects of issue "GPU readiness", checked on the CPU wherever the
// logic allows: the graph-capture state machine (with a fake backend), random
// draws refused inside a capture, BLAS operand rules, device checks, exact
// integer counters, dtype rules of the random fills. The device-side halves
// are in test_backend_ops.cpp (CudaReadiness.*), skipped without a GPU.
#include "engine/dispatch.h"
#include "engine/graph.h"
#include "kernels/common.h"
#include "nn/layers.h"
#include "tests/testing.h"

namespace haad::test {

// A fake capture backend: records the calls, can make end() fail.
struct FakeGraph {
  static inline std::vector<std::string> calls;
  static inline bool fail_end = false;
  static void sync() { calls.push_back("sync"); }
  static void begin() { calls.push_back("begin"); }
  static void* end() {
    calls.push_back("end");
    if (fail_end) throw std::runtime_error("cudaStreamEndCapture: capture invalidated");
    return (void*)0x1;
  }
  static void abort() { calls.push_back("abort"); }
  static void launch(void*) { calls.push_back("launch"); }
  static void destroy(void*) { calls.push_back("destroy"); }
  static inline const GraphBackend backend{sync, begin, end, abort, launch, destroy};
};

struct FakeGraphScope {
  FakeGraphScope() {
    FakeGraph::calls.clear();
    FakeGraph::fail_end = false;
    set_graph_backend(&FakeGraph::backend);
  }
  ~FakeGraphScope() { set_graph_backend(nullptr); }
};

using Calls = std::vector<std::string>;

TEST(CudaReadiness, CaptureSucceedsReplaysAndFrees) {
  FakeGraphScope f;
  int runs = 0;
  {
    CudaGraph g;
    g.capture([&] {
      ++runs;
      EXPECT_EQ(graph_capturing(), runs == 2);  // the warm-up runs eagerly, the second run is captured
    });
    EXPECT_TRUE(g.ready());
    g.replay();
  }
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(FakeGraph::calls, (Calls{"sync", "begin", "end", "launch", "destroy"}));
  EXPECT_FALSE(graph_capturing());
}

TEST(CudaReadiness, FailedCaptureIsEndedAndTheNextOneWorks) {
  FakeGraphScope f;
  CudaGraph g;
  int runs = 0;
  EXPECT_THROW(g.capture([&] {
    if (++runs == 2) throw std::runtime_error("kernel launch failed while capturing");
  }),
               std::runtime_error);
  // the capture was closed (abort), never left open; nothing to launch
  EXPECT_EQ(FakeGraph::calls, (Calls{"sync", "begin", "abort"}));
  EXPECT_FALSE(graph_capturing());
  EXPECT_FALSE(g.ready());
  EXPECT_THROW(g.replay(), std::logic_error);
  // the private pool was handed back: a new capture can start (begin would throw otherwise)
  FakeGraph::calls.clear();
  g.capture([] {});
  EXPECT_TRUE(g.ready());
  EXPECT_EQ(FakeGraph::calls, (Calls{"sync", "begin", "end"}));
}

TEST(CudaReadiness, FailureInWarmUpOrEndNeverLeavesACaptureOpen) {
  FakeGraphScope f;
  CudaGraph g;
  EXPECT_THROW(g.capture([] { throw std::runtime_error("warm-up failed"); }), std::runtime_error);
  EXPECT_EQ(FakeGraph::calls, Calls{});  // nothing began
  FakeGraph::fail_end = true;
  EXPECT_THROW(g.capture([] {}), std::runtime_error);
  // end() itself closes the capture, even when it fails: no abort after it
  EXPECT_EQ(FakeGraph::calls, (Calls{"sync", "begin", "end"}));
  EXPECT_FALSE(graph_capturing());
  FakeGraph::fail_end = false;
  g.capture([] {});
  EXPECT_TRUE(g.ready());
}

TEST(CudaReadiness, RandomDrawsAreRefusedInsideACapture) {
  FakeGraphScope f;
  Tensor x = ones({64});
  auto expect_refused = [&](const std::function<void()>& draw, const std::string& what) {
    CudaGraph g;
    int runs = 0;
    try {
      g.capture([&] {
        if (++runs == 2) draw();
      });
      ADD_FAILURE() << what << " was captured";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("captured CUDA graph"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(graph_capturing());
  };
  expect_refused([&] { dropout(x, 0.5, true); }, "dropout in training mode");
  expect_refused([&] { rand({4}); }, "rand");
  expect_refused([&] { randn({4}); }, "randn");
  // eval-mode dropout draws nothing: it may be captured
  CudaGraph g;
  g.capture([&] { dropout(x, 0.5, false); });
  EXPECT_TRUE(g.ready());
}

TEST(CudaReadiness, BlasOperandRules) {
  EXPECT_TRUE(blas_operand_ok(4, 3, 3, 1));    // row-major
  EXPECT_TRUE(blas_operand_ok(4, 3, 1, 4));    // column-major (a transpose)
  EXPECT_TRUE(blas_operand_ok(4, 3, 8, 1));    // a row slice of a wider matrix
  EXPECT_TRUE(blas_operand_ok(1, 5, 0, 1));    // one row: its row stride is never used
  EXPECT_TRUE(blas_operand_ok(5, 1, 1, 0));    // one column
  EXPECT_FALSE(blas_operand_ok(4, 3, 0, 1));   // rows broadcast (expand): every row is row 0
  EXPECT_FALSE(blas_operand_ok(4, 3, 1, 0));   // columns broadcast
  EXPECT_FALSE(blas_operand_ok(4, 1, 0, 1));   // a broadcast column vector
  EXPECT_FALSE(blas_operand_ok(4, 3, 2, 1));   // rows overlap
  EXPECT_FALSE(blas_operand_ok(4, 3, 3, 2));   // no unit stride
}

TEST(CudaReadiness, DeviceChecksNameTheOperand) {
  check_devices("layer_norm", Device::CPU, {{"gamma", Device::CPU}, {"beta", Device::CPU}});
  try {
    check_devices("layer_norm", Device::CUDA, {{"gamma", Device::CUDA}, {"beta", Device::CPU}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("layer_norm: beta is on cpu, the input on cuda"), std::string::npos) << e.what();
  }
  EXPECT_EQ(device_or(Tensor(), Device::CUDA), Device::CUDA);
}

TEST(CudaReadiness, BatchNormCountsBatchesExactlyInI64) {
  BatchNorm1d bn(3);
  bn.train();
  Tensor x = randn({4, 3, 5});
  for (int i = 0; i < 3; ++i) bn.forward(x);
  EXPECT_EQ(bn.num_batches_tracked->dtype(), DType::I64);
  EXPECT_EQ(bn.num_batches_tracked->to_vector<int64_t>()[0], 3);
  // past 2^53 a round trip through f64 would lose the increment
  const int64_t big = (int64_t(1) << 53) + 1;
  copy_(*bn.num_batches_tracked, from_vector(std::vector<int64_t>{big}, {}));
  bn.forward(x);
  EXPECT_EQ(bn.num_batches_tracked->to_vector<int64_t>()[0], big + 1);
  EXPECT_THROW(increment_(zeros({2})), std::invalid_argument);  // counters are i64
}

TEST(CudaReadiness, RandomFillsNeedAFloatingDtype) {
  try {
    rand({3}, DType::I64);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("rand: needs a floating dtype"), std::string::npos) << e.what();
  }
  EXPECT_THROW(randn({3}, DType::I64), std::invalid_argument);
  // f64 fills are drawn in double: the same counters give the same values as f32, to f32 precision
  manual_seed(5);
  Tensor a = rand({100}, DType::F64);
  manual_seed(5);
  Tensor b = rand({100}, DType::F32);
  EXPECT_TRUE(all_close(a.to(DType::F32), b, 0, 0));
}

TEST(CudaReadiness, EmptyProblemsAreValid) {
  // K == 0: C = 0 (what cuBLAS rejects and the CUDA path now does by hand)
  Tensor c = matmul(zeros({3, 0}), zeros({0, 4}));
  EXPECT_EQ(c.to_vector<float>(), std::vector<float>(12, 0.f));
  // N == 0 contrastive batch: loss 0, empty gradient
  Tensor z = zeros({0, 8});
  z.requires_grad_(true);
  Tensor l = supcon_loss(z, from_vector(std::vector<int64_t>{}, {0}), 0.1);
  EXPECT_EQ(l.item(), 0.0);
  l.backward();
  EXPECT_EQ(z.grad().numel(), 0);
}

}  // namespace haad::test
