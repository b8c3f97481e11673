// A small .npy reader/writer (NumPy format versions 1.0-3.0): float32 or
// float64, C order, little endian. Anything else, a truncated file, or a
// header whose shape does not match the data is a clear error naming the file;
// nothing is allocated before the size is checked against the bytes present.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace haad {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;  // float64 files are converted
};

NpyArray npy_parse(const uint8_t* bytes, size_t n, const std::string& name);  // throws std::runtime_error
NpyArray npy_load(const std::string& path);
std::string npy_encode(const std::vector<int64_t>& shape, const float* data);  // float32, version 1.0
void npy_save(const std::string& path, const std::vector<int64_t>& shape, const float* data);  // atomic

}  // namespace haad
