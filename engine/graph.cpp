#include "engine/graph.h"
#include <stdexcept>
#include "kernels/cuda/cuda.h"

namespace haad {

static thread_local bool g_capturing = false;
bool graph_capturing() { return g_capturing; }

static const GraphBackend kCuda = {cuda_synchronize, cuda_graph_begin, cuda_graph_end, cuda_graph_abort,
                                   cuda_graph_launch, cuda_graph_destroy};
static const GraphBackend* g_backend = &kCuda;
void set_graph_backend(const GraphBackend* b) { g_backend = b ? b : &kCuda; }

CudaGraph::~CudaGraph() { reset(); }

void CudaGraph::reset() {
  if (exec_) g_backend->destroy(exec_);
  exec_ = nullptr;
  private_pool_release(pool_);
  pool_ = nullptr;
}

void CudaGraph::capture(const std::function<void()>& fn) {
  reset();
  pool_ = private_pool_begin(Device::CUDA);
  bool began = false;
  try {
    fn();  // warm-up: every block the second run needs is now in the private pool
    g_backend->sync();
    g_backend->begin();
    began = true;
    g_capturing = true;
    fn();
    g_capturing = false;
    began = false;  // end() closes the capture whether or not it succeeds
    exec_ = g_backend->end();
  } catch (...) {
    g_capturing = false;
    // Without this the stream stays in capture mode: every later kernel would
    // be recorded and never run, and synchronous copies would fail.
    if (began) g_backend->abort();
    private_pool_end(Device::CUDA);
    private_pool_release(pool_);
    pool_ = nullptr;
    throw;
  }
  private_pool_end(Device::CUDA);
}

void CudaGraph::replay() {
  if (!exec_) throw std::logic_error("CudaGraph::replay before capture");
  g_backend->launch(exec_);
}

}  // namespace haad
