// parallel_for(n, grain, fn): runs fn(lo, hi) over [0, n) split into one
// contiguous chunk per thread, or fn(0, n) on the calling thread when the work
// is small. Entering an OpenMP region costs microseconds even when an if()
// clause makes it serial, which dominates small tensors (single-clip scoring);
// this skips OpenMP entirely below the grain. Inner loops stay plain, so they
// vectorise.
#pragma once
#include <cstdint>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace haad {

template <class F>
inline void parallel_for(int64_t n, int64_t grain, F fn) {
#ifdef _OPENMP
  int nt = omp_in_parallel() ? 1 : omp_get_max_threads();
  if (nt > 1 && n >= grain && n >= 2) {
    if (nt > n) nt = (int)n;
#pragma omp parallel num_threads(nt)
    {
      int t = omp_get_thread_num(), T = omp_get_num_threads();
      int64_t lo = n * t / T, hi = n * (t + 1) / T;
      if (lo < hi) fn(lo, hi);
    }
    return;
  }
#endif
  fn((int64_t)0, n);
}

}  // namespace haad
