// GEMM on the CPU.
//
// Float: the BLIS/GotoBLAS scheme. C is cut into NC-wide column blocks and
// KC-deep slabs; each slab of B is packed into NR-wide micro-panels (kept in L3/L2)
// and all of A's rows into MR-tall micro-panels; then the threads share out
// MC x NC tiles, and a micro-kernel keeps an MR x NR block of C in registers
// for the whole KC loop: 6x16 in 12 ymm (AVX2/FMA), or 8x32 in 16 zmm
// (AVX-512, kernels/cpu/avx512/, picked at run time by cpu_isa()). Operands have arbitrary row/col strides,
// so transposed views need no copy: packing reads them in place.
// Double: a plain cache-friendly loop (used by gradient checks, not for speed).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define HAAD_AVX2 1
#endif
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/isa.h"

namespace haad {

#ifdef HAAD_HAVE_AVX512
void sgemm_micro_8x32_avx512(int64_t kc, const float* a, const float* b, float* c, int64_t rsc, float alpha,
                             int mr, int nr, bool overwrite);
#endif

namespace {

constexpr int MR = 6, NR = 16;  // the AVX2 kernel's block

// A micro-kernel and the blocking that suits it.
struct GemmKernel {
  int mr, nr;
  int64_t kc, mc_max, nc;
  void (*fn)(int64_t kc, const float* a, const float* b, float* c, int64_t rsc, float alpha, int mr, int nr,
             bool overwrite);
};

struct AlignedBuf {
  float* p = nullptr;
  size_t cap = 0;
  float* get(size_t n) {
    if (n > cap) {
      std::free(p);
      cap = n;
      p = (float*)std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
    }
    return p;
  }
  ~AlignedBuf() { std::free(p); }
};

// pack rows [i0, i0+mc) x cols [p0, p0+kc) of A into MR-row micro-panels, zero padded
template <int MR>
void pack_a(const float* A, int64_t rsa, int64_t csa, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
            float* dst) {
  for (int64_t ir = 0; ir < mc; ir += MR) {
    int64_t mr = std::min<int64_t>(MR, mc - ir);
    const float* a = A + (i0 + ir) * rsa + p0 * csa;
    if (mr == MR && csa == 1) {
      for (int64_t k = 0; k < kc; ++k)
        for (int i = 0; i < MR; ++i) dst[k * MR + i] = a[i * rsa + k];
    } else {
      for (int64_t k = 0; k < kc; ++k)
        for (int i = 0; i < MR; ++i) dst[k * MR + i] = i < mr ? a[i * rsa + k * csa] : 0.f;
    }
    dst += kc * MR;
  }
}

// pack rows [p0, p0+kc) x cols [j0, j0+nc) of B into NR-col micro-panels, zero padded
template <int NR>
void pack_b_panel(const float* B, int64_t rsb, int64_t csb, int64_t p0, int64_t kc, int64_t j0,
                  int64_t nr, float* dst) {
  const float* b = B + p0 * rsb + j0 * csb;
  if (nr == NR && csb == 1) {
    for (int64_t k = 0; k < kc; ++k) std::memcpy(dst + k * NR, b + k * rsb, NR * sizeof(float));
  } else {
    for (int64_t k = 0; k < kc; ++k)
      for (int j = 0; j < NR; ++j) dst[k * NR + j] = j < nr ? b[k * rsb + j * csb] : 0.f;
  }
}

// acc[MR][NR] = sum_k a[k][:] x b[k][:]
#ifdef HAAD_AVX2
void micro_6x16(int64_t kc, const float* a, const float* b, float* c, int64_t rsc,
                         float alpha, int mr, int nr, bool overwrite) {
  for (int i = 0; i < mr; ++i) _mm_prefetch((const char*)(c + i * rsc), _MM_HINT_T0);
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    _mm_prefetch((const char*)(b + 128), _MM_HINT_T0);
    __m256 av;
    av = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    a += MR;
    b += NR;
  }
  __m256 al = _mm256_set1_ps(alpha);
  __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      float* ci = c + i * rsc;
      if (overwrite) {
        _mm256_storeu_ps(ci, _mm256_mul_ps(al, rows[i][0]));
        _mm256_storeu_ps(ci + 8, _mm256_mul_ps(al, rows[i][1]));
      } else {
        _mm256_storeu_ps(ci, _mm256_fmadd_ps(al, rows[i][0], _mm256_loadu_ps(ci)));
        _mm256_storeu_ps(ci + 8, _mm256_fmadd_ps(al, rows[i][1], _mm256_loadu_ps(ci + 8)));
      }
    }
  } else {
    alignas(32) float tmp[MR * NR];
    for (int i = 0; i < MR; ++i) {
      _mm256_store_ps(tmp + i * NR, rows[i][0]);
      _mm256_store_ps(tmp + i * NR + 8, rows[i][1]);
    }
    for (int i = 0; i < mr; ++i)
      for (int j = 0; j < nr; ++j) c[i * rsc + j] = (overwrite ? 0.f : c[i * rsc + j]) + alpha * tmp[i * NR + j];
  }
}
#else
void micro_6x16(int64_t kc, const float* a, const float* b, float* c, int64_t rsc,
                         float alpha, int mr, int nr, bool overwrite) {
  float acc[MR * NR] = {0};
  for (int64_t k = 0; k < kc; ++k, a += MR, b += NR)
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NR; ++j) acc[i * NR + j] += a[i] * b[j];
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * rsc + j] = (overwrite ? 0.f : c[i * rsc + j]) + alpha * acc[i * NR + j];
}
#endif

