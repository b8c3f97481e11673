// Matrix products. The primitive is a batched GEMM on [B, M, K] x [B, K, N]
// operands with any strides in the last two dims (transposes are free); a
// 2-D right operand is shared by all batches (batch stride 0).
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

// cuBLAS needs one unit stride and a real leading dimension per operand (a
// zero stride from broadcasting is not one); the CPU kernel takes any strides
static Tensor gemm_ready(const Tensor& t) {
  if (t.device() == Device::CPU) return t;
  int n = t.dim();
  if (blas_operand_ok(t.size(n - 2), t.size(n - 1), t.strides()[n - 2], t.strides()[n - 1])) return t;
  return t.contiguous();
}

// a [B, M, K] or [M, K], b [B, K, N] or [K, N] (2-D operands are shared by all
// batches); out [B, M, N], B = 1 when both are 2-D
Tensor bmm_raw(const Tensor& a0, const Tensor& b0) {
  Tensor a = gemm_ready(a0), b = gemm_ready(b0);
  bool a3 = a.dim() == 3, b3 = b.dim() == 3;
  int64_t B = a3 ? a.size(0) : b3 ? b.size(0) : 1;
  int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  Tensor c = empty({B, M, N}, a.dtype(), a.device());
  GemmArgs g{M, N, K, a.raw(), a.strides()[a.dim() - 2], a.strides()[a.dim() - 1],
             b.raw(), b.strides()[b.dim() - 2], b.strides()[b.dim() - 1], c.raw(), N, 1.0, 0.0};
  int64_t sa = a3 ? a.strides()[0] : 0, sb = b3 ? b.strides()[0] : 0;
  ProfScope ps("matmul", a.device(), 2.0 * B * M * N * K);
  ps.io({&a, &b, &c});
  if (a.device() == Device::CPU) cpu_gemm_batched(a.dtype(), g, B, sa, sb, M * N);
  else HAAD_CUDA_CALL(cuda_gemm_batched(g, B, sa, sb, M * N));
  return c;
}

// differentiable batched product of 3-D a and 3-D (or 2-D shared) b
static Tensor bmm(const Tensor& a, const Tensor& b) {
  Tensor c = bmm_raw(a.detach(), b.detach());
  Tensor ad = a.detach(), bd = b.detach();
  bool ga = a.requires_grad(), gb = b.requires_grad();
  return record(c, "matmul", {a, b}, [ad, bd, ga, gb](const Tensor& g) {
    Tensor gA, gB;
    if (ga) gA = bmm_raw(g, bd.transpose(-1, -2));  // [B,M,N] x [B,N,K]
    if (gb) {
      if (bd.dim() == 3) {
        gB = bmm_raw(ad.transpose(-1, -2), g);  // [B,K,M] x [B,M,N]
      } else {
        // shared b: sum over batches = one GEMM with batches folded into M
        int64_t Bn = g.size(0), M = g.size(1), N = g.size(2), K = ad.size(2);
        Tensor af = ad.contiguous().reshape({Bn * M, K}), gf = g.contiguous().reshape({Bn * M, N});
        gB = bmm_raw(af.transpose(0, 1), gf).reshape({K, N});
      }
    }
    return std::vector<Tensor>{gA, gB};
  });
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  check_float("matmul", a);
  check_same_device("matmul", a, b);
  if (a.dim() < 2 || b.dim() < 2) op_error("matmul", "operands need >= 2 dims: " + a.shape().str() + " x " + b.shape().str());
  if (a.size(-1) != b.size(-2))
    op_error("matmul", "inner dims differ: " + a.shape().str() + " x " + b.shape().str());
  int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  if (b.dim() == 2) {
    // fold all of a's batch dims into M: one large GEMM
    std::vector<int64_t> out = a.shape().vec();
    out.back() = N;
    Tensor a3 = a.dim() == 2 ? a.unsqueeze(0) : a.reshape({1, a.numel() / K, K});
    return bmm(a3, b).reshape(Dims(out));
  }
  // broadcast batch dims
  Dims ab = a.shape(), bb = b.shape();
  ab.n -= 2;
  bb.n -= 2;
  Dims batch = broadcast_shape(ab, bb);
  std::vector<int64_t> sa = batch.vec(), sb = batch.vec(), out = batch.vec();
  sa.push_back(M); sa.push_back(K);
  sb.push_back(K); sb.push_back(N);
  out.push_back(M); out.push_back(N);
  int64_t B = batch.numel();
  Tensor a3 = a.expand(Dims(sa)).reshape({B, M, K});
  Tensor b3 = b.expand(Dims(sb)).reshape({B, K, N});
  return bmm(a3, b3).reshape(Dims(out));
}

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& bias) {
  if (w.dim() != 2 || x.size(-1) != w.size(1))
    op_error("linear", "input " + x.shape().str() + " does not match weight " + w.shape().str());
  Tensor y = matmul(x, w.transpose(0, 1));
  return bias.defined() ? add(y, bias) : y;
}

Tensor cosine_similarity_matrix(const Tensor& a, const Tensor& b, double eps) {
  return matmul(l2_normalize(a, -1, eps), l2_normalize(b, -1, eps).transpose(0, 1));
}

}  // namespace haad
