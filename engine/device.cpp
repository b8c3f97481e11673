#include "engine/device.h"
#include <mutex>
#include <stdexcept>
#include "kernels/cuda/cuda.h"

namespace haad {

bool cuda_compiled() {
#ifdef HAAD_CUDA
  return true;
#else
  return false;
#endif
}

bool cuda_available() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = cuda_compiled() && cuda_device_count() > 0; });
  return ok;
}

std::string cuda_describe() {
  if (!cuda_compiled()) return "CUDA: not compiled in";
  if (!cuda_available()) return "CUDA: compiled in, no device (" + cuda_device_info() + ")";
  return "CUDA: " + cuda_device_info();
}

void require_cuda() {
  if (!cuda_available())
    throw std::runtime_error("a CUDA tensor was requested but " + cuda_describe());
}

void device_sync(Device d) {
  if (d == Device::CUDA && cuda_available()) cuda_synchronize();
}

}  // namespace haad
