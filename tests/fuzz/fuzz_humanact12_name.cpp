// libFuzzer entry point for the humanact12_name parser (see targets.h).
#include "tests/fuzz/targets.h"
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  haad::fuzz::humanact12_name(data, size);
  return 0;
}
