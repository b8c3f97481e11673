// The packed SGEMM against a naive triple loop: odd sizes, every edge-tile
// shape, transposed (strided) operands, alpha/beta, batches, threads.
#include "kernels/cpu/cpu.h"
#include "tests/testing.h"

namespace haad::test {

static void check_sgemm(int64_t M, int64_t N, int64_t K, bool ta, bool tb, double alpha, double beta) {
  manual_seed(M * 131 + N * 17 + K);
  Tensor A = randn({ta ? K : M, ta ? M : K}), B = randn({tb ? N : K, tb ? K : N});
  Tensor C0 = randn({M, N});
  Tensor C1 = C0.clone(), C2 = C0.clone();
  GemmArgs g{M, N, K, A.raw(), ta ? 1 : K, ta ? M : 1, B.raw(), tb ? 1 : N, tb ? K : 1, C1.raw(), N, alpha, beta};
  cpu_sgemm(g);
  g.C = C2.raw();
  cpu_gemm_naive(DType::F32, g);
  double tol = 2e-6 * std::sqrt((double)K) + 1e-6;
  EXPECT_TRUE(all_close(C1, C2, tol, tol * 4)) << M << "x" << N << "x" << K << " ta=" << ta << " tb=" << tb;
}

TEST(Matmul, SgemmMatchesNaiveOddShapes) {
  // edge tiles of both micro-kernels: 6x16 (AVX2) and 8x32 (AVX-512)
  for (int64_t M : {1, 5, 6, 7, 8, 9, 13, 97})
    for (int64_t N : {1, 15, 16, 17, 31, 32, 33, 65})
      for (int64_t K : {1, 3, 64, 257}) check_sgemm(M, N, K, false, false, 1.0, 0.0);
}

TEST(Matmul, SgemmTransposedAndScaled) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      check_sgemm(37, 29, 41, ta, tb, 1.0, 0.0);
      check_sgemm(70, 50, 300, ta, tb, -0.5, 1.0);
      check_sgemm(8, 9, 10, ta, tb, 2.0, 0.25);
    }
}

TEST(Matmul, SgemmLargeMultiBlock) {
  // crosses the KC (256), MC and NR blocking boundaries
  check_sgemm(300, 3100, 520, false, false, 1.0, 0.0);
  check_sgemm(257, 129, 1030, true, false, 1.0, 0.0);
}

TEST(Matmul, BatchedOpMatchesLoop) {
  manual_seed(4);
  Tensor a = randn({4, 9, 11}), b = randn({4, 11, 6});
  Tensor c = matmul(a, b);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(all_close(c.select(0, i), matmul(a.select(0, i), b.select(0, i)), 1e-5, 1e-5));
}

TEST(Matmul, ShapeErrorsAreClear) {
  Tensor a = zeros({3, 4}), b = zeros({5, 2});
  try {
    matmul(a, b);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("[3,4] x [5,2]"), std::string::npos) << e.what();
  }
}

TEST(Matmul, DoubleGemmMatchesNaive) {
  manual_seed(8);
  Tensor a = randn({17, 9}, DType::F64), b = randn({9, 23}, DType::F64);
  Tensor c = matmul(a, b), r = zeros({17, 23}, DType::F64);
  GemmArgs g{17, 23, 9, a.raw(), 9, 1, b.raw(), 23, 1, r.raw(), 23, 1.0, 0.0};
  cpu_gemm_naive(DType::F64, g);
  EXPECT_TRUE(all_close(c, r, 1e-12, 1e-12));
}

}  // namespace haad::test
