#include "engine/profiler.h"
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>
#include "engine/graph.h"
#include "engine/tensor.h"
#include "kernels/cuda/cuda.h"

namespace haad {

namespace {
struct Entry { long calls = 0; double ns = 0, flops = 0; };
struct Event {
  const char* name;
  bool cuda;
  int tid;
  double ts_us, dur_us, flops, bytes;
  std::string shapes;
};
std::chrono::steady_clock::time_point t_origin() {
  static const auto t0 = std::chrono::steady_clock::now();
  return t0;
}
struct Table {
  std::mutex mu;
  std::map<std::string, Entry> rows;
  std::vector<Event> events;
  ~Table() {
    if (profiling() && !rows.empty()) std::fprintf(stderr, "%s", profile_table().c_str());
    if (!trace_path().empty() && !events.empty()) {
      // temp file, then rename: a trace is never left half-written
      std::string tmp = trace_path() + ".tmp." + std::to_string((long)getpid());
      if (FILE* f = std::fopen(tmp.c_str(), "w")) {
        std::string j = profile_trace_json();
        bool ok = std::fwrite(j.data(), 1, j.size(), f) == j.size();
        ok = std::fclose(f) == 0 && ok;
        if (ok && std::rename(tmp.c_str(), trace_path().c_str()) == 0)
          std::fprintf(stderr, "haad: %zu trace events written to %s\n", events.size(), trace_path().c_str());
        else
          std::fprintf(stderr, "haad: cannot write the trace %s\n", trace_path().c_str());
      } else {
        std::fprintf(stderr, "haad: cannot write the trace %s\n", trace_path().c_str());
      }
    }
  }
};
Table& table() { static Table t; return t; }
bool env_on(const char* k) { const char* v = std::getenv(k); return v && *v && *v != '0'; }
int thread_number() {
  static std::atomic<int> next{1};
  thread_local int id = next++;
  return id;
}
}  // namespace

bool profiling() {
  static bool on = env_on("HAAD_PROFILE");
  return on;
}
// Immortal: the table's destructor writes the trace at exit, after other
// statics (constructed later than the table) may already be gone.
const std::string& trace_path() {
  static const std::string* p = [] {
    const char* v = std::getenv("HAAD_PROFILE");
    std::string s = v ? v : "";
    return new std::string(s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0 ? s : std::string());
  }();
  return *p;
}

void ProfScope::io(std::initializer_list<const Tensor*> ts) {
  if (!on || trace_path().empty()) return;
  for (const Tensor* t : ts) {
    if (!t || !t->defined()) continue;
    bytes += (double)t->numel() * dtype_size(t->dtype());
    shapes += (shapes.empty() ? "" : " ") + t->shape().str();
  }
}
bool nvtx_on() { static bool on = env_on("HAAD_NVTX") || env_on("HAAD_PROFILE"); return on; }

ProfScope::ProfScope(const char* n, Device d, double f) : name(n), flops(f), dev(d) {
  on = profiling();
  nvtx = d == Device::CUDA && nvtx_on();
  if (nvtx) cuda_nvtx_push(n);
  if (on) { trace_path(); table(); t_origin(); t0 = std::chrono::steady_clock::now(); }
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
    auto t1 = std::chrono::steady_clock::now();
    double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
    Table& t = table();
    std::lock_guard<std::mutex> lk(t.mu);
    Entry& e = t.rows[std::string(name) + (dev == Device::CUDA ? " [cuda]" : "")];
    e.calls++;
    e.ns += ns;
    e.flops += flops;
    if (!trace_path().empty())
      t.events.push_back({name, dev == Device::CUDA, thread_number(),
                          std::chrono::duration<double, std::micro>(t0 - t_origin()).count(), ns / 1e3, flops, bytes,
                          std::move(shapes)});
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
  t.events.clear();
}

std::string profile_trace_json() {
  Table& t = table();
  std::lock_guard<std::mutex> lk(t.mu);
  std::string o = "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n";
  char b[512];
  std::snprintf(b, sizeof b, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": 0, \"args\": {\"name\": \"haad\"}}",
                (int)getpid());
  o += b;
  for (const Event& e : t.events) {
    // op names and shapes are plain identifiers and digits: no JSON escaping needed
    std::snprintf(b, sizeof b,
                  ",\n{\"name\": \"%s\", \"cat\": \"%s\", \"ph\": \"X\", \"pid\": %d, \"tid\": %d, \"ts\": %.3f, \"dur\": %.3f, "
                  "\"args\": {\"flops\": %.0f, \"bytes\": %.0f, \"shapes\": \"%s\"}}",
                  e.name, e.cuda ? "cuda" : "cpu", (int)getpid(), e.tid, e.ts_us, e.dur_us, e.flops, e.bytes,
                  e.shapes.substr(0, 300).c_str());
    o += b;
  }
  return o + "\n]}\n";
}

}  // namespace haad
