#include "engine/allocator.h"
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include "kernels/cuda/cuda.h"

namespace haad {

struct PrivatePool {
  Device dev;
  std::multimap<size_t, void*> free_blocks;
};

namespace {

// Size classes: multiples of 256 B below 4 KiB, then four steps per power of two
// (at most 25% waste).
size_t size_class(size_t n) {
  if (n <= 4096) return (n + 255) / 256 * 256;
  size_t p = 4096;
  while (p * 2 < n) p *= 2;
  size_t step = p / 4;
  return (n + step - 1) / step * step;
}

struct Pool {
  std::mutex mu;
  std::multimap<size_t, void*> free_blocks;
  MemStats st;
  PrivatePool* priv = nullptr;  // active private pool, if any
};

// Immortal on purpose: tensors held by static objects may free blocks after
// static destructors have run, and cached blocks stay reachable (not leaks) at
// exit; the OS takes the memory back.
Pool& pool(Device d) {
  static Pool* pools = new Pool[2];
  return pools[(int)d];
}

void* sys_alloc(Device d, size_t n) {
  if (d == Device::CPU) {
    void* p = std::aligned_alloc(64, n);
    if (!p) throw std::bad_alloc();
    return p;
  }
  return cuda_malloc(n);
}

void sys_free(Device d, void* p) {
  if (d == Device::CPU) std::free(p);
  else cuda_free(p);
}

}  // namespace

void* device_alloc(Device d, size_t bytes) {
  if (bytes == 0) bytes = 1;
  size_t n = size_class(bytes);
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  void* p = nullptr;
  if (P.priv) {
    auto pit = P.priv->free_blocks.find(n);
    if (pit != P.priv->free_blocks.end()) {
      p = pit->second;
      P.priv->free_blocks.erase(pit);
      P.st.cache_hits++;
      P.st.in_use += n;
      if (P.st.in_use > P.st.peak) P.st.peak = P.st.in_use;
      return p;
    }
  }
  auto it = P.free_blocks.find(n);
  if (it != P.free_blocks.end()) {
    p = it->second;
    P.free_blocks.erase(it);
    P.st.cache_hits++;
  } else {
    try {
      p = sys_alloc(d, n);
    } catch (...) {
      // out of memory: give the cache back and try once more
      for (auto& kv : P.free_blocks) { sys_free(d, kv.second); P.st.reserved -= kv.first; }
      P.free_blocks.clear();
      p = sys_alloc(d, n);
    }
    P.st.sys_allocs++;
    P.st.reserved += n;
  }
  P.st.in_use += n;
  if (P.st.in_use > P.st.peak) P.st.peak = P.st.in_use;
  return p;
}

void device_free(Device d, void* p, size_t bytes) {
  if (!p) return;
  if (bytes == 0) bytes = 1;
  size_t n = size_class(bytes);
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  P.st.in_use -= n;
  (P.priv ? P.priv->free_blocks : P.free_blocks).emplace(n, p);
}

PrivatePool* private_pool_begin(Device d) {
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  if (P.priv) throw std::logic_error("a private memory pool is already active on this device");
  P.priv = new PrivatePool{d, {}};
  return P.priv;
}

void private_pool_end(Device d) {
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  P.priv = nullptr;
}

void private_pool_release(PrivatePool* pp) {
  if (!pp) return;
  Pool& P = pool(pp->dev);
  {
    std::lock_guard<std::mutex> lk(P.mu);
    if (P.priv == pp) P.priv = nullptr;
    for (auto& kv : pp->free_blocks) P.free_blocks.emplace(kv.first, kv.second);
  }
  delete pp;
}

MemStats mem_stats(Device d) {
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  return P.st;
}

size_t process_peak_rss() {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return (size_t)ru.ru_maxrss * 1024;  // Linux reports KiB
}

void reset_peak(Device d) {
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  P.st.peak = P.st.in_use;
}

void empty_cache(Device d) {
  Pool& P = pool(d);
  std::lock_guard<std::mutex> lk(P.mu);
  for (auto& kv : P.free_blocks) { sys_free(d, kv.second); P.st.reserved -= kv.first; }
  P.free_blocks.clear();
}

}  // namespace haad
