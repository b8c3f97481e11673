// The profiler table: per-op calls, time, share, and GFLOP/s where known.
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

}  // namespace haad::test
