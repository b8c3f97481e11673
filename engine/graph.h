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

// The device calls the capture state machine makes. The default is CUDA's;
// tests substitute fakes so the state machine (begin, end, abort on error, pool
// hand-back) is checked on machines without a device.
struct GraphBackend {
  void (*sync)();
  void (*begin)();        // start capturing this thread's stream
  void* (*end)();         // stop capturing; an instantiated graph
  void (*abort)();        // stop a capture that failed; discard what was recorded
  void (*launch)(void*);
  void (*destroy)(void*);
};
// nullptr restores CUDA's. For tests only: not thread-safe against captures in flight.
void set_graph_backend(const GraphBackend* b);

struct CudaGraph {
  CudaGraph() = default;
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;
  ~CudaGraph();
  // runs fn once eagerly (warm-up: caches, allocator), then captures a second
  // run. If fn throws while capturing, the capture is ended and discarded (the
  // stream runs normally again), the pool is handed back, and the error rethrown.
  // Random draws (dropout in training mode, rand/randn) are refused inside a
  // capture: a replay would repeat one draw forever.
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
