// AVX-512 SGEMM micro-kernel: an 8x32 block of C in 16 zmm accumulators for
// the whole KC loop (2 B loads + 8 broadcasts per 16 FMAs). Compiled with
// AVX-512 flags (CMakeLists.txt); called from kernels/cpu/matmul.cpp only when
// cpu_isa() is AVX512. Plain intrinsics and no std:: templates here: anything
// inline this file instantiated could be picked by the linker for AVX2 code.
#include <immintrin.h>
#include <cstdint>

namespace haad {

void sgemm_micro_8x32_avx512(int64_t kc, const float* a, const float* b, float* c, int64_t rsc, float alpha,
                             int mr, int nr, bool overwrite) {
  enum { MR = 8, NR = 32 };
  for (int i = 0; i < mr; ++i) _mm_prefetch((const char*)(c + i * rsc), _MM_HINT_T0);
  __m512 acc[MR][2];
  for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
    _mm_prefetch((const char*)(b + 256), _MM_HINT_T0);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      __m512 av = _mm512_set1_ps(a[i]);
      acc[i][0] = _mm512_fmadd_ps(av, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(av, b1, acc[i][1]);
    }
    a += MR;
    b += NR;
  }
  const __m512 al = _mm512_set1_ps(alpha);
  // columns nr..31 are masked off, so edge tiles need no scratch copy
  const uint32_t cols = nr >= NR ? 0xffffffffu : ((1u << nr) - 1u);
  const __mmask16 m0 = (__mmask16)(cols & 0xffffu), m1 = (__mmask16)(cols >> 16);
  for (int i = 0; i < mr; ++i) {
    float* ci = c + i * rsc;
    // same rounding as the AVX2 kernel: alpha*acc, or one fma with C
    __m512 v0, v1;
    if (overwrite) {
      v0 = _mm512_mul_ps(al, acc[i][0]);
      v1 = _mm512_mul_ps(al, acc[i][1]);
    } else {
      v0 = _mm512_fmadd_ps(al, acc[i][0], _mm512_maskz_loadu_ps(m0, ci));
      v1 = _mm512_fmadd_ps(al, acc[i][1], _mm512_maskz_loadu_ps(m1, ci + 16));
    }
    _mm512_mask_storeu_ps(ci, m0, v0);
    _mm512_mask_storeu_ps(ci + 16, m1, v1);
  }
}

}  // namespace haad
