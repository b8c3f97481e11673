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
// The process's peak resident set (getrusage), in bytes: what /usr/bin/time
// reports. mem_stats().peak counts only tensor memory, a fraction of it.
size_t process_peak_rss();
void reset_peak(Device d);
void empty_cache(Device d);  // return cached blocks to the system

// A private pool, for CUDA graphs: while one is active on a device, blocks freed
// on that device go to the pool's own free list and allocations are served from
// it first. A captured graph replays into fixed addresses, so the blocks it used
// must never be handed to anyone else while it lives; the graph keeps its pool
// and returns the blocks to the shared cache only when it is destroyed.
struct PrivatePool;
PrivatePool* private_pool_begin(Device d);  // one active pool per device at a time
void private_pool_end(Device d);            // stop routing to it (its blocks stay reserved)
void private_pool_release(PrivatePool* p);  // give its free blocks back to the shared cache

}  // namespace haad
