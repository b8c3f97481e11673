// The global random generator: a seed and a counter. Each random op takes a
// fresh range of counters, so a run is a pure function of the seed, the same
// on any number of threads and on CPU or CUDA.
#pragma once
#include <cstdint>

namespace haad {

void manual_seed(uint64_t seed);
uint64_t rng_seed();
uint64_t rng_take(uint64_t n);  // returns the start of a fresh counter range of length n
uint64_t rng_counter();          // the next counter (saved in checkpoints so a resumed run continues the stream)
void rng_set_counter(uint64_t c);

// A small local generator for host-side sampling (shuffles, episodes).
struct Rng {
  uint64_t seed, counter = 0;
  explicit Rng(uint64_t s) : seed(s) {}
  uint64_t next_u64();
  double uniform();                 // [0,1)
  int64_t randint(int64_t n);       // [0,n)
  double normal();
};

}  // namespace haad
