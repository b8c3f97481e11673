// Per-op profiler. With HAAD_PROFILE=1 every op is timed (CUDA work is
// synchronised so the time is the op's own) and a table is printed at exit:
// calls, total ms, share, and GFLOP/s for ops that know their FLOP count.
// With HAAD_PROFILE=FILE.json the table is printed too, and every op call is
// also written to FILE.json as a Chrome trace event (chrome://tracing,
// Perfetto): name, thread, start, duration, FLOPs, bytes and shapes.
// With HAAD_PROFILE set or HAAD_NVTX=1, CUDA ops are wrapped in NVTX ranges.
#pragma once
#include <chrono>
#include <initializer_list>
#include <string>
#include "engine/device.h"

namespace haad {

class Tensor;

bool profiling();
bool nvtx_on();
const std::string& trace_path();  // "" unless HAAD_PROFILE names a .json file

struct ProfScope {
  const char* name;
  double flops;
  Device dev;
  bool on, nvtx;
  std::chrono::steady_clock::time_point t0;
  double bytes = 0;
  std::string shapes;  // only filled when tracing
  ProfScope(const char* n, Device d, double f = 0);
  ~ProfScope();
  // The op's operands and results, for the trace: their shapes, and the bytes
  // they hold as the op's memory traffic. Free when not tracing.
  void io(std::initializer_list<const Tensor*> ts);
};

std::string profile_table();  // the table as text (also printed at exit)
void profile_reset();
// the trace events so far as Chrome trace JSON (also written at exit when tracing)
std::string profile_trace_json();

}  // namespace haad
