// The inference plan's kernels (contrastive/plan.h): forward only, float only.
//
// cpu_plan_gemm computes C = A * B + bias a block of rows at a time and, while
// those rows are still in L1, applies the layer's row epilogue (GELU, or
// layer norm + GELU + residual add). A is read in place; B is weights packed
// once into column panels (cpu_plan_pack) or row-major activations. The
// row-block micro-kernel is AVX2 here (6 rows x 16 columns) and AVX-512 in
// kernels/cpu/avx512/fused_avx512.cpp (8 x 32); the panel width a plan was
// packed for picks the kernel, so the path is fixed when the plan is built.
#include <immintrin.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/vecmath.h"

namespace haad {

#ifdef HAAD_HAVE_AVX512
void plan_gemm_rows_avx512(const float* A, int64_t lda, int mr, int64_t K, const float* B, int64_t ldb,
                           int64_t pstride, const float* const* brows, int64_t col0, int64_t N, const float* bias,
                           float* C, int64_t ldc);
void plan_rows_epilogue_avx512(int kind, float* C, int64_t ldc, int rows, int64_t N, const float* gamma,
                               const float* beta, float eps, float* out, int64_t ldo);
#endif

namespace {

// B(k, j) = b[k * ldb + j], or brows[k][j] when ROWS (see fused_avx512.cpp)
template <int MR, bool ROWS>
void block_avx2(const float* A, int64_t lda, int64_t K, const float* b, int64_t ldb, const float* const* brows,
                int64_t j0, const float* bias, float* C, int64_t ldc, int nr) {
  alignas(32) static const int32_t ramp[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const __m256i lim = _mm256_set1_epi32(nr);
  const __m256i m0 = _mm256_cmpgt_epi32(lim, _mm256_load_si256((const __m256i*)ramp));
  const __m256i m1 = _mm256_cmpgt_epi32(lim, _mm256_load_si256((const __m256i*)(ramp + 8)));
  __m256 acc[MR][2];
  __m256 bz0 = bias ? _mm256_maskload_ps(bias, m0) : _mm256_setzero_ps();
  __m256 bz1 = bias ? _mm256_maskload_ps(bias + 8, m1) : _mm256_setzero_ps();
  // every loop over the accumulators is unrolled, or GCC keeps acc[][] in memory
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) acc[i][0] = bz0, acc[i][1] = bz1;
  for (int64_t k = 0; k < K; ++k) {
    const float* bk = ROWS ? brows[k] + j0 : b + k * ldb;
    __m256 b0 = _mm256_maskload_ps(bk, m0), b1 = _mm256_maskload_ps(bk + 8, m1);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      __m256 av = _mm256_broadcast_ss(A + i * lda + k);
      acc[i][0] = _mm256_fmadd_ps(av, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(av, b1, acc[i][1]);
    }
  }
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    _mm256_maskstore_ps(C + i * ldc, m0, acc[i][0]);
    _mm256_maskstore_ps(C + i * ldc + 8, m1, acc[i][1]);
  }
}

using BlockFn = void (*)(const float*, int64_t, int64_t, const float*, int64_t, const float* const*, int64_t,
                         const float*, float*, int64_t, int);
const BlockFn kAvx2Blocks[2][7] = {
    {nullptr, block_avx2<1, false>, block_avx2<2, false>, block_avx2<3, false>, block_avx2<4, false>,
     block_avx2<5, false>, block_avx2<6, false>},
    {nullptr, block_avx2<1, true>, block_avx2<2, true>, block_avx2<3, true>, block_avx2<4, true>, block_avx2<5, true>,
     block_avx2<6, true>}};

void gemm_rows_avx2(const float* A, int64_t lda, int mr, int64_t K, const float* B, int64_t ldb, int64_t pstride,
                    const float* const* brows, int64_t col0, int64_t N, const float* bias, float* C, int64_t ldc) {
  BlockFn f = kAvx2Blocks[brows != nullptr][mr];
  for (int64_t j0 = 0; j0 < N; j0 += 16) {
    int nr = N - j0 < 16 ? (int)(N - j0) : 16;
    f(A, lda, K, brows ? nullptr : B + (j0 / 16) * pstride, ldb, brows, col0 + j0, bias ? bias + j0 : nullptr, C + j0, ldc, nr);
  }
}

// rows [0, mr) of C over columns [j0, j1) (j0 a multiple of the panel width)
void gemm_rows(const float* A, int64_t lda, int mr, int64_t K, const PlanB& B, int64_t j0, int64_t j1,
               const float* bias, float* C, int64_t ldc) {
  const float* b = B.rows ? nullptr : B.p + (j0 / B.nr) * B.pstride;
  const float* bi = bias ? bias + j0 : nullptr;
#ifdef HAAD_HAVE_AVX512
  if (B.nr == 32) return plan_gemm_rows_avx512(A, lda, mr, K, b, B.ldb, B.pstride, B.rows, j0, j1 - j0, bi, C + j0, ldc);
#endif
  gemm_rows_avx2(A, lda, mr, K, b, B.ldb, B.pstride, B.rows, j0, j1 - j0, bi, C + j0, ldc);
}

// erf as a rational function of x on [-4, 4] (beyond, float erf is +-1): the
// minimax coefficients Eigen and XLA use, max abs error 4.2e-7 against libm
// (tests/ops/test_fused.cpp). No exp and no branches, about half the work of
// vecmath.h's verf, which matters: GELU is a third of the plan's time.
inline float erf_rational(float x) {
  x = x < -4.f ? -4.f : (x > 4.f ? 4.f : x);
  float x2 = x * x;
  float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
  p = x2 * p - 2.10102402082508e-06f;
  p = x2 * p - 5.69250639462346e-05f;
  p = x2 * p - 7.34990630326855e-04f;
  p = x2 * p - 2.95459980854025e-03f;
  p = x2 * p - 1.60960333262415e-02f;
  float q = x2 * -1.45660718464996e-05f - 2.13374055278905e-04f;
  q = x2 * q - 1.68282697438203e-03f;
  q = x2 * q - 7.37332916720468e-03f;
  q = x2 * q - 1.42647390514189e-02f;
  return x * p / q;
}

inline float gelu(float x) { return 0.5f * x * (1.0f + erf_rational(x * 0.70710678118654752f)); }

// the row epilogue on rows [r0, r1) of C; wide: the 16-lane AVX-512 version
void epilogue(const PlanEpilogue& ep, float* C, int64_t ldc, int64_t r0, int64_t r1, int64_t N, bool wide) {
#ifdef HAAD_HAVE_AVX512
  if (wide) {
    int kind = ep.kind == PlanEpilogue::Gelu ? 1 : ep.kind == PlanEpilogue::GeluResidual ? 2 : 3;
    float* o = kind == 1 ? C + r0 * ldc : ep.out + r0 * ep.ldo;
    return plan_rows_epilogue_avx512(kind, C + r0 * ldc, ldc, (int)(r1 - r0), N, ep.gamma, ep.beta, ep.eps, o,
                                     kind == 1 ? ldc : ep.ldo);
  }
#endif
  (void)wide;
  for (int64_t r = r0; r < r1; ++r) {
    float* c = C + r * ldc;
    switch (ep.kind) {
      case PlanEpilogue::None:
      case PlanEpilogue::ChannelBiasRelu:
      case PlanEpilogue::ResidualRelu: break;
      case PlanEpilogue::Gelu:
        for (int64_t j = 0; j < N; ++j) c[j] = gelu(c[j]);
        break;
      case PlanEpilogue::GeluResidual: {
        float* o = ep.out + r * ep.ldo;
        for (int64_t j = 0; j < N; ++j) o[j] += gelu(c[j]);
        break;
      }
      case PlanEpilogue::NormGeluResidual: {
        // simd reductions: a plain float sum is a serial dependency chain
        float s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t j = 0; j < N; ++j) s += c[j];
        float mean = s / (float)N, v = 0;
#pragma omp simd reduction(+ : v)
        for (int64_t j = 0; j < N; ++j) v += (c[j] - mean) * (c[j] - mean);
        float rstd = 1.0f / std::sqrt(v / (float)N + ep.eps);
        float* o = ep.out + r * ep.ldo;
        for (int64_t j = 0; j < N; ++j) o[j] += gelu((c[j] - mean) * rstd * ep.gamma[j] + ep.beta[j]);
        break;
      }
    }
  }
}

