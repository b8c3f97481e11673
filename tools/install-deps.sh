#!/usr/bin/env bash
# Installs what haad needs to build and test on a fresh Debian machine
# (root or sudo). Safe to run again: it installs only what is missing.
# With --bench it also installs PyTorch and OpenBLAS for the side-by-side benchmarks.
set -euo pipefail
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
command -v pkg-config >/dev/null || need+=(pkg-config)  # the packaging test (tests/cli/install_consumer.sh)
[ -f /usr/include/gtest/gtest.h ] || need+=(libgtest-dev googletest)
[ -f /usr/include/benchmark/benchmark.h ] || need+=(libbenchmark-dev)
if [ "${1:-}" = "--bench" ]; then
  /usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
  [ -f /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || need+=(libopenblas0-pthread)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
