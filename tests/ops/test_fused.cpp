// The inference plan's fused kernels (kernels/cpu/fused.cpp) against a plain
// double-precision reference: the GEMM with packed and row-major B operands on
// both micro-kernels (panel width 16 = AVX2, 32 = AVX-512 where the CPU has
// it), every edge shape, each row epilogue, and the pooling/normalising loops.
// Forward only: the plan never runs backward.
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/isa.h"
#include "engine/rng.h"
#include "tests/testing.h"

namespace haad::test {

static std::vector<float> rnd(size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<float> v(n);
  for (float& x : v) x = (float)r.normal();
  return v;
}

static std::vector<int> panel_widths() {
  std::vector<int> v{16};
  if (cpu_isa_supported(Isa::AVX512)) v.push_back(32);
  return v;
}

static double gelu_ref(double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }

// C = A B + bias with the epilogue, in double
static std::vector<double> reference(const std::vector<float>& A, const std::vector<float>& W, const std::vector<float>& bias,
                                     int64_t M, int64_t K, int64_t N, PlanEpilogue::Kind kind, const std::vector<float>& gamma,
                                     const std::vector<float>& beta, const std::vector<float>& resid) {
  std::vector<double> C((size_t)(M * N));
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t j = 0; j < N; ++j) {
      double s = bias.empty() ? 0 : bias[j];
      for (int64_t k = 0; k < K; ++k) s += (double)A[i * K + k] * W[k * N + j];
      C[i * N + j] = s;
    }
    double* c = &C[i * N];
    if (kind == PlanEpilogue::Gelu)
      for (int64_t j = 0; j < N; ++j) c[j] = gelu_ref(c[j]);
    if (kind == PlanEpilogue::GeluResidual)
      for (int64_t j = 0; j < N; ++j) c[j] = resid[i * N + j] + gelu_ref(c[j]);
    if (kind == PlanEpilogue::ChannelBiasRelu)
      for (int64_t j = 0; j < N; ++j) c[j] = std::max(0.0, c[j] + gamma[j % 7]);
    if (kind == PlanEpilogue::ResidualRelu)
      for (int64_t j = 0; j < N; ++j) c[j] = std::max(0.0, resid[i * N + j] + c[j]);
    if (kind == PlanEpilogue::NormGeluResidual) {
      double mean = 0, var = 0;
      for (int64_t j = 0; j < N; ++j) mean += c[j] / N;
      for (int64_t j = 0; j < N; ++j) var += (c[j] - mean) * (c[j] - mean) / N;
      double rstd = 1 / std::sqrt(var + 1e-5);
      for (int64_t j = 0; j < N; ++j) c[j] = resid[i * N + j] + gelu_ref((c[j] - mean) * rstd * gamma[j] + beta[j]);
    }
  }
  return C;
}

static void check(int nr, int64_t M, int64_t K, int64_t N, bool packed, PlanEpilogue::Kind kind) {
  std::vector<float> A = rnd(M * K, M * 7 + K), W = rnd(K * N, N * 3 + 1), bias = rnd(N, 5), gamma = rnd(N, 6),
                     beta = rnd(N, 7), resid = rnd(M * N, 8), C((size_t)(M * N), -7.f);
  std::vector<double> ref = reference(A, W, bias, M, K, N, kind, gamma, beta, resid);
  std::vector<float> Wp((size_t)cpu_plan_packed_size(K, N, nr));
  cpu_plan_pack(W.data(), K, N, nr, Wp.data());
  PlanB B = packed ? plan_b_packed(Wp.data(), K, nr) : plan_b_rowmajor(W.data(), N, nr);
  PlanEpilogue ep;
  ep.kind = kind;
  ep.gamma = gamma.data();
  ep.beta = beta.data();
  std::vector<float> out = resid;
  ep.out = out.data();
  ep.ldo = N;
  if (kind == PlanEpilogue::ChannelBiasRelu) ep.beta = gamma.data(), ep.period = 7;  // bias gamma[j % 7]
  cpu_plan_gemm(A.data(), K, M, K, B, N, bias.data(), C.data(), N, ep);
  const std::vector<float>& got =
      kind == PlanEpilogue::GeluResidual || kind == PlanEpilogue::NormGeluResidual || kind == PlanEpilogue::ResidualRelu ? out : C;
  double tol = 3e-6 * std::sqrt((double)K) + 2e-6;
  for (size_t i = 0; i < ref.size(); ++i)
    ASSERT_NEAR(got[i], ref[i], tol * (1 + std::fabs(ref[i])))
        << "nr=" << nr << " " << M << "x" << K << "x" << N << " packed=" << packed << " epilogue=" << kind << " at " << i;
}

