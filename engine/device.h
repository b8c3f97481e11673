// Devices and the lazy CUDA probe. Nothing touches the CUDA driver until a
// CUDA tensor is asked for, so the binary runs on machines without a driver.
#pragma once
#include <cstdint>
#include <string>

namespace haad {

enum class Device : uint8_t { CPU = 0, CUDA = 1 };
inline const char* device_name(Device d) { return d == Device::CPU ? "cpu" : "cuda"; }

bool cuda_compiled();   // built with HAAD_CUDA
bool cuda_available();  // compiled in and a device answers (probed once)
std::string cuda_describe();  // device name and memory, or why there is none
void require_cuda();    // throws a clear error when no device is available
void device_sync(Device d);

}  // namespace haad
