// Parsers under fuzzing. Each target feeds bytes to one parser; the only
// acceptable outcomes are a result or a std::exception (a clear error). Used by
// the libFuzzer binaries (tests/fuzz/fuzz_*.cpp, built with clang via
// tools/fuzz.sh) and by the corpus test in the normal suite.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include "engine/json.h"
#include "io/dataset.h"
#include "io/npy.h"

namespace haad::fuzz {

inline void npy(const uint8_t* d, size_t n) {
  try { npy_parse(d, n, "fuzz.npy"); } catch (const std::exception&) {}
}
inline void msr_text(const uint8_t* d, size_t n) {
  try { parse_msr_text(std::string((const char*)d, n), "fuzz.txt"); } catch (const std::exception&) {}
}
inline void utk_joints(const uint8_t* d, size_t n) {
  try { parse_utkinect_joints(std::string((const char*)d, n), "fuzz.txt"); } catch (const std::exception&) {}
}
inline void utk_labels(const uint8_t* d, size_t n) {
  try { parse_utkinect_labels(std::string((const char*)d, n), "fuzz.txt"); } catch (const std::exception&) {}
}
inline void json(const uint8_t* d, size_t n) {
  try { Json::parse(std::string((const char*)d, n)); } catch (const std::exception&) {}
}
inline void humanact12_name(const uint8_t* d, size_t n) {
  int s, c, f;
  parse_humanact12_name(std::string((const char*)d, n), s, c, f);
}

}  // namespace haad::fuzz
