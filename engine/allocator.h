// Caching allocator for both devices. Blocks are rounded to size classes and
// kept on free lists on release, so a steady-state training step performs no
// malloc/cudaMalloc at all. Peak and current usage are tracked per device.
#pragma once
#include <cstddef>
#include "engine/device.h"

namespace haad {

struct MemStats {
  size_t in_use = 0;        // bytes handed out now
  size_t peak = 0;          // max of in_use since the last reset
  size_t reserved = 0;      // bytes held from the system (in use + cached)
  size_t sys_allocs = 0;    // calls to the system allocator
  size_t cache_hits = 0;    // requests served from the cache
};

void* device_alloc(Device d, size_t bytes);
void device_free(Device d, void* p, size_t bytes);
MemStats mem_stats(Device d);
void reset_peak(Device d);
void empty_cache(Device d);  // return cached blocks to the system

}  // namespace haad
