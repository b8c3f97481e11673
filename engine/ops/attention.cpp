// Scaled dot-product attention as one op: two batched GEMMs around a fused
// scale + key-mask + softmax kernel (kernels/{cpu,cuda}/attention). Only the
// probabilities P [B*H, Tq, Tk] are kept for backward:
//   dV = P^T dO,  dP = dO V^T,  dS = scale * P (dP - rowsum(dP P)),
//   dQ = dS K,    dK = dS^T Q.
#include <cmath>
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

Tensor attention(const Tensor& q0, const Tensor& k0, const Tensor& v0, const Tensor& mask0, double scale) {
  check_float("attention", q0);
  check_same_device("attention", q0, k0);
  check_same_device("attention", q0, v0);
  if (q0.dim() != 4 || k0.dim() != 4 || v0.dim() != 4)
    op_error("attention", "q, k, v must be [B, H, T, D], got " + q0.shape().str() + ", " + k0.shape().str() + ", " +
                              v0.shape().str());
  int64_t B = q0.size(0), H = q0.size(1), Tq = q0.size(2), D = q0.size(3), Tk = k0.size(2), Dv = v0.size(3);
  if (k0.size(0) != B || v0.size(0) != B || k0.size(1) != H || v0.size(1) != H || k0.size(3) != D || v0.size(2) != Tk)
    op_error("attention", "shapes disagree: q " + q0.shape().str() + ", k " + k0.shape().str() + ", v " +
                              v0.shape().str());
  Tensor mask;
  if (mask0.defined()) {
    if (mask0.dim() != 2 || mask0.size(0) != B || mask0.size(1) != Tk)
      op_error("attention", "key mask must be [B, Tk] = [" + std::to_string(B) + ", " + std::to_string(Tk) +
                                "], got " + mask0.shape().str());
    mask = mask0.detach().to(q0.dtype()).to(q0.device()).contiguous();
  }
  if (scale <= 0) scale = 1.0 / std::sqrt((double)D);
  int64_t BH = B * H;
  Tensor q = q0.detach().reshape({BH, Tq, D}), k = k0.detach().reshape({BH, Tk, D}),
         v = v0.detach().reshape({BH, Tk, Dv});
  Tensor s = bmm_raw(q, k.transpose(1, 2));  // [BH, Tq, Tk]
  Tensor p = empty(s.shape(), s.dtype(), s.device());
  {
    ProfScope ps("attn_softmax", s.device());
    ps.io({&s, &p});
    if (s.device() == Device::CPU)
      cpu_attn_softmax_fwd(s.dtype(), s.raw(), mask.defined() ? mask.raw() : nullptr, p.raw(), BH * Tq, H * Tq, Tk,
                           scale);
    else
      HAAD_CUDA_CALL(cuda_attn_softmax_fwd(s.data<float>(), fptr<float>(mask), p.data<float>(), BH * Tq, H * Tq, Tk,
                                           scale));
  }
  Tensor o = bmm_raw(p, v).reshape({B, H, Tq, Dv});
  bool gq = q0.requires_grad(), gk = k0.requires_grad(), gv = v0.requires_grad();
  return record(o, "attention", {q0, k0, v0}, [q, k, v, p, B, H, Tq, Tk, Dv, scale, gq, gk, gv](const Tensor& g0) {
    Tensor g = g0.contiguous().reshape({B * H, Tq, Dv});
    Tensor dq, dk, dv;
    if (gv) dv = bmm_raw(p.transpose(1, 2), g).reshape({B, H, Tk, Dv});
    if (gq || gk) {
      Tensor dp = bmm_raw(g, v.transpose(1, 2));  // [BH, Tq, Tk]
      Tensor ds = empty(dp.shape(), dp.dtype(), dp.device());
      {
        ProfScope ps("attn_softmax_bwd", dp.device());
        ps.io({&p, &dp, &ds});
        if (dp.device() == Device::CPU)
          cpu_attn_softmax_bwd(dp.dtype(), p.raw(), dp.raw(), ds.raw(), B * H * Tq, Tk, scale);
        else
          HAAD_CUDA_CALL(cuda_attn_softmax_bwd(p.data<float>(), dp.data<float>(), ds.data<float>(), B * H * Tq, Tk,
                                               scale));
      }
      if (gq) dq = bmm_raw(ds, k).reshape({B, H, Tq, k.size(2)});
      if (gk) dk = bmm_raw(ds.transpose(1, 2), q).reshape({B, H, Tk, q.size(2)});
    }
    return std::vector<Tensor>{dq, dk, dv};
  });
}

}  // namespace haad
