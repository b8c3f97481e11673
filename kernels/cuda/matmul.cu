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
  });
  return h;
}

// Describe a row-major matrix X (rows x cols, strides rs, cs) as the cuBLAS
// operand X^T: op and leading dimension.
static void as_colmajor_transpose(int64_t rows, int64_t cols, int64_t rs, int64_t cs, cublasOperation_t& op, int64_t& ld) {
  if (cs == 1 || cols == 1) {  // X^T is column-major with ld = rs
    op = CUBLAS_OP_N;
    ld = rs;
    if (ld < cols) ld = cols;
  } else {  // rs == 1: X is column-major itself (ld = cs), so X^T needs op T
    op = CUBLAS_OP_T;
    ld = cs;
    if (ld < rows) ld = rows;
  }
}

void cuda_gemm_batched(const GemmArgs& g, int64_t batch, int64_t sa, int64_t sb, int64_t sc) {
  if (g.M == 0 || g.N == 0 || batch == 0) return;
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
