// The profiler table: per-op calls, time, share, and GFLOP/s where known.
#include "engine/graph.h"
#include "engine/json.h"
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

// HAAD_PROFILE=FILE.json: Chrome trace events, one per op call, valid JSON,
// with FLOPs, bytes and shapes; the table is kept (ctest runs this as ProfilerTrace).
TEST(Profiler, TraceHasOneEventPerOpCall) {
  if (trace_path().empty()) GTEST_SKIP() << "run with HAAD_PROFILE=FILE.json (ctest does: ProfilerTrace)";
  profile_reset();
  Tensor a = randn({64, 32}), b = randn({32, 16});
  for (int i = 0; i < 3; ++i) relu(matmul(a, b));
  Json j = Json::parse(profile_trace_json());
  int ops = 0, matmuls = 0;
  for (const Json& e : j.at("traceEvents").arr) {
    if (e.at("ph").str != "X") continue;
    ++ops;
    EXPECT_GE(e.at("dur").num, 0.0);
    if (e.at("name").str == "matmul") {
      ++matmuls;
      EXPECT_EQ(e.at("args").at("flops").num, 2.0 * 64 * 32 * 16);
      EXPECT_EQ(e.at("args").at("bytes").num, 4.0 * (64 * 32 + 32 * 16 + 64 * 16));
      EXPECT_EQ(e.at("args").at("shapes").str, "[1,64,32] [32,16] [1,64,16]");
    }
  }
  EXPECT_EQ(matmuls, 3);
  long calls = 0;  // the table's calls, summed: the same count
  std::string t = profile_table();
  for (size_t p = t.find('\n', t.find("GFLOP/s")); p != std::string::npos && p + 1 < t.size(); p = t.find('\n', p + 1)) {
    char name[64];
    long c = 0;
    if (std::sscanf(t.c_str() + p + 1, "%63s %ld", name, &c) == 2) calls += c;
  }
  EXPECT_EQ(ops, calls) << t;
}

}  // namespace haad::test
