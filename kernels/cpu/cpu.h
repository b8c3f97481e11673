// CPU kernels. One .cpp per op family; forward and backward live together.
// All kernels take raw pointers and sizes; floating kernels dispatch on DType
// (f32 for speed, f64 so gradient checks can run in double precision).
// Unless a Layout is passed, buffers are contiguous.
#pragma once
#include "kernels/common.h"

namespace haad {

// ---- layout.cpp: copies, fills, casts, random fills
void cpu_copy(DType t, const void* src, const Layout& ls, void* dst, const Layout& ld);
void cpu_fill(DType t, void* dst, int64_t n, double value);
void cpu_add_i64(int64_t* x, int64_t n, int64_t v);  // x += v
void cpu_cast(DType from, const void* src, DType to, void* dst, int64_t n);
void cpu_fill_uniform(DType t, void* dst, int64_t n, double lo, double hi, uint64_t seed, uint64_t offset);
void cpu_fill_normal(DType t, void* dst, int64_t n, double mean, double std, uint64_t seed, uint64_t offset);

// ---- unary.cpp: y = f(x); gx = gy * f'(x)  (y is the forward output)
void cpu_unary_fwd(DType t, UnaryOp op, const void* x, void* y, int64_t n, double s);
void cpu_unary_bwd(DType t, UnaryOp op, const void* x, const void* y, const void* gy,
                   void* gx, int64_t n, double s);

// ---- binary.cpp: out = a op b with broadcasting strides (out contiguous)
void cpu_binary_fwd(DType t, BinaryOp op, const void* a, const Layout& la,
                    const void* b, const Layout& lb, void* out, int64_t n);
// out = cond != 0 ? a : b   (all contiguous, same size)
void cpu_where(DType t, const void* cond, const void* a, const void* b, void* out, int64_t n);

// ---- reduce.cpp: x viewed as [outer, r, inner], reduce over r
void cpu_sum_axis(DType t, const void* x, void* y, int64_t outer, int64_t r, int64_t inner);
void cpu_max_axis(DType t, const void* x, void* y, int64_t* argmax, int64_t outer, int64_t r, int64_t inner);
// gx = 0 except gx[o, argmax[o,i], i] = gy[o, i]
void cpu_max_axis_bwd(DType t, const void* gy, const int64_t* argmax, void* gx,
                      int64_t outer, int64_t r, int64_t inner);

// ---- softmax.cpp: over the last dim of [rows, cols]
void cpu_softmax_fwd(DType t, const void* x, void* y, int64_t rows, int64_t cols, bool log);
void cpu_softmax_bwd(DType t, const void* y, const void* gy, void* gx, int64_t rows, int64_t cols, bool log);

// ---- norm.cpp
// layer norm over the last dim; mean/rstd are [rows] in the same dtype.
void cpu_layernorm_fwd(DType t, const void* x, const void* gamma, const void* beta, void* y,
                       void* mean, void* rstd, int64_t rows, int64_t cols, double eps);
void cpu_layernorm_bwd(DType t, const void* gy, const void* x, const void* gamma,
                       const void* mean, const void* rstd, void* gx, void* ggamma, void* gbeta,
                       int64_t rows, int64_t cols);
// batch norm: x viewed as [outer, C, inner]; statistics per channel over outer*inner.
// training: computes batch mean/rstd (saved) and updates running stats (momentum);
// eval: uses running stats.
void cpu_batchnorm_fwd(DType t, const void* x, const void* gamma, const void* beta, void* y,
                       void* mean, void* rstd, void* run_mean, void* run_var,
                       int64_t outer, int64_t C, int64_t inner, double eps, double momentum,
                       bool training);
void cpu_batchnorm_bwd(DType t, const void* gy, const void* x, const void* gamma,
                       const void* mean, const void* rstd, void* gx, void* ggamma, void* gbeta,
                       int64_t outer, int64_t C, int64_t inner, bool training);

// ---- matmul.cpp: C = alpha * A*B + beta*C with general strides:
// A(i,k) = A[i*rsa + k*csa], B(k,j) = B[k*rsb + j*csb], C(i,j) = C[i*rsc + j]
struct GemmArgs {
  int64_t M, N, K;
  const void* A; int64_t rsa, csa;
  const void* B; int64_t rsb, csb;
  void* C; int64_t rsc;
  double alpha, beta;
};
void cpu_gemm(DType t, const GemmArgs& g);
// batched: operand b at base + b*batch_stride
void cpu_gemm_batched(DType t, const GemmArgs& g, int64_t batch,
                      int64_t sa, int64_t sb, int64_t sc);
// the float path, exposed for benchmarks: packed, cache-blocked AVX2/FMA micro-kernel
void cpu_sgemm(const GemmArgs& g);
// naive triple loop in double accumulation: the reference for tests
void cpu_gemm_naive(DType t, const GemmArgs& g);

// ---- conv1d.cpp: im2col for x [B, Cin, L] -> col [B, Cin*Kw, Lout]; col2im sums back into gx
void cpu_im2col1d(DType t, const void* x, void* col, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                  int64_t stride, int64_t pad, int64_t dil, int64_t lout);
void cpu_col2im1d(DType t, const void* col, void* gx, int64_t batch, int64_t cin, int64_t len, int64_t kw,
                  int64_t stride, int64_t pad, int64_t dil, int64_t lout);
// direct forward (float, stride 1): y [B, Cout, Lout] = conv(x [B, Cin, L], w [Cout, Cin, Kw]) + bias (may be null)
void cpu_conv1d_direct_fwd(const float* x, const float* w, const float* bias, float* y, int64_t batch, int64_t cin,
                           int64_t len, int64_t cout, int64_t kw, int64_t pad, int64_t dil, int64_t lout);

// ---- index.cpp: x viewed as [outer, n, inner]; idx has m entries in [0,n)
// out[o, i, :] = x[o, idx[i], :]           (index_select / embedding)
void cpu_index_select(DType t, const void* x, const int64_t* idx, void* out,
                      int64_t outer, int64_t n, int64_t inner, int64_t m);
// gx[o, idx[i], :] += gy[o, i, :]          (gx must be zeroed by the caller)
void cpu_index_select_bwd(DType t, const void* gy, const int64_t* idx, void* gx,
                          int64_t outer, int64_t n, int64_t inner, int64_t m);
// out[o, j, k] = x[o, idx[o, j, k], k]     (gather along a dim; idx is [outer, m, inner])
void cpu_gather(DType t, const void* x, const int64_t* idx, void* out,
                int64_t outer, int64_t n, int64_t inner, int64_t m);
void cpu_gather_bwd(DType t, const void* gy, const int64_t* idx, void* gx,
                    int64_t outer, int64_t n, int64_t inner, int64_t m);
// checks every index is in [0, n); returns the first bad position or -1
int64_t cpu_check_index(const int64_t* idx, int64_t m, int64_t n);

// ---- dropout.cpp: keep element i when uniform(seed, offset+i) >= p; scale 1/(1-p).
// The mask is recomputed in backward, never stored.
void cpu_dropout_fwd(DType t, const void* x, void* y, int64_t n, double p, uint64_t seed, uint64_t offset);
void cpu_dropout_bwd(DType t, const void* gy, void* gx, int64_t n, double p, uint64_t seed, uint64_t offset);

// ---- optim.cpp: fused parameter updates (f32 and f64)
void cpu_adamw_step(DType t, void* p, const void* g, void* m, void* v, int64_t n, double lr,
                    double b1, double b2, double eps, double wd, double bc1, double bc2, bool decoupled);
void cpu_sgd_step(DType t, void* p, const void* g, void* buf, int64_t n, double lr, double momentum,
                  double dampening, double wd, bool nesterov, bool first);
double cpu_sumsq(DType t, const void* x, int64_t n);

// ---- supcon.cpp: fused supervised contrastive loss over z [N, D] (rows L2-normalised
// by the caller) with labels y [N]; prob [N, N] is scratch kept for backward.
// Returns the loss; backward writes gz = dL/dz scaled by gout.
double cpu_supcon_fwd(DType t, const void* z, const int64_t* y, void* prob, int64_t N, int64_t D, double tau);
void cpu_supcon_bwd(DType t, const void* z, const int64_t* y, const void* prob, void* gz, int64_t N, int64_t D,
                    double tau, double gout);

// ---- fused.cpp: the inference plan's kernels (contrastive/plan.h); float,
// forward only. B operand of the plan GEMMs: B(k, j) = p[(j / nr) * pstride +
// k * ldb + j % nr] -- weights packed into nr-column panels, or row-major --
// or, when rows is set, B(k, j) = rows[k][j] (the shifted input rows of a
// direct convolution).
struct PlanB {
  const float* p;
  int64_t ldb, pstride;
  int nr;  // 16: AVX2 kernel, 32: AVX-512 kernel
  const float* const* rows;
};
int cpu_plan_panel_width();  // 32 on the AVX-512 path, 16 on AVX2
int64_t cpu_plan_packed_size(int64_t K, int64_t N, int nr);
void cpu_plan_pack(const float* W, int64_t K, int64_t N, int nr, float* out);  // W [K, N] row-major, zero-padded panels
PlanB plan_b_packed(const float* packed, int64_t K, int nr);
PlanB plan_b_rowmajor(const float* B, int64_t ld, int nr);
PlanB plan_b_rows(const float* const* rows, int nr);
// What happens to each row of C once computed: nothing; C = GELU(C);
// out += GELU(C); out += GELU(LayerNorm(C) * gamma + beta);
// C = ReLU(C + beta[j % period]) (a per-channel bias on [.., channels] rows);
// out = ReLU(out + C).
struct PlanEpilogue {
  enum Kind { None, Gelu, GeluResidual, NormGeluResidual, ChannelBiasRelu, ResidualRelu } kind = None;
  const float* gamma = nullptr;
  const float* beta = nullptr;
  float eps = 1e-5f;
  float* out = nullptr;
  int64_t ldo = 0;
  int64_t period = 1;
};
// C[M, N] = A[M, K] (row stride lda) * B + bias (may be null), then the epilogue per row
void cpu_plan_gemm(const float* A, int64_t lda, int64_t M, int64_t K, const PlanB& B, int64_t N, const float* bias,
                   float* C, int64_t ldc, const PlanEpilogue& ep);
// X viewed as [rows, groups, cols]: out[g, :] = mean over rows of X[:, g, :]
void cpu_plan_mean_rows(const float* X, int64_t groups, int64_t rows, int64_t cols, float* out);
void cpu_plan_l2_normalize(float* X, int64_t rows, int64_t cols, float eps);  // each row / max(|row|, eps)
// out[i, j] = E[i, :] . S[j, :]  (E [n, d], S [k, d])
void cpu_plan_similarities(const float* E, int64_t n, const float* S, int64_t k, int64_t d, float* out);

// ---- attention.cpp: fused scaled, key-masked softmax of attention scores.
// s, p: [rows, tk] with rows = B*H*Tq ordered (b, h, q); mask: [B, tk] (nonzero =
// keep) or null, row r uses mask row r / rows_per_batch (= H*Tq).
void cpu_attn_softmax_fwd(DType t, const void* s, const void* mask, void* p, int64_t rows, int64_t rows_per_batch,
                          int64_t tk, double scale);
// gs = scale * p * (gp - rowsum(gp * p))
void cpu_attn_softmax_bwd(DType t, const void* p, const void* gp, void* gs, int64_t rows, int64_t tk, double scale);

}  // namespace haad
