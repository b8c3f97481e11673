// Temporal convolution as im2col + GEMM:
//   col[b] = im2col(x[b])              [Cin*Kw, Lout]
//   y[b]   = W [Cout, Cin*Kw] x col[b] (+ bias)
// except the float CPU forward with stride 1, which is a direct kernel
// (cpu_conv1d_direct_fwd: no column matrix, bias fused).
// backward: gW = sum_b gy[b] x col[b]^T, gcol[b] = W^T x gy[b], gx = col2im(gcol).
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

static Tensor im2col(const Tensor& x, int64_t kw, int64_t st, int64_t pad, int64_t dil, int64_t lout) {
  int64_t B = x.size(0), C = x.size(1), L = x.size(2);
  Tensor col = empty({B, C * kw, lout}, x.dtype(), x.device());
  if (x.device() == Device::CPU) cpu_im2col1d(x.dtype(), x.raw(), col.raw(), B, C, L, kw, st, pad, dil, lout);
  else HAAD_CUDA_CALL(cuda_im2col1d(x.data<float>(), col.data<float>(), B, C, L, kw, st, pad, dil, lout));
  return col;
}

Tensor conv1d(const Tensor& x0, const Tensor& w0, const Tensor& bias, int64_t stride, int64_t pad, int64_t dil) {
  check_float("conv1d", x0);
  check_same_device("conv1d", x0, w0);
  if (x0.dim() != 3 || w0.dim() != 3 || x0.size(1) != w0.size(1))
    op_error("conv1d", "expects x [B, Cin, L] and w [Cout, Cin, Kw], got " + x0.shape().str() + " and " + w0.shape().str());
  if (stride < 1 || dil < 1 || pad < 0) op_error("conv1d", "stride and dilation must be >= 1, padding >= 0");
  int64_t B = x0.size(0), Cin = x0.size(1), L = x0.size(2), Cout = w0.size(0), kw = w0.size(2);
  int64_t lout = (L + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
  if (lout < 1) op_error("conv1d", "output length < 1 for input length " + std::to_string(L));
  Tensor x = x0.contiguous().detach();
  Tensor w2 = w0.detach().contiguous().reshape({Cout, Cin * kw});
  Tensor y;
  bool direct = x.device() == Device::CPU && x.dtype() == DType::F32 && stride == 1;
  if (direct) {
    ProfScope ps("conv1d", x.device(), 2.0 * B * Cout * Cin * kw * lout);
    ps.io({&x, &w2});
    Tensor bc = bias.defined() ? bias.detach().contiguous() : Tensor();
    y = empty({B, Cout, lout}, x.dtype(), x.device());
    cpu_conv1d_direct_fwd(x.data<float>(), w2.data<float>(), bc.defined() ? bc.data<float>() : nullptr, y.data<float>(),
                          B, Cin, L, Cout, kw, pad, dil, lout);
  } else {
    ProfScope ps("conv1d", x.device(), 2.0 * B * Cout * Cin * kw * lout);
    ps.io({&x, &w2});
    Tensor col = im2col(x, kw, stride, pad, dil, lout);
    Tensor out = empty({B, Cout, lout}, x.dtype(), x.device());
    GemmArgs g{Cout, lout, Cin * kw, w2.raw(), Cin * kw, 1, col.raw(), lout, 1, out.raw(), lout, 1.0, 0.0};
    if (x.device() == Device::CPU) cpu_gemm_batched(x.dtype(), g, B, 0, Cin * kw * lout, Cout * lout);
    else HAAD_CUDA_CALL(cuda_gemm_batched(g, B, 0, Cin * kw * lout, Cout * lout));
    y = out;
  }
  if (bias.defined() && !direct) y = add(y, bias.detach().reshape({Cout, 1}));
  Dims ws = w0.shape();
  return record(y, "conv1d", {x0, w0, bias}, [x, w2, ws, B, Cin, L, Cout, kw, lout, stride, pad, dil](const Tensor& gy0) {
    Tensor gy = gy0.contiguous();
    ProfScope ps("conv1d_bwd", gy.device(), 4.0 * B * Cout * Cin * kw * lout);
    ps.io({&gy});
    int64_t CK = Cin * kw;
    // weight gradient: accumulate over batches with beta = 1
    Tensor col = im2col(x, kw, stride, pad, dil, lout);
    Tensor gw = empty({Cout, CK}, x.dtype(), x.device());
    for (int64_t b = 0; b < B; ++b) {
      GemmArgs g{Cout, CK, lout, gy.data<char>() + b * Cout * lout * dtype_size(x.dtype()), lout, 1,
                 col.data<char>() + b * CK * lout * dtype_size(x.dtype()), 1, lout, gw.raw(), CK, 1.0, b ? 1.0 : 0.0};
      if (x.device() == Device::CPU) cpu_gemm(x.dtype(), g);
      else HAAD_CUDA_CALL(cuda_gemm_batched(g, 1, 0, 0, 0));
    }
    // input gradient: gcol = W^T gy, then col2im
    Tensor gcol = empty({B, CK, lout}, x.dtype(), x.device());
    GemmArgs g{CK, lout, Cout, w2.raw(), 1, CK, gy.raw(), lout, 1, gcol.raw(), lout, 1.0, 0.0};
    Tensor gx = empty({B, Cin, L}, x.dtype(), x.device());
    if (x.device() == Device::CPU) {
      cpu_gemm_batched(x.dtype(), g, B, 0, Cout * lout, CK * lout);
      cpu_col2im1d(x.dtype(), gcol.raw(), gx.raw(), B, Cin, L, kw, stride, pad, dil, lout);
    } else {
      HAAD_CUDA_CALL(cuda_gemm_batched(g, B, 0, Cout * lout, CK * lout));
      HAAD_CUDA_CALL(cuda_col2im1d(gcol.data<float>(), gx.data<float>(), B, Cin, L, kw, stride, pad, dil, lout));
    }
    Tensor gb = sum(gy, {0, 2});
    return std::vector<Tensor>{gx, gw.reshape(ws), gb};
  });
}

}  // namespace haad