TEST(Fused, PlanGemmMatchesReferenceEveryEdge) {
  for (int nr : panel_widths())
    for (int64_t M : {1, 5, 6, 7, 8, 9, 20, 61})
      for (int64_t N : {1, 15, 16, 17, 33, 128})
        for (int64_t K : {1, 20, 60, 129})
          for (bool packed : {true, false}) check(nr, M, K, N, packed, PlanEpilogue::None);
}

TEST(Fused, PlanGemmEpilogues) {
  for (int nr : panel_widths())
    for (auto kind : {PlanEpilogue::Gelu, PlanEpilogue::GeluResidual, PlanEpilogue::NormGeluResidual,
                      PlanEpilogue::ChannelBiasRelu, PlanEpilogue::ResidualRelu})
      for (int64_t N : {7, 40, 128, 600}) {
        check(nr, 20, 128, N, true, kind);
        check(nr, 1280, 33, N, true, kind);  // many row blocks: the threaded path
      }
}

TEST(Fused, PlanGemmWideRowMajorIsSplitOverColumns) {
  // the adjacency product of a batch: [J, J] x [J, B*C], chunked over columns
  for (int nr : panel_widths()) check(nr, 20, 20, 64 * 128 + 16, false, PlanEpilogue::None);
}

TEST(Fused, PackZeroPadsAndRejectsBadWidth) {
  std::vector<float> W = rnd(3 * 5, 1), P((size_t)cpu_plan_packed_size(3, 5, 16));
  cpu_plan_pack(W.data(), 3, 5, 16, P.data());
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 16; ++j) EXPECT_EQ(P[k * 16 + j], j < 5 ? W[k * 5 + j] : 0.f);
  EXPECT_THROW(cpu_plan_pack(W.data(), 3, 5, 8, P.data()), std::invalid_argument);
}

TEST(Fused, MeanRowsNormalizeSimilarities) {
  const int64_t R = 4, G = 3, C = 37;
  std::vector<float> X = rnd(R * G * C, 2), m((size_t)(G * C));
  cpu_plan_mean_rows(X.data(), G, R, C, m.data());
  for (int64_t g = 0; g < G; ++g)
    for (int64_t c = 0; c < C; ++c) {
      double s = 0;
      for (int64_t r = 0; r < R; ++r) s += X[(r * G + g) * C + c];
      EXPECT_NEAR(m[g * C + c], s / R, 1e-6);
    }
  cpu_plan_l2_normalize(m.data(), G, C, 1e-12f);
  for (int64_t g = 0; g < G; ++g) {
    double n = 0;
    for (int64_t c = 0; c < C; ++c) n += (double)m[g * C + c] * m[g * C + c];
    EXPECT_NEAR(n, 1.0, 1e-5);
  }
  std::vector<float> zero((size_t)C, 0.f);
  cpu_plan_l2_normalize(zero.data(), 1, C, 1e-12f);  // no NaN from a zero row
  EXPECT_EQ(zero[0], 0.f);
  std::vector<float> S = rnd(2 * C, 9), sim(6);
  cpu_plan_similarities(m.data(), G, S.data(), 2, C, sim.data());
  for (int64_t i = 0; i < G; ++i)
    for (int64_t j = 0; j < 2; ++j) {
      double s = 0;
      for (int64_t c = 0; c < C; ++c) s += (double)m[i * C + c] * S[j * C + c];
      EXPECT_NEAR(sim[i * 2 + j], s, 1e-5);
    }
}

}  // namespace haad::test
