#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (GCC, CPU backend, -O1 so it stays quick). Any report fails the run.
# GoogleTest and Google Benchmark are built from third_party/ here
# (-DHAAD_TEST_DEPS=source), so CI also proves the offline path the GPU check
# takes; the benchmarks are built, not run.
#   tools/sanitize.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DHAAD_SANITIZE=ON -DHAAD_CUDA=OFF -DHAAD_TEST_DEPS=source -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build build-asan -j"$(nproc)"
# detect_leaks: the suite must not leak; libgomp's thread pool is kept alive
# on purpose and is not reported (it is still reachable).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@"
