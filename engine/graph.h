// Capture-and-replay of a fixed sequence of ops as one CUDA graph, so loops
// that run the same small network many times (diffusion sampling) are not
// bound by kernel-launch latency. The captured function must read its inputs
// from, and leave its outputs in, tensors that outlive the graph (fixed
// addresses): copy new inputs into them with copy_() before each replay.
#pragma once
#include <functional>
#include "engine/allocator.h"

namespace haad {

// true while a capture is in progress on this thread: ops then skip host-side
// checks that would copy device data to the host (indices were checked in the warm-up run)
bool graph_capturing();

struct CudaGraph {
  CudaGraph() = default;
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;
  ~CudaGraph();
  // runs fn once eagerly (warm-up: caches, allocator), then captures a second run
  void capture(const std::function<void()>& fn);
  void replay();
  bool ready() const { return exec_ != nullptr; }
  // the graph's blocks stay reserved until reset(); call it after the tensors
  // fn wrote to have been released
  void reset();

 private:
  void* exec_ = nullptr;
  PrivatePool* pool_ = nullptr;
};

}  // namespace haad
