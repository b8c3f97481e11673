// Runtime ISA selection: every path this CPU supports runs and agrees with the
// others, and code built with the AVX-512 kernels' flags is compiled correctly
// (tests/isa/initlist_probe.cpp).
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/isa.h"
#include "tests/testing.h"

namespace haad {
void isa_probe_initlist_avx512(int64_t* out);
}

namespace haad::test {

// Restores the ISA in use when a test switches it.
struct IsaGuard {
  Isa saved = cpu_isa();
  ~IsaGuard() { cpu_set_isa(saved); }
};

static std::vector<Isa> supported() {
  std::vector<Isa> v;
  for (Isa i : {Isa::AVX2, Isa::AVX512})
    if (cpu_isa_supported(i)) v.push_back(i);
  return v;
}

TEST(Isa, NamesAndErrors) {
  EXPECT_EQ(isa_from_name("avx2"), Isa::AVX2);
  EXPECT_EQ(isa_from_name("avx512"), Isa::AVX512);
  try {
    isa_from_name("sse9");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'sse9'"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(cpu_isa_supported(Isa::AVX2));  // the build baseline
  EXPECT_TRUE(cpu_isa_supported(cpu_isa()));
  if (!cpu_isa_supported(Isa::AVX512)) {
    EXPECT_THROW(cpu_set_isa(Isa::AVX512), std::runtime_error);
  }
}

TEST(Isa, Avx512FlagsCompileConstantsCorrectly) {
  if (!cpu_isa_supported(Isa::AVX512)) GTEST_SKIP() << "this CPU cannot run AVX-512 code (features: " << cpu_features() << ")";
  int64_t out[4] = {-1, -1, -1, -1};
  isa_probe_initlist_avx512(out);
  EXPECT_EQ(std::vector<int64_t>(out, out + 4), (std::vector<int64_t>{1, 1, 1, 0}))
      << "the compiler miscompiles constant vectors under the AVX-512 kernels' flags";
}

// The same index literal as Index.SelectEmbeddingGather, under every path.
TEST(Isa, EmbeddingBackwardWithRepeatedIndicesOnEveryPath) {
  IsaGuard g;
  for (Isa i : supported()) {
    cpu_set_isa(i);
    Tensor w = ones({3, 2});
    w.requires_grad_(true);
    std::vector<int64_t> idx{1, 1, 1, 0};
    ASSERT_EQ(idx[3], 0) << "the test's own literal was miscompiled";
    sum(embedding(w, from_vector(idx, {4}))).backward();
    EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{1, 1, 3, 3, 0, 0})) << isa_name(i);
  }
}

TEST(Isa, SgemmPathsAgree) {
  IsaGuard g;
  std::vector<Isa> isas = supported();
  if (isas.size() < 2) GTEST_SKIP() << "only " << isa_name(isas[0]) << " runs on this CPU (" << cpu_features() << ")";
  for (auto [M, N, K] : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {9, 33, 7}, {97, 65, 257}, {1280, 128, 60}, {300, 300, 700}}) {
    manual_seed(M + N + K);
    Tensor A = randn({M, K}), B = randn({K, N});
    std::vector<Tensor> outs;
    for (Isa i : isas) {
      cpu_set_isa(i);
      Tensor C = zeros({M, N});
      GemmArgs a{M, N, K, A.raw(), K, 1, B.raw(), N, 1, C.raw(), N, 1.0, 0.0};
      cpu_sgemm(a);
      outs.push_back(C);
    }
    double tol = 2e-6 * std::sqrt((double)K) + 1e-6;
    EXPECT_TRUE(all_close(outs[0], outs[1], tol, tol * 4)) << M << "x" << N << "x" << K;
  }
}

}  // namespace haad::test
