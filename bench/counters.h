// Google Benchmark rate counters shared by the benchmark binaries: FLOPS and
// BYTES per iteration, reported as rates (FLOP/s, bytes/s).
#pragma once
#include <benchmark/benchmark.h>

inline void set_rates(benchmark::State& st, double flops, double bytes) {
  st.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  st.counters["BYTES"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
}
