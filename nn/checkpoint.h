// safetensors checkpoints: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
// "__metadata__": {...}}, then the raw little-endian bytes. Files interoperate
// with PyTorch's safetensors. Writes go to a temp file that is renamed into
// place, so an interrupted save never leaves a partial checkpoint.
#pragma once
#include <map>
#include <string>
#include "nn/module.h"

namespace haad {

struct SafeTensors {
  NamedTensors tensors;  // in file order of offsets
  std::map<std::string, std::string> metadata;
  Tensor get(const std::string& name) const;  // throws naming the file's tensors
  bool has(const std::string& name) const;
};

void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {});
SafeTensors load_safetensors(const std::string& path);  // throws std::runtime_error naming the file

// Writes a module's state dict; loads one back, checking names and shapes
// (strict: every tensor of the module must be in the file, and no extra ones).
void save_module(const std::string& path, const Module& m, const std::map<std::string, std::string>& metadata = {});
void load_module(const std::string& path, Module& m, bool strict = true);

// atomic write of arbitrary bytes (temp file + fsync + rename)
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace haad
