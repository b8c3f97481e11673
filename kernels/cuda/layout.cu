// Strided copy, fill, cast and counter-based random fills (same streams as the CPU).
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

template <class T>
__global__ void copy_k(const T* src, Layout ls, T* dst, Layout ld, int64_t n) {
  HAAD_GRID_LOOP(i, n) dst[layout_offset(ld, i)] = src[layout_offset(ls, i)];
}

void cuda_copy(DType t, const void* src, const Layout& ls, void* dst, const Layout& ld) {
  int64_t n = 1;
  for (int d = 0; d < ls.ndim; ++d) n *= ls.shape[d];
  if (n == 0) return;
  if (t == DType::F32) copy_k<float><<<blocks_for(n), kThreads>>>((const float*)src, ls, (float*)dst, ld, n);
  else if (t == DType::F64) copy_k<double><<<blocks_for(n), kThreads>>>((const double*)src, ls, (double*)dst, ld, n);
  else copy_k<int64_t><<<blocks_for(n), kThreads>>>((const int64_t*)src, ls, (int64_t*)dst, ld, n);
  HAAD_LAUNCH_CHECK("copy");
}

template <class T>
__global__ void fill_k(T* d, int64_t n, T v) { HAAD_GRID_LOOP(i, n) d[i] = v; }

void cuda_fill(DType t, void* dst, int64_t n, double v) {
  if (n == 0) return;
  if (t == DType::F32) fill_k<float><<<blocks_for(n), kThreads>>>((float*)dst, n, (float)v);
  else if (t == DType::F64) fill_k<double><<<blocks_for(n), kThreads>>>((double*)dst, n, v);
  else fill_k<int64_t><<<blocks_for(n), kThreads>>>((int64_t*)dst, n, (int64_t)v);
  HAAD_LAUNCH_CHECK("fill");
}

__global__ void add_i64_k(int64_t* x, int64_t n, int64_t v) { HAAD_GRID_LOOP(i, n) x[i] += v; }
void cuda_add_i64(int64_t* x, int64_t n, int64_t v) {
  if (n == 0) return;
  add_i64_k<<<blocks_for(n), kThreads>>>(x, n, v);
  HAAD_LAUNCH_CHECK("add_i64");
}

template <class S, class D>
__global__ void cast_k(const S* s, D* d, int64_t n) { HAAD_GRID_LOOP(i, n) d[i] = (D)s[i]; }

template <class S>
static void cast_from(const S* s, DType to, void* d, int64_t n) {
  if (to == DType::F32) cast_k<S, float><<<blocks_for(n), kThreads>>>(s, (float*)d, n);
  else if (to == DType::F64) cast_k<S, double><<<blocks_for(n), kThreads>>>(s, (double*)d, n);
  else cast_k<S, int64_t><<<blocks_for(n), kThreads>>>(s, (int64_t*)d, n);
}

void cuda_cast(DType from, const void* src, DType to, void* dst, int64_t n) {
  if (n == 0) return;
  if (from == DType::F32) cast_from((const float*)src, to, dst, n);
  else if (from == DType::F64) cast_from((const double*)src, to, dst, n);
  else cast_from((const int64_t*)src, to, dst, n);
  HAAD_LAUNCH_CHECK("cast");
}

template <class T>
__global__ void uniform_k(T* d, int64_t n, double lo, double hi, uint64_t seed, uint64_t off) {
  HAAD_GRID_LOOP(i, n) d[i] = (T)(lo + (hi - lo) * rng_uniform53(seed, off + i));
}
template <class T>
__global__ void normal_k(T* d, int64_t n, double mean, double sd, uint64_t seed, uint64_t off) {
  HAAD_GRID_LOOP(i, n) {
    double u1 = rng_uniform53(seed, off + 2 * i), u2 = rng_uniform53(seed, off + 2 * i + 1);
    d[i] = (T)(mean + sd * sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2));
  }
}

static void check_fill_dtype(const char* fn, DType t) {
  if (t != DType::F32 && t != DType::F64)
    throw std::invalid_argument(std::string(fn) + ": needs f32 or f64, got " + dtype_name(t));
}

void cuda_fill_uniform(DType t, void* dst, int64_t n, double lo, double hi, uint64_t seed, uint64_t off) {
  check_fill_dtype("fill_uniform", t);
  if (n == 0) return;
  if (t == DType::F32) uniform_k<float><<<blocks_for(n), kThreads>>>((float*)dst, n, lo, hi, seed, off);
  else uniform_k<double><<<blocks_for(n), kThreads>>>((double*)dst, n, lo, hi, seed, off);
  HAAD_LAUNCH_CHECK("fill_uniform");
}
void cuda_fill_normal(DType t, void* dst, int64_t n, double mean, double sd, uint64_t seed, uint64_t off) {
  check_fill_dtype("fill_normal", t);
  if (n == 0) return;
  if (t == DType::F32) normal_k<float><<<blocks_for(n), kThreads>>>((float*)dst, n, mean, sd, seed, off);
  else normal_k<double><<<blocks_for(n), kThreads>>>((double*)dst, n, mean, sd, seed, off);
  HAAD_LAUNCH_CHECK("fill_normal");
}

}  // namespace haad