int num_threads() {
#ifdef _OPENMP
  return omp_in_parallel() ? 1 : omp_get_max_threads();
#else
  return 1;
#endif
}

void scale_c(float* C, int64_t rsc, int64_t M, int64_t N, float beta) {
  for (int64_t i = 0; i < M; ++i) {
    float* c = C + i * rsc;
    if (beta == 0.f) std::memset(c, 0, N * sizeof(float));
    else for (int64_t j = 0; j < N; ++j) c[j] *= beta;
  }
}

template <int MR, int NR>
void sgemm_blocked(const GemmArgs& g, const GemmKernel& kern) {
  const int64_t KC = kern.kc, MC_MAX = kern.mc_max, NC = kern.nc;
  const int64_t M = g.M, N = g.N, K = g.K;
  float* C = (float*)g.C;
  if (M == 0 || N == 0) return;
  if (K == 0 || g.alpha == 0.0) {
    if (g.beta != 1.0) scale_c(C, g.rsc, M, N, (float)g.beta);
    return;
  }
  // beta == 0: the first k-slab overwrites C (no separate pass over C)
  const bool overwrite_first = g.beta == 0.0;
  if (!overwrite_first && g.beta != 1.0) scale_c(C, g.rsc, M, N, (float)g.beta);
  const float* A = (const float*)g.A;
  const float* B = (const float*)g.B;
  const float alpha = (float)g.alpha;

  int nt = num_threads();
  // small problems: waking threads costs more than it saves
  if ((double)M * N * K < 128.0 * 128 * 64) nt = 1;

  // Choose MC so the row blocks split evenly over the threads.
  int64_t nblk = (M + MC_MAX - 1) / MC_MAX;
  if (nt > 1) nblk = ((nblk + nt - 1) / nt) * nt;
  int64_t MC = ((M + nblk - 1) / nblk + MR - 1) / MR * MR;
  nblk = (M + MC - 1) / MC;

  // Balanced slabs: K = 1024 is 4 x 256 rather than 3 x 320 + 64 (a thin last
  // slab pays the C load/store of a full one for a fraction of the work).
  const int64_t nks = (K + KC - 1) / KC;
  const int64_t kcb = ((K + nks - 1) / nks + 7) / 8 * 8;
  const int64_t nns = (N + NC - 1) / NC;
  const int64_t ncb = ((N + nns - 1) / nns + NR - 1) / NR * NR;

  static thread_local AlignedBuf abuf, bbuf;
  const int64_t mpad = (M + MR - 1) / MR * MR;
  float* apack = abuf.get((size_t)mpad * kcb);
  float* bpack = bbuf.get((size_t)kcb * ncb);

  for (int64_t jc = 0; jc < N; jc += ncb) {
    const int64_t nc = std::min(ncb, N - jc);
    const int64_t npan = (nc + NR - 1) / NR;
    // with few row blocks, also split the columns so every thread has work
    int64_t ncol_chunks = nblk >= 2 * nt ? 1 : std::min<int64_t>(npan, (2 * nt + nblk - 1) / nblk);
    int64_t pan_per_chunk = (npan + ncol_chunks - 1) / ncol_chunks;
    for (int64_t pc = 0; pc < K; pc += kcb) {
      const int64_t kc = std::min(kcb, K - pc);
      const bool ow = overwrite_first && pc == 0;
      // Work is split by hand over (thread t of T): no OpenMP worksharing, so
      // this is also safe when called serially from inside another parallel
      // region (batched GEMM), and no region is entered for small problems.
      auto slab = [&](int t, int T) {
        for (int64_t p = t; p < npan; p += T)
          pack_b_panel<NR>(B, g.rsb, g.csb, pc, kc, jc + p * NR, std::min<int64_t>(NR, nc - p * NR),
                       bpack + p * kc * NR);
        // Each thread packs the A blocks it computes on (when blocks are not
        // shared), so a packed block stays in that core's L2 instead of being
        // read back from another core's.
        int64_t b_lo = t, b_hi = nblk, b_step = T;
        if (ncol_chunks == 1) {
          b_lo = nblk * t / T;
          b_hi = nblk * (t + 1) / T;
          b_step = 1;
        }
        for (int64_t blk = b_lo; blk < b_hi; blk += b_step) {
          int64_t i0 = blk * MC;
          pack_a<MR>(A, g.rsa, g.csa, i0, std::min(MC, M - i0), pc, kc, apack + i0 * kc);
        }
        if (T > 1) {
#pragma omp barrier
        }
        int64_t tasks = nblk * ncol_chunks;
        for (int64_t task = tasks * t / T; task < tasks * (t + 1) / T; ++task) {
          int64_t blk = task / ncol_chunks, ch = task % ncol_chunks;
          int64_t i0 = blk * MC, mc = std::min(MC, M - i0);
          int64_t p_lo = ch * pan_per_chunk, p_hi = std::min(npan, p_lo + pan_per_chunk);
          for (int64_t p = p_lo; p < p_hi; ++p) {
            int64_t j = p * NR;
            int nr = (int)std::min<int64_t>(NR, nc - j);
            const float* bp = bpack + p * kc * NR;
            for (int64_t ir = 0; ir < mc; ir += MR) {
              int mr = (int)std::min<int64_t>(MR, mc - ir);
              kern.fn(kc, apack + (i0 + ir) * kc, bp, C + (i0 + ir) * g.rsc + jc + j, g.rsc,
                           alpha, mr, nr, ow);
            }
          }
        }
      };
      if (nt > 1) {
#pragma omp parallel num_threads(nt)
        slab(omp_get_thread_num(), omp_get_num_threads());
      } else {
        slab(0, 1);
      }
    }
  }
}

}  // namespace

