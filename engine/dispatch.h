// Helpers shared by the op files: device checks and the CUDA call macro.
// Without HAAD_CUDA the CUDA branch compiles to a clear error.
#pragma once
#include <stdexcept>
#include <initializer_list>
#include <string>
#include <utility>
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
// Every named operand is on `want` (an undefined tensor passes as `want`): a
// host pointer must never reach a CUDA kernel (an illegal address there kills
// CUDA for the whole process). Pure on Devices, so it is tested without a GPU.
void check_devices(const char* op, Device want, std::initializer_list<std::pair<const char*, Device>> operands);
inline Device device_or(const Tensor& t, Device d) { return t.defined() ? t.device() : d; }
void check_float(const char* op, const Tensor& x);  // f32/f64 (f32 only on CUDA)
// dst (any strides) <- src (any strides), same shape and dtype, same device
void kernel_copy(const Tensor& src, const Tensor& dst);

// batched GEMM without history (engine/ops/matmul.cpp): a [B, M, K] or [M, K],
// b [B, K, N] or [K, N], any strides in the last two dims; out [B, M, N]
Tensor bmm_raw(const Tensor& a, const Tensor& b);

template <class T> inline T* fptr(const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; }

}  // namespace haad
