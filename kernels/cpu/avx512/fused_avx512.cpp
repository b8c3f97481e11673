// AVX-512 row-block GEMM for the inference plan (kernels/cpu/fused.cpp):
// up to 8 rows of C = A * B (+ bias), all N columns, panel by panel of 32
// columns in 16 zmm accumulators. A is read in place (row-major, broadcast per
// element), so no packing per call; B is either weights packed once into
// 32-column panels or row-major activations (see PlanB in cpu.h).
// Compiled with AVX-512 flags; only intrinsics and internal-linkage templates
// here (anything inline with external linkage could be picked by the linker
// for AVX2 code).
#include <immintrin.h>
#include <cstdint>

// GCC 12 warns inside its own AVX-512 headers (_mm512_undefined_ps behind
// min/max and the reductions): a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace haad {

namespace {

// B(k, j) = b[k * ldb + j], or brows[k][j] when brows is given (ROWS): rows
// at arbitrary addresses, as the taps of a direct convolution are
template <int MR, bool ROWS>
void block(const float* A, int64_t lda, int64_t K, const float* b, int64_t ldb, const float* const* brows, int64_t j0,
           const float* bias, float* C, int64_t ldc, int nr) {
  const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
  const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? (__mmask16)0 : (__mmask16)((1u << (nr - 16)) - 1);
  __m512 acc[MR][2];
  __m512 bz0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
  __m512 bz1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
  // every loop over the accumulators is unrolled, or GCC keeps acc[][] in memory
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i) acc[i][0] = bz0, acc[i][1] = bz1;
  for (int64_t k = 0; k < K; ++k) {
    const float* bk = ROWS ? brows[k] + j0 : b + k * ldb;
    __m512 b0 = _mm512_maskz_loadu_ps(m0, bk), b1 = _mm512_maskz_loadu_ps(m1, bk + 16);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      __m512 av = _mm512_set1_ps(A[i * lda + k]);
      acc[i][0] = _mm512_fmadd_ps(av, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(av, b1, acc[i][1]);
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i) {
    _mm512_mask_storeu_ps(C + i * ldc, m0, acc[i][0]);
    _mm512_mask_storeu_ps(C + i * ldc + 16, m1, acc[i][1]);
  }
}

using BlockFn = void (*)(const float*, int64_t, int64_t, const float*, int64_t, const float* const*, int64_t,
                         const float*, float*, int64_t, int);
const BlockFn kBlocks[2][9] = {
    {nullptr, block<1, false>, block<2, false>, block<3, false>, block<4, false>, block<5, false>, block<6, false>,
     block<7, false>, block<8, false>},
    {nullptr, block<1, true>, block<2, true>, block<3, true>, block<4, true>, block<5, true>, block<6, true>,
     block<7, true>, block<8, true>}};

}  // namespace

// rows [0, mr) of C, mr <= 8; B(k, j) = B[(j / 32) * pstride + k * ldb + j % 32],
// or brows[k][col0 + j] when brows is not null
void plan_gemm_rows_avx512(const float* A, int64_t lda, int mr, int64_t K, const float* B, int64_t ldb,
                           int64_t pstride, const float* const* brows, int64_t col0, int64_t N, const float* bias,
                           float* C, int64_t ldc) {
  BlockFn f = kBlocks[brows != nullptr][mr];
  for (int64_t j0 = 0; j0 < N; j0 += 32) {
    int nr = N - j0 < 32 ? (int)(N - j0) : 32;
    f(A, lda, K, brows ? nullptr : B + (j0 / 32) * pstride, ldb, brows, col0 + j0, bias ? bias + j0 : nullptr, C + j0, ldc, nr);
  }
}

}  // namespace haad

// ---- row epilogues on 16 lanes (the generic versions in kernels/cpu/fused.cpp
// are the reference; same formulas: rational erf on [-4, 4], layer norm with
// two passes over the row)
namespace haad {

namespace {

inline __m512 erf16(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-4.f)), _mm512_set1_ps(4.f));
  __m512 x2 = _mm512_mul_ps(x, x);
  __m512 p = _mm512_fmadd_ps(x2, _mm512_set1_ps(-2.72614225801306e-10f), _mm512_set1_ps(2.77068142495902e-08f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.10102402082508e-06f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-5.69250639462346e-05f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-7.34990630326855e-04f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.95459980854025e-03f));
  p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-1.60960333262415e-02f));
  __m512 q = _mm512_fmadd_ps(x2, _mm512_set1_ps(-1.45660718464996e-05f), _mm512_set1_ps(-2.13374055278905e-04f));
  q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.68282697438203e-03f));
  q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-7.37332916720468e-03f));
  q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.42647390514189e-02f));
  // 1/q by rcp14 and one Newton step (relative error ~1e-8): a zmm divide
  // costs 10-16 cycles of throughput and made this the plan's bottleneck
  __m512 r = _mm512_rcp14_ps(q);
  r = _mm512_mul_ps(r, _mm512_fnmadd_ps(q, r, _mm512_set1_ps(2.f)));
  return _mm512_mul_ps(_mm512_mul_ps(x, p), r);
}

