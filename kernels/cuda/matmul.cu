// GEMM on CUDA through cuBLAS (strided-batched SGEMM, FP32 math: no TF32, so
// results stay within fp32 rounding of the CPU kernel).
// haad's row-major C = A x B is cuBLAS's column-major C^T = B^T x A^T, so the
// operands swap places; each operand's unit stride picks N or T.
#include <cublas_v2.h>
#include <mutex>
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

static cublasHandle_t handle() {
  static cublasHandle_t h = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasCreate failed");
    // the stream every haad kernel uses (per-thread default), so GEMMs can be captured in CUDA graphs
    cublasSetStream(h, cudaStreamPerThread);
    // A fixed workspace: without one, cuBLAS may allocate during a graph
    // capture, which the capture does not record (the replay would use freed
    // memory). 32 MiB is what cuBLAS recommends for Hopper.
    static void* ws = nullptr;
    const size_t ws_bytes = 32u << 20;
    if (cudaMalloc(&ws, ws_bytes) == cudaSuccess) cublasSetWorkspace(h, ws, ws_bytes);
    else cudaGetLastError();
  });
  return h;
}

// Describe a row-major matrix X (rows x cols, strides rs, cs) as the cuBLAS
// operand X^T: op and leading dimension. The caller made sure it is a valid
// BLAS operand (blas_operand_ok); anything else is a bug, not a guess.
static void as_colmajor_transpose(int64_t rows, int64_t cols, int64_t rs, int64_t cs, cublasOperation_t& op, int64_t& ld) {
  BlasLayout l = blas_layout(rows, cols, rs, cs);
  if (l == BlasLayout::None)
    throw std::logic_error("cuda gemm: operand " + std::to_string(rows) + "x" + std::to_string(cols) + " with strides (" +
                           std::to_string(rs) + ", " + std::to_string(cs) + ") is not a BLAS operand");
  if (l == BlasLayout::RowMajor) {  // X^T is column-major with ld = rs
    op = CUBLAS_OP_N;
    ld = rows == 1 ? (cols > 1 ? cols : 1) : rs;
  } else {  // rs == 1: X is column-major itself (ld = cs), so X^T needs op T
    op = CUBLAS_OP_T;
    ld = cols == 1 ? (rows > 1 ? rows : 1) : cs;
  }
}

// C = beta * C over a batch (K == 0 or alpha == 0: cuBLAS rejects K == 0, the
// CPU kernel scales C, so this does the same)
__global__ void scale_c_k(float* C, int64_t M, int64_t N, int64_t rsc, int64_t sc, int64_t batch, float beta) {
  HAAD_GRID_LOOP(t, batch * M * N) {
    int64_t b = t / (M * N), r = t % (M * N), i = r / N, j = r % N;
    float* c = C + b * sc + i * rsc + j;
    *c = beta == 0.f ? 0.f : beta * *c;
  }
}

void cuda_gemm_batched(const GemmArgs& g, int64_t batch, int64_t sa, int64_t sb, int64_t sc) {
  if (g.M == 0 || g.N == 0 || batch == 0) return;
  if (g.K == 0 || g.alpha == 0.0) {
    if (g.beta != 1.0) {
      scale_c_k<<<blocks_for(batch * g.M * g.N), kThreads>>>((float*)g.C, g.M, g.N, g.rsc, sc, batch, (float)g.beta);
      HAAD_LAUNCH_CHECK("gemm_scale_c");
    }
    return;
  }
  cublasOperation_t opa, opb;
  int64_t lda, ldb;
  as_colmajor_transpose(g.K, g.N, g.rsb, g.csb, opb, ldb);  // first cuBLAS operand: B^T (N x K)
  as_colmajor_transpose(g.M, g.K, g.rsa, g.csa, opa, lda);  // second: A^T (K x M)
  float alpha = (float)g.alpha, beta = (float)g.beta;
  cublasStatus_t st = cublasSgemmStridedBatched(handle(), opb, opa, (int)g.N, (int)g.M, (int)g.K, &alpha,
                                                (const float*)g.B, (int)ldb, sb, (const float*)g.A, (int)lda, sa,
                                                &beta, (float*)g.C, (int)g.rsc, sc, (int)batch);
  if (st != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasSgemmStridedBatched failed: status " + std::to_string((int)st));
}

}  // namespace haad
