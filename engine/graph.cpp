#include "engine/graph.h"
#include <stdexcept>
#include "kernels/cuda/cuda.h"

namespace haad {

static thread_local bool g_capturing = false;
bool graph_capturing() { return g_capturing; }

CudaGraph::~CudaGraph() { reset(); }

void CudaGraph::reset() {
  cuda_graph_destroy(exec_);
  exec_ = nullptr;
  private_pool_release(pool_);
  pool_ = nullptr;
}

void CudaGraph::capture(const std::function<void()>& fn) {
  reset();
  pool_ = private_pool_begin(Device::CUDA);
  try {
    fn();  // warm-up: every block the second run needs is now in the private pool
    cuda_synchronize();
    g_capturing = true;
    cuda_graph_begin();
    fn();
    exec_ = cuda_graph_end();
    g_capturing = false;
  } catch (...) {
    g_capturing = false;
    private_pool_end(Device::CUDA);
    throw;
  }
  private_pool_end(Device::CUDA);
}

void CudaGraph::replay() {
  if (!exec_) throw std::logic_error("CudaGraph::replay before capture");
  cuda_graph_launch(exec_);
}

}  // namespace haad
