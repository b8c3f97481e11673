// Device runtime: probe, memory, copies, NVTX. Never throws from the probe,
// so a machine without a driver simply reports zero devices.
#include <nvtx3/nvToolsExt.h>
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/cuda.h"

namespace haad {

int cuda_device_count() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error
    return 0;
  }
  return n;
}

std::string cuda_device_info() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) { cudaGetLastError(); return cudaGetErrorString(e); }
  if (n == 0) return "no CUDA device";
  cudaDeviceProp p;
  if (cudaGetDeviceProperties(&p, 0) != cudaSuccess) return "device 0 unreadable";
  return std::string(p.name) + ", sm_" + std::to_string(p.major) + std::to_string(p.minor) + ", " +
         std::to_string(p.totalGlobalMem >> 20) + " MiB";
}

void* cuda_malloc(size_t n) {
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    throw std::bad_alloc();
  }
  return p;
}
void cuda_free(void* p) { cudaFree(p); }
void cuda_memcpy_h2d(void* d, const void* s, size_t n) { HAAD_CUDA_CHECK(cudaMemcpy(d, s, n, cudaMemcpyHostToDevice)); }
void cuda_memcpy_d2h(void* d, const void* s, size_t n) { HAAD_CUDA_CHECK(cudaMemcpy(d, s, n, cudaMemcpyDeviceToHost)); }
void cuda_memcpy_d2d(void* d, const void* s, size_t n) { HAAD_CUDA_CHECK(cudaMemcpy(d, s, n, cudaMemcpyDeviceToDevice)); }
void cuda_synchronize() { HAAD_CUDA_CHECK(cudaDeviceSynchronize()); }
void cuda_nvtx_push(const char* name) { nvtxRangePushA(name); }
void cuda_nvtx_pop() { nvtxRangePop(); }

void cuda_graph_begin() {
  HAAD_CUDA_CHECK(cudaStreamBeginCapture(cudaStreamPerThread, cudaStreamCaptureModeRelaxed));
}
void* cuda_graph_end() {
  cudaGraph_t g = nullptr;
  HAAD_CUDA_CHECK(cudaStreamEndCapture(cudaStreamPerThread, &g));
  cudaGraphExec_t exec = nullptr;
  cudaError_t e = cudaGraphInstantiate(&exec, g, 0);
  cudaGraphDestroy(g);
  HAAD_CUDA_CHECK(e);
  return (void*)exec;
}
void cuda_graph_abort() {
  cudaStreamCaptureStatus st = cudaStreamCaptureStatusNone;
  if (cudaStreamIsCapturing(cudaStreamPerThread, &st) == cudaSuccess && st != cudaStreamCaptureStatusNone) {
    cudaGraph_t g = nullptr;
    cudaStreamEndCapture(cudaStreamPerThread, &g);  // also ends an invalidated capture
    if (g) cudaGraphDestroy(g);
  }
  cudaGetLastError();  // the capture error is not sticky; clear it so the next check is clean
}
void cuda_graph_launch(void* exec) { HAAD_CUDA_CHECK(cudaGraphLaunch((cudaGraphExec_t)exec, cudaStreamPerThread)); }
void cuda_graph_destroy(void* exec) {
  if (exec) cudaGraphExecDestroy((cudaGraphExec_t)exec);
}

}  // namespace haad
