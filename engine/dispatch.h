// Helpers shared by the op files: device checks and the CUDA call macro.
// Without HAAD_CUDA the CUDA branch compiles to a clear error.
#pragma once
#include <stdexcept>
#include <string>
#include "engine/profiler.h"
#include "engine/tensor.h"
#include "kernels/cpu/cpu.h"
#include "kernels/cuda/cuda.h"

#ifdef HAAD_CUDA
#define HAAD_CUDA_CALL(...) __VA_ARGS__
#else
#define HAAD_CUDA_CALL(...) throw std::runtime_error("haad was built without CUDA")
#endif

namespace haad {

[[noreturn]] void op_error(const char* op, const std::string& msg);
void check_same_device(const char* op, const Tensor& a, const Tensor& b);
void check_float(const char* op, const Tensor& x);  // f32/f64 (f32 only on CUDA)
// dst (any strides) <- src (any strides), same shape and dtype, same device
void kernel_copy(const Tensor& src, const Tensor& dst);

// batched GEMM without history (engine/ops/matmul.cpp): a [B, M, K] or [M, K],
// b [B, K, N] or [K, N], any strides in the last two dims; out [B, M, N]
Tensor bmm_raw(const Tensor& a, const Tensor& b);

template <class T> inline T* fptr(const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; }

}  // namespace haad
