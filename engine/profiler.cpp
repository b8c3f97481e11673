#include "engine/profiler.h"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>
#include "engine/graph.h"
#include "kernels/cuda/cuda.h"

namespace haad {

namespace {
struct Entry { long calls = 0; double ns = 0, flops = 0; };
struct Table {
  std::mutex mu;
  std::map<std::string, Entry> rows;
  ~Table() {
    if (profiling() && !rows.empty()) std::fprintf(stderr, "%s", profile_table().c_str());
  }
};
Table& table() { static Table t; return t; }
bool env_on(const char* k) { const char* v = std::getenv(k); return v && *v && *v != '0'; }
}  // namespace

bool profiling() { static bool on = env_on("HAAD_PROFILE"); return on; }
bool nvtx_on() { static bool on = env_on("HAAD_NVTX") || env_on("HAAD_PROFILE"); return on; }

ProfScope::ProfScope(const char* n, Device d, double f) : name(n), flops(f), dev(d) {
  on = profiling();
  nvtx = d == Device::CUDA && nvtx_on();
  if (nvtx) cuda_nvtx_push(n);
  if (on) { table(); t0 = std::chrono::steady_clock::now(); }
}

ProfScope::~ProfScope() {
  // Inside a CUDA graph capture the op only records work: there is nothing to
  // time, and a device-wide sync there would invalidate the capture.
  if (on && graph_capturing()) on = false;
  if (on) {
    try {
      device_sync(dev);
    } catch (...) {
      // a destructor must not throw (std::terminate); the failed kernel is
      // reported by the next checked CUDA call, and this sample is dropped
      if (nvtx) cuda_nvtx_pop();
      return;
    }
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    Table& t = table();
    std::lock_guard<std::mutex> lk(t.mu);
    Entry& e = t.rows[std::string(name) + (dev == Device::CUDA ? " [cuda]" : "")];
    e.calls++;
    e.ns += ns;
    e.flops += flops;
  }
  if (nvtx) cuda_nvtx_pop();
}

std::string profile_table() {
  Table& t = table();
  std::lock_guard<std::mutex> lk(t.mu);
  std::vector<std::pair<std::string, Entry>> v(t.rows.begin(), t.rows.end());
  std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second.ns > b.second.ns; });
  double total = 0;
  for (auto& kv : v) total += kv.second.ns;
  std::string out = "\nhaad profile (HAAD_PROFILE=1)\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-28s %10s %12s %7s %10s\n", "op", "calls", "total ms", "share", "GFLOP/s");
  out += buf;
  for (auto& kv : v) {
    const Entry& e = kv.second;
    char gf[32] = "";
    if (e.flops > 0) std::snprintf(gf, sizeof gf, "%.2f", e.flops / e.ns);
    std::snprintf(buf, sizeof buf, "%-28s %10ld %12.3f %6.1f%% %10s\n", kv.first.c_str(), e.calls, e.ns / 1e6,
                  total > 0 ? 100.0 * e.ns / total : 0.0, gf);
    out += buf;
  }
  return out;
}

void profile_reset() {
  Table& t = table();
  std::lock_guard<std::mutex> lk(t.mu);
  t.rows.clear();
}

}  // namespace haad