// the column-wise epilogues on rows [r0, r1), columns [j0, j1): no whole rows
// needed, so wide products keep their column split across threads
void epilogue_cols(const PlanEpilogue& ep, float* C, int64_t ldc, int64_t r0, int64_t r1, int64_t j0, int64_t j1) {
  for (int64_t r = r0; r < r1; ++r) {
    float* c = C + r * ldc;
    if (ep.kind == PlanEpilogue::ChannelBiasRelu) {
      const int64_t P = ep.period;
      for (int64_t j = j0; j < j1;) {  // runs of one period: the inner loop vectorises
        int64_t ph = j % P, n = std::min(j1 - j, P - ph);
        const float* b = ep.beta + ph;
        float* cj = c + j;
        for (int64_t i = 0; i < n; ++i) cj[i] = std::max(cj[i] + b[i], 0.f);
        j += n;
      }
    } else {  // ResidualRelu
      float* o = ep.out + r * ep.ldo;
      for (int64_t j = j0; j < j1; ++j) o[j] = std::max(o[j] + c[j], 0.f);
    }
  }
}

bool columnwise(const PlanEpilogue& ep) {
  return ep.kind == PlanEpilogue::ChannelBiasRelu || ep.kind == PlanEpilogue::ResidualRelu;
}

}  // namespace

