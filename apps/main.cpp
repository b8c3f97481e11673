// The haad command line.
#include <cstdio>
#include <cstring>
#include <string>
#include "engine/allocator.h"
#include "engine/device.h"

static int cmd_info() {
  std::printf("haad — few-shot human action anomaly detection engine\n");
  std::printf("%s\n", haad::cuda_describe().c_str());
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::printf("usage: haad <command> [options]\n\ncommands:\n  info    build and device information\n");
    return argc < 2 ? 1 : 0;
  }
  std::string cmd = argv[1];
  try {
    if (cmd == "info") return cmd_info();
    std::fprintf(stderr, "haad: unknown command '%s' (see haad --help)\n", cmd.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "haad %s: error: %s\n", cmd.c_str(), e.what());
    return 1;
  }
}
