// Built instead of runtime.cu when haad is compiled without CUDA.
#include <stdexcept>
#include "kernels/cuda/cuda.h"

namespace haad {

static void no_cuda() {
  throw std::runtime_error("haad was built without CUDA (configure with -DHAAD_CUDA=ON on a machine with nvcc)");
}
int cuda_device_count() { return 0; }
std::string cuda_device_info() { return "not compiled with CUDA"; }
void* cuda_malloc(size_t) { no_cuda(); return nullptr; }
void cuda_free(void*) {}
void cuda_memcpy_h2d(void*, const void*, size_t) { no_cuda(); }
void cuda_memcpy_d2h(void*, const void*, size_t) { no_cuda(); }
void cuda_memcpy_d2d(void*, const void*, size_t) { no_cuda(); }
void cuda_synchronize() {}
void cuda_nvtx_push(const char*) {}
void cuda_nvtx_pop() {}
void cuda_graph_begin() { no_cuda(); }
void* cuda_graph_end() { no_cuda(); return nullptr; }
void cuda_graph_abort() {}
void cuda_graph_launch(void*) { no_cuda(); }
void cuda_graph_destroy(void*) {}

}  // namespace haad
