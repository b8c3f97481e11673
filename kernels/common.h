// Shared, dependency-free definitions for the kernel layer.
// Kernels see raw pointers and plain sizes only; the engine (tensor, autograd)
// sits on top and chooses which kernel to call.
#pragma once
#include <cstdint>
#include <cstddef>

namespace haad {

enum class DType : uint8_t { F32 = 0, F64 = 1, I64 = 2 };

inline size_t dtype_size(DType t) { return t == DType::F32 ? 4 : 8; }
inline const char* dtype_name(DType t) {
  return t == DType::F32 ? "f32" : t == DType::F64 ? "f64" : "i64";
}

constexpr int kMaxDims = 6;

// Strided N-d layout of one operand, used by copy and broadcasting kernels.
// Passed by value to CUDA kernels, so it must stay a POD.
struct Layout {
  int ndim;
  int64_t shape[kMaxDims];
  int64_t stride[kMaxDims];  // in elements; 0 for a broadcast dimension
};

// True when l describes a contiguous row-major block (size-1 dims ignored).
#if defined(__CUDACC__)
__host__ __device__
#endif
inline bool layout_contiguous(const Layout& l) {
  int64_t s = 1;
  for (int d = l.ndim - 1; d >= 0; --d) {
    if (l.shape[d] != 1 && l.stride[d] != s) return false;
    s *= l.shape[d];
  }
  return true;
}

// Elementwise unary op codes (forward and backward share the code).
enum class UnaryOp : uint8_t {
  Relu, Gelu, Silu, Tanh, Sigmoid, Exp, Log, Sqrt, Pow2, Abs, Neg,
  AddScalar, MulScalar, PowScalar
};

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div };

// Counter-based random numbers: the same (seed, counter) gives the same value
// on every backend and thread count, which makes runs bit-reproducible and lets
// CUDA dropout be checked against CPU dropout exactly.
#if defined(__CUDACC__)
#define HAAD_HD __host__ __device__ __forceinline__
#else
#define HAAD_HD inline
#endif

// a op b, shared by the CPU and CUDA binary kernels
template <class T>
HAAD_HD T binary_apply(BinaryOp op, T a, T b) {
  switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Div: return a / b;
  }
  return T(0);
}

HAAD_HD uint64_t rng_mix(uint64_t z) {  // splitmix64 finaliser
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
// Uniform in [0,1) with 24 bits, from (seed, counter).
HAAD_HD float rng_uniform(uint64_t seed, uint64_t counter) {
  return (float)(rng_mix(seed ^ rng_mix(counter)) >> 40) * (1.0f / 16777216.0f);
}
// Dropout's keep test for element i: one hash yields four 16-bit uniforms, for
// elements 4k..4k+3 (a quarter of the hashing of rng_uniform; p is resolved to
// 1/65536). CPU and CUDA call this same function, so their masks are identical.
HAAD_HD uint64_t dropout_bits(uint64_t seed, uint64_t i) { return rng_mix(seed ^ rng_mix(i >> 2)); }
HAAD_HD bool dropout_keep(uint64_t bits, uint64_t i, uint32_t p16) {
  return (uint32_t)((bits >> ((i & 3) * 16)) & 0xffff) >= p16;
}
HAAD_HD uint32_t dropout_threshold(double p) { return (uint32_t)(p * 65536.0 + 0.5); }
HAAD_HD double rng_uniform53(uint64_t seed, uint64_t counter) {
  return (double)(rng_mix(seed ^ rng_mix(counter)) >> 11) * (1.0 / 9007199254740992.0);
}

// Whether a row-major (rows x cols) matrix with strides (rs, cs) can be handed
// to BLAS (cuBLAS) as it is: one unit stride, and the other stride a real
// leading dimension covering the unit-stride extent. Broadcast operands (a
// zero stride from expand) and overlapping views are not: they are copied first.
enum class BlasLayout { None, RowMajor, ColMajor };
inline BlasLayout blas_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
  if (cs == 1 && (rows == 1 || rs >= (cols > 1 ? cols : 1))) return BlasLayout::RowMajor;
  if (rs == 1 && (cols == 1 || cs >= (rows > 1 ? rows : 1))) return BlasLayout::ColMajor;
  return BlasLayout::None;
}
inline bool blas_operand_ok(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
  return blas_layout(rows, cols, rs, cs) != BlasLayout::None;
}

}  // namespace haad
