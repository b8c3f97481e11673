// The profiler table: per-op calls, time, share, and GFLOP/s where known.
#include "engine/graph.h"
#include "engine/profiler.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Profiler, TableListsOpsWithFlops) {
  if (!profiling()) GTEST_SKIP() << "run with HAAD_PROFILE=1 to check the profiler (ctest does: ProfilerEnabled)";
  profile_reset();
  Tensor a = randn({64, 64}), b = randn({64, 64});
  for (int i = 0; i < 3; ++i) relu(matmul(a, b));
  std::string t = profile_table();
  EXPECT_NE(t.find("matmul"), std::string::npos) << t;
  EXPECT_NE(t.find("relu"), std::string::npos) << t;
  EXPECT_NE(t.find("GFLOP/s"), std::string::npos) << t;
}

// Ops recorded into a CUDA graph do not run, so nothing is timed (and no
// device sync is made, which would break the capture). A fake backend runs the
// capture state machine on the CPU.
TEST(Profiler, NothingIsTimedInsideACapture) {
  if (!profiling()) GTEST_SKIP() << "run with HAAD_PROFILE=1 (ctest does: ProfilerEnabled)";
  static const GraphBackend fake{[] {}, [] {}, []() -> void* { return (void*)0x1; }, [] {}, [](void*) {}, [](void*) {}};
  set_graph_backend(&fake);
  profile_reset();
  Tensor x = randn({32});
  {
    CudaGraph g;
    g.capture([&] { relu(x); });  // warm-up (timed) + capture (not timed)
  }
  set_graph_backend(nullptr);
  std::string t = profile_table();
  size_t at = t.find("relu");
  ASSERT_NE(at, std::string::npos) << t;
  long calls = std::strtol(t.c_str() + at + 4, nullptr, 10);
  EXPECT_EQ(calls, 1) << t;
}

}  // namespace haad::test
