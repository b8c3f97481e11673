// libFuzzer entry point for the utk_joints parser (see targets.h).
#include "tests/fuzz/targets.h"
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  haad::fuzz::utk_joints(data, size);
  return 0;
}