inline __m512 gelu16(__m512 x) {
  __m512 e = erf16(_mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f)));
  return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), x), _mm512_add_ps(_mm512_set1_ps(1.f), e));
}

inline __mmask16 tail(int64_t n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1); }

}  // namespace

// Rows [0, rows) of C (rows <= 8, the kernel's row block); kind: 1 = GELU in
// place, 2 = out += GELU(c), 3 = out += GELU(LN(c) * gamma + beta). The rows
// are done stage by stage (all sums, all variances, then all outputs) so the
// reduction chains of different rows overlap instead of running back to back.
void plan_rows_epilogue_avx512(int kind, float* C, int64_t ldc, int rows, int64_t N, const float* gamma,
                               const float* beta, float eps, float* out, int64_t ldo) {
  if (kind == 1) {
    for (int i = 0; i < rows; ++i)
      for (int64_t j = 0; j < N; j += 16) {
        __mmask16 m = tail(N - j);
        _mm512_mask_storeu_ps(C + i * ldc + j, m, gelu16(_mm512_maskz_loadu_ps(m, C + i * ldc + j)));
      }
    return;
  }
  __m512 mean[8], scale[8];
  for (int i = 0; i < rows; ++i) mean[i] = _mm512_setzero_ps(), scale[i] = _mm512_set1_ps(1.f);
  if (kind == 3) {
    float mu[8], var[8];
    for (int i = 0; i < rows; ++i) {
      const float* c = C + i * ldc;
      __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
      int64_t j = 0;
      for (; j + 32 <= N; j += 32) s0 = _mm512_add_ps(s0, _mm512_loadu_ps(c + j)), s1 = _mm512_add_ps(s1, _mm512_loadu_ps(c + j + 16));
      for (; j < N; j += 16) s0 = _mm512_add_ps(s0, _mm512_maskz_loadu_ps(tail(N - j), c + j));
      mu[i] = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1)) / (float)N;
    }
    for (int i = 0; i < rows; ++i) {
      const float* c = C + i * ldc;
      __m512 mv = _mm512_set1_ps(mu[i]), v0 = _mm512_setzero_ps(), v1 = _mm512_setzero_ps();
      int64_t j = 0;
      for (; j + 32 <= N; j += 32) {
        __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(c + j), mv), d1 = _mm512_sub_ps(_mm512_loadu_ps(c + j + 16), mv);
        v0 = _mm512_fmadd_ps(d0, d0, v0);
        v1 = _mm512_fmadd_ps(d1, d1, v1);
      }
      for (; j < N; j += 16) {
        __mmask16 m = tail(N - j);
        __m512 d = _mm512_maskz_sub_ps(m, _mm512_maskz_loadu_ps(m, c + j), mv);
        v0 = _mm512_fmadd_ps(d, d, v0);
      }
      var[i] = _mm512_reduce_add_ps(_mm512_add_ps(v0, v1)) / (float)N;
    }
    for (int i = 0; i < rows; ++i) {
      mean[i] = _mm512_set1_ps(mu[i]);
      scale[i] = _mm512_set1_ps(1.0f / __builtin_sqrtf(var[i] + eps));
    }
  }
  for (int i = 0; i < rows; ++i) {
    const float* c = C + i * ldc;
    float* o = out + i * ldo;
    for (int64_t j = 0; j < N; j += 16) {
      __mmask16 m = tail(N - j);
      __m512 x = _mm512_maskz_loadu_ps(m, c + j);
      if (kind == 3)
        x = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_sub_ps(x, mean[i]), scale[i]), _mm512_maskz_loadu_ps(m, gamma + j),
                            _mm512_maskz_loadu_ps(m, beta + j));
      _mm512_mask_storeu_ps(o + j, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, o + j), gelu16(x)));
    }
  }
}

}  // namespace haad
