#include "engine/rng.h"
#include <atomic>
#include <cmath>
#include "kernels/common.h"

namespace haad {

static std::atomic<uint64_t> g_seed{0x6861616400000001ULL};
static std::atomic<uint64_t> g_counter{0};

void manual_seed(uint64_t seed) { g_seed = seed; g_counter = 0; }
uint64_t rng_seed() { return g_seed; }
uint64_t rng_take(uint64_t n) { return g_counter.fetch_add(n); }
uint64_t rng_counter() { return g_counter; }
void rng_set_counter(uint64_t c) { g_counter = c; }

uint64_t Rng::next_u64() { return rng_mix(seed ^ rng_mix(counter++)); }
double Rng::uniform() { return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }
int64_t Rng::randint(int64_t n) { return n <= 0 ? 0 : (int64_t)(uniform() * (double)n); }
double Rng::normal() {
  double u1 = uniform(), u2 = uniform();
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace haad
