// libFuzzer entry point for the msr_text parser (see targets.h).
#include "tests/fuzz/targets.h"
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  haad::fuzz::msr_text(data, size);
  return 0;
}
