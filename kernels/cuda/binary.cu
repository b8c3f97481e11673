// Broadcasting binary ops (operands carry broadcast strides) and where().
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

__global__ void binary_contig_k(BinaryOp op, const float* a, const float* b, float* o, int64_t n) {
  HAAD_GRID_LOOP(i, n) o[i] = binary_apply(op, a[i], b[i]);
}
__global__ void binary_k(BinaryOp op, const float* a, Layout la, const float* b, Layout lb, float* o, int64_t n) {
  HAAD_GRID_LOOP(i, n) o[i] = binary_apply(op, a[layout_offset(la, i)], b[layout_offset(lb, i)]);
}

void cuda_binary_fwd(BinaryOp op, const float* a, const Layout& la, const float* b, const Layout& lb, float* out, int64_t n) {
  if (n == 0) return;
  if (layout_contiguous(la) && layout_contiguous(lb)) binary_contig_k<<<blocks_for(n), kThreads>>>(op, a, b, out, n);
  else binary_k<<<blocks_for(n), kThreads>>>(op, a, la, b, lb, out, n);
  HAAD_LAUNCH_CHECK("binary");
}

__global__ void where_k(const float* c, const float* a, const float* b, float* o, int64_t n) {
  HAAD_GRID_LOOP(i, n) o[i] = c[i] != 0.f ? a[i] : b[i];
}
void cuda_where(const float* cond, const float* a, const float* b, float* out, int64_t n) {
  if (n == 0) return;
  where_k<<<blocks_for(n), kThreads>>>(cond, a, b, out, n);
  HAAD_LAUNCH_CHECK("where");
}

}  // namespace haad
