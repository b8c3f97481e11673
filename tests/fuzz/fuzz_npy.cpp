// libFuzzer entry point for the npy parser (see targets.h).
#include "tests/fuzz/targets.h"
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  haad::fuzz::npy(data, size);
  return 0;
}
