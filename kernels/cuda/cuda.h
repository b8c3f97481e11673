// CUDA kernels: the same families and signatures as kernels/cpu/cpu.h, float32
// only (f64 exists on the CPU for gradient checks). Device pointers throughout.
// The runtime helpers (first block) are always linked: without HAAD_CUDA they
// come from stub.cpp and report that CUDA is not compiled in.
#pragma once
#include <cstddef>
#include <string>
#include "kernels/common.h"
#include "kernels/cpu/cpu.h"  // GemmArgs

namespace haad {

// ---- runtime.cu / stub.cpp
int cuda_device_count();          // 0 when there is no driver or device (never throws)
std::string cuda_device_info();
void* cuda_malloc(size_t n);
void cuda_free(void* p);
void cuda_memcpy_h2d(void* dst, const void* src, size_t n);
void cuda_memcpy_d2h(void* dst, const void* src, size_t n);
void cuda_memcpy_d2d(void* dst, const void* src, size_t n);
void cuda_synchronize();
void cuda_nvtx_push(const char* name);
void cuda_nvtx_pop();
// CUDA graphs. All kernels run on the per-thread default stream (nvcc
// --default-stream per-thread; cuBLAS is bound to it), which can be captured.
void cuda_graph_begin();               // start capturing this thread's stream (relaxed mode)
void* cuda_graph_end();                // stop capturing; returns an instantiated graph
void cuda_graph_abort();               // end a failed capture, discard it, clear the error state
void cuda_graph_launch(void* exec);    // replay it on this thread's stream
void cuda_graph_destroy(void* exec);

#ifdef HAAD_CUDA
// ---- layout.cu
void cuda_copy(DType t, const void* src, const Layout& ls, void* dst, const Layout& ld);
void cuda_fill(DType t, void* dst, int64_t n, double value);
void cuda_add_i64(int64_t* x, int64_t n, int64_t v);  // x += v
void cuda_cast(DType from, const void* src, DType to, void* dst, int64_t n);
// f32 or f64; the same counter-based values as the CPU fills, bit for bit
void cuda_fill_uniform(DType t, void* dst, int64_t n, double lo, double hi, uint64_t seed, uint64_t offset);
void cuda_fill_normal(DType t, void* dst, int64_t n, double mean, double std, uint64_t seed, uint64_t offset);
// ---- unary.cu
void cuda_unary_fwd(UnaryOp op, const float* x, float* y, int64_t n, float s);
void cuda_unary_bwd(UnaryOp op, const float* x, const float* y, const float* gy, float* gx, int64_t n, float s);
// ---- binary.cu
void cuda_binary_fwd(BinaryOp op, const float* a, const Layout& la, const float* b, const Layout& lb,
                     float* out, int64_t n);
void cuda_where(const float* cond, const float* a, const float* b, float* out, int64_t n);
// ---- reduce.cu
void cuda_sum_axis(const float* x, float* y, int64_t outer, int64_t r, int64_t inner);
void cuda_max_axis(const float* x, float* y, int64_t* argmax, int64_t outer, int64_t r, int64_t inner);
void cuda_max_axis_bwd(const float* gy, const int64_t* argmax, float* gx, int64_t outer, int64_t r, int64_t inner);
// ---- softmax.cu
void cuda_softmax_fwd(const float* x, float* y, int64_t rows, int64_t cols, bool log);
void cuda_softmax_bwd(const float* y, const float* gy, float* gx, int64_t rows, int64_t cols, bool log);
// ---- norm.cu
void cuda_layernorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, double eps);
void cuda_layernorm_bwd(const float* gy, const float* x, const float* g, const float* mean, const float* rstd,
                        float* gx, float* gg, float* gb, int64_t rows, int64_t cols);
void cuda_batchnorm_fwd(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd,
                        float* rm, float* rv, int64_t outer, int64_t C, int64_t inner, double eps,
                        double momentum, bool training);
void cuda_batchnorm_bwd(const float* gy, const float* x, const float* g, const float* mean, const float* rstd,
                        float* gx, float* gg, float* gb, int64_t outer, int64_t C, int64_t inner, bool training);
// ---- matmul.cu (cuBLAS; handle created on first use)
void cuda_gemm_batched(const GemmArgs& g, int64_t batch, int64_t sa, int64_t sb, int64_t sc);
// ---- conv1d.cu
void cuda_im2col1d(const float* x, float* col, int64_t batch, int64_t cin, int64_t len, int64_t kw, int64_t stride,
                   int64_t pad, int64_t dil, int64_t lout);
void cuda_col2im1d(const float* col, float* gx, int64_t batch, int64_t cin, int64_t len, int64_t kw, int64_t stride,
                   int64_t pad, int64_t dil, int64_t lout);
// ---- index.cu
void cuda_index_select(DType t, const void* x, const int64_t* idx, void* out, int64_t outer, int64_t n,
                       int64_t inner, int64_t m);
void cuda_index_select_bwd(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n,
                           int64_t inner, int64_t m);
void cuda_gather(DType t, const void* x, const int64_t* idx, void* out, int64_t outer, int64_t n,
                 int64_t inner, int64_t m);
void cuda_gather_bwd(const float* gy, const int64_t* idx, float* gx, int64_t outer, int64_t n,
                     int64_t inner, int64_t m);
// ---- dropout.cu
void cuda_dropout_fwd(const float* x, float* y, int64_t n, double p, uint64_t seed, uint64_t offset);
// ---- optim.cu
void cuda_adamw_step(float* p, const float* g, float* m, float* v, int64_t n, double lr, double b1,
                     double b2, double eps, double wd, double bc1, double bc2, bool decoupled);
void cuda_sgd_step(float* p, const float* g, float* buf, int64_t n, double lr, double momentum,
                   double dampening, double wd, bool nesterov, bool first);
// *out (device) = sum of x^2, in double; no host sync (the caller reads all results at once)
void cuda_sumsq(const float* x, int64_t n, double* out);
// ---- supcon.cu (same contract as cpu_supcon_*; loss returned to the host).
// Scratch comes from the caller (haad's caching allocator): row_loss and npos
// hold N floats / ints, G holds N*N floats. N == 0 is a no-op (loss 0).
double cuda_supcon_fwd(const float* z, const int64_t* y, float* prob, float* row_loss, int* npos, int64_t N, int64_t D,
                       double tau);
void cuda_supcon_bwd(const float* z, const int64_t* y, const float* prob, float* gz, int* npos, float* G, int64_t N, int64_t D, double tau,
                     double gout);
// ---- attention.cu (same contract as cpu_attn_softmax_*)
void cuda_attn_softmax_fwd(const float* s, const float* mask, float* p, int64_t rows, int64_t rows_per_batch,
                           int64_t tk, double scale);
void cuda_attn_softmax_bwd(const float* p, const float* gp, float* gs, int64_t rows, int64_t tk, double scale);
#endif

}  // namespace haad