int cpu_plan_panel_width() { return cpu_isa() == Isa::AVX512 ? 32 : 16; }

int64_t cpu_plan_packed_size(int64_t K, int64_t N, int nr) { return K * ((N + nr - 1) / nr) * nr; }

void cpu_plan_pack(const float* W, int64_t K, int64_t N, int nr, float* out) {
  if (nr != 16 && nr != 32) throw std::invalid_argument("cpu_plan_pack: panel width must be 16 or 32");
#ifndef HAAD_HAVE_AVX512
  if (nr == 32) throw std::invalid_argument("cpu_plan_pack: this build has no AVX-512 kernels");
#endif
  int64_t panels = (N + nr - 1) / nr;
  for (int64_t p = 0; p < panels; ++p)
    for (int64_t k = 0; k < K; ++k)
      for (int j = 0; j < nr; ++j) {
        int64_t col = p * nr + j;
        out[(p * K + k) * nr + j] = col < N ? W[k * N + col] : 0.f;
      }
}

PlanB plan_b_packed(const float* packed, int64_t K, int nr) { return {packed, nr, K * nr, nr, nullptr}; }
PlanB plan_b_rowmajor(const float* B, int64_t ld, int nr) { return {B, ld, nr, nr, nullptr}; }
PlanB plan_b_rows(const float* const* rows, int nr) { return {nullptr, 0, 0, nr, rows}; }

void cpu_plan_gemm(const float* A, int64_t lda, int64_t M, int64_t K, const PlanB& B, int64_t N, const float* bias,
                   float* C, int64_t ldc, const PlanEpilogue& ep) {
  const int MR = B.nr == 32 ? 8 : 6;
  // rows split evenly (20 rows: 7+7+6, not 8+8+4): a short block wastes most of its FMA slots
  const int64_t row_blocks = (M + MR - 1) / MR;
  // An epilogue needs whole rows; without one, wide products (the adjacency
  // times a batch of activations) are also split over columns.
  const int64_t chunk = ep.kind == PlanEpilogue::None || columnwise(ep) ? 256 : N;
  const int64_t col_chunks = (N + chunk - 1) / chunk;
  // about 1 MFLOP per thread before threads pay for themselves
  const int64_t flops_per_tile = 2 * MR * K * std::min(chunk, N);
  const int64_t grain = std::max<int64_t>(2, (int64_t)(1 << 20) / std::max<int64_t>(flops_per_tile, 1));
  parallel_for(row_blocks * col_chunks, grain, [&](int64_t lo, int64_t hi) {
    for (int64_t t = lo; t < hi; ++t) {
      int64_t rb = t / col_chunks, cc = t % col_chunks;
      int64_t r0 = M * rb / row_blocks, mr = M * (rb + 1) / row_blocks - r0;
      int64_t j0 = cc * chunk, j1 = std::min(N, j0 + chunk);
      gemm_rows(A + r0 * lda, lda, (int)mr, K, B, j0, j1, bias, C + r0 * ldc, ldc);
      if (columnwise(ep)) epilogue_cols(ep, C, ldc, r0, r0 + mr, j0, j1);
      else if (ep.kind != PlanEpilogue::None) epilogue(ep, C, ldc, r0, r0 + mr, N, B.nr == 32);
    }
  });
}

void cpu_plan_mean_rows(const float* X, int64_t groups, int64_t rows, int64_t cols, float* out) {
  // X viewed as [rows, groups, cols]; out[g, :] = mean over rows of X[:, g, :]
  const float inv = 1.0f / (float)rows;
  for (int64_t g = 0; g < groups; ++g) {
    float* o = out + g * cols;
    std::fill(o, o + cols, 0.f);
    for (int64_t r = 0; r < rows; ++r) {
      const float* x = X + (r * groups + g) * cols;
      for (int64_t c = 0; c < cols; ++c) o[c] += x[c];
    }
    for (int64_t c = 0; c < cols; ++c) o[c] *= inv;
  }
}

void cpu_plan_l2_normalize(float* X, int64_t rows, int64_t cols, float eps) {
  for (int64_t r = 0; r < rows; ++r) {
    float* x = X + r * cols;
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (int64_t c = 0; c < cols; ++c) s += x[c] * x[c];
    float inv = 1.0f / std::max(std::sqrt(s), eps);
    for (int64_t c = 0; c < cols; ++c) x[c] *= inv;
  }
}

void cpu_plan_similarities(const float* E, int64_t n, const float* S, int64_t k, int64_t d, float* out) {
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j) {
      const float* a = E + i * d;
      const float* b = S + j * d;
      float s = 0;
#pragma omp simd reduction(+ : s)
      for (int64_t c = 0; c < d; ++c) s += a[c] * b[c];
      out[i * k + j] = s;
    }
}

}  // namespace haad
