// Per-op profiler. With HAAD_PROFILE=1 every op is timed (CUDA work is
// synchronised so the time is the op's own) and a table is printed at exit:
// calls, total ms, share, and GFLOP/s for ops that know their FLOP count.
// With HAAD_PROFILE=1 or HAAD_NVTX=1, CUDA ops are wrapped in NVTX ranges.
#pragma once
#include <chrono>
#include <string>
#include "engine/device.h"

namespace haad {

bool profiling();
bool nvtx_on();

struct ProfScope {
  const char* name;
  double flops;
  Device dev;
  bool on, nvtx;
  std::chrono::steady_clock::time_point t0;
  ProfScope(const char* n, Device d, double f = 0);
  ~ProfScope();
};

std::string profile_table();  // the table as text (also printed at exit)
void profile_reset();

}  // namespace haad
