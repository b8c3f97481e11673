// libFuzzer entry point for the utk_labels parser (see targets.h).
#include "tests/fuzz/targets.h"
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  haad::fuzz::utk_labels(data, size);
  return 0;
}