// Zen 3 tuned (32 KiB L1d, 512 KiB L2): a 6x320 A micro-panel and a 320x16 B
// micro-panel stay in L1, the 144x320 A block (184 KiB) in L2.
static const GemmKernel kAvx2 = {6, 16, 320, 144, 768, micro_6x16};
#ifdef HAAD_HAVE_AVX512
// 8x256 A (8 KiB) and 256x32 B (32 KiB) micro-panels; a 128x256 A block
// (128 KiB) in L2.
static const GemmKernel kAvx512 = {8, 32, 256, 128, 1024, sgemm_micro_8x32_avx512};
#endif

void cpu_sgemm(const GemmArgs& g) {
#ifdef HAAD_HAVE_AVX512
  if (cpu_isa() == Isa::AVX512) return sgemm_blocked<8, 32>(g, kAvx512);
#endif
  sgemm_blocked<6, 16>(g, kAvx2);
}

template <class T>
static void gemm_simple(const GemmArgs& g) {
  const T* A = (const T*)g.A;
  const T* B = (const T*)g.B;
  T* C = (T*)g.C;
#pragma omp parallel for if (g.M * g.N * g.K > (1 << 18))
  for (int64_t i = 0; i < g.M; ++i) {
    T* c = C + i * g.rsc;
    for (int64_t j = 0; j < g.N; ++j) c[j] = g.beta == 0.0 ? T(0) : c[j] * (T)g.beta;
    for (int64_t k = 0; k < g.K; ++k) {
      T a = (T)g.alpha * A[i * g.rsa + k * g.csa];
      const T* b = B + k * g.rsb;
      for (int64_t j = 0; j < g.N; ++j) c[j] += a * b[j * g.csb];
    }
  }
}

void cpu_gemm(DType t, const GemmArgs& g) {
  if (t == DType::F32) cpu_sgemm(g);
  else if (t == DType::F64) gemm_simple<double>(g);
  else throw std::invalid_argument("gemm needs f32 or f64");
}

void cpu_gemm_batched(DType t, const GemmArgs& g, int64_t batch, int64_t sa, int64_t sb, int64_t sc) {
  size_t es = dtype_size(t);
  auto one = [&](int64_t b) {
    GemmArgs x = g;
    x.A = (const char*)g.A + b * sa * es;
    x.B = (const char*)g.B + b * sb * es;
    x.C = (char*)g.C + b * sc * es;
    cpu_gemm(t, x);
  };
  // many small matrices: one per thread (each gemm then runs single-threaded)
  bool small = (double)g.M * g.N * g.K < 128.0 * 128 * 128;
  if (small && batch > 1) {
#pragma omp parallel for schedule(static)
    for (int64_t b = 0; b < batch; ++b) one(b);
  } else {
    for (int64_t b = 0; b < batch; ++b) one(b);
  }
}

void cpu_gemm_naive(DType t, const GemmArgs& g) {
  HAAD_FLOAT_DISPATCH(t, {
    const T* A = (const T*)g.A;
    const T* B = (const T*)g.B;
    T* C = (T*)g.C;
    for (int64_t i = 0; i < g.M; ++i)
      for (int64_t j = 0; j < g.N; ++j) {
        double acc = 0;
        for (int64_t k = 0; k < g.K; ++k) acc += (double)A[i * g.rsa + k * g.csa] * B[k * g.rsb + j * g.csb];
        double prev = g.beta == 0.0 ? 0.0 : g.beta * C[i * g.rsc + j];
        C[i * g.rsc + j] = (T)(g.alpha * acc + prev);
      }
  });
}

}  // namespace haad
