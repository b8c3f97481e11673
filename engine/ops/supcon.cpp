// Fused supervised contrastive loss (see kernels/cpu/supcon.cpp for the math).
#include "engine/dispatch.h"
#include "engine/ops.h"

namespace haad {

Tensor supcon_loss(const Tensor& z0, const Tensor& labels0, double tau) {
  check_float("supcon_loss", z0);
  if (z0.dim() != 2) op_error("supcon_loss", "embeddings must be [N, D], got " + z0.shape().str());
  if (labels0.dtype() != DType::I64 || labels0.dim() != 1 || labels0.size(0) != z0.size(0))
    op_error("supcon_loss", "labels must be i64 [N] with N = " + std::to_string(z0.size(0)));
  if (tau <= 0) op_error("supcon_loss", "temperature must be positive");
  Tensor z = z0.contiguous().detach(), y = labels0.contiguous().to(z0.device());  // labels may come from the host
  int64_t N = z.size(0), D = z.size(1);
  Tensor prob = empty({N, N}, z.dtype(), z.device());
  double loss;
  {
    ProfScope ps("supcon", z.device(), 2.0 * N * N * D);
    ps.io({&z, &prob});
    if (z.device() == Device::CPU) loss = cpu_supcon_fwd(z.dtype(), z.raw(), y.data<int64_t>(), prob.raw(), N, D, tau);
    else {
      // scratch from the caching allocator (no cudaMalloc/cudaFree, no device-wide sync); npos is N ints in N floats' space
      Tensor row_loss = empty({N}, DType::F32, z.device()), npos = empty({N}, DType::F32, z.device());
      HAAD_CUDA_CALL(loss = cuda_supcon_fwd(z.data<float>(), y.data<int64_t>(), prob.data<float>(), row_loss.data<float>(),
                                            (int*)npos.raw(), N, D, tau));
    }
  }
  Tensor out = full({}, loss, z.dtype(), z.device());
  return record(out, "supcon", {z0}, [z, y, prob, N, D, tau](const Tensor& g) {
    double gout = g.item();
    Tensor gz = empty({N, D}, z.dtype(), z.device());
    ProfScope ps("supcon_bwd", z.device(), 4.0 * N * N * D);
    ps.io({&z, &prob, &gz});
    if (z.device() == Device::CPU)
      cpu_supcon_bwd(z.dtype(), z.raw(), y.data<int64_t>(), prob.raw(), gz.raw(), N, D, tau, gout);
    else {
      Tensor npos = empty({N}, DType::F32, z.device()), G = empty({N, N}, DType::F32, z.device());
      HAAD_CUDA_CALL(cuda_supcon_bwd(z.data<float>(), y.data<int64_t>(), prob.data<float>(), gz.data<float>(), (int*)npos.raw(),
                                     G.data<float>(), N, D, tau, gout));
    }
    return std::vector<Tensor>{gz};
  });
}

}  // namespace haad
