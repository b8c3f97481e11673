#include "nn/init.h"
#include <cmath>

namespace haad {

void fans(const Dims& s, int64_t& fan_in, int64_t& fan_out) {
  int64_t rf = 1;
  for (int i = 2; i < s.n; ++i) rf *= s[i];
  fan_in = s.n >= 2 ? s[1] * rf : s[0];
  fan_out = s[0] * rf;
}

Tensor xavier_uniform(const Dims& s, double gain) {
  int64_t fi, fo;
  fans(s, fi, fo);
  double b = gain * std::sqrt(6.0 / (double)(fi + fo));
  return rand(s, DType::F32, Device::CPU, -b, b);
}

Tensor xavier_normal(const Dims& s, double gain) {
  int64_t fi, fo;
  fans(s, fi, fo);
  return randn(s, DType::F32, Device::CPU, 0.0, gain * std::sqrt(2.0 / (double)(fi + fo)));
}

Tensor kaiming_uniform(const Dims& s, double a) {
  int64_t fi, fo;
  fans(s, fi, fo);
  double gain = std::sqrt(2.0 / (1 + a * a));
  double b = gain * std::sqrt(3.0 / (double)fi);
  return rand(s, DType::F32, Device::CPU, -b, b);
}

Tensor kaiming_normal(const Dims& s, double a) {
  int64_t fi, fo;
  fans(s, fi, fo);
  return randn(s, DType::F32, Device::CPU, 0.0, std::sqrt(2.0 / (1 + a * a)) / std::sqrt((double)fi));
}

Tensor uniform_fan_in(const Dims& s, int64_t fan_in) {
  double b = fan_in > 0 ? 1.0 / std::sqrt((double)fan_in) : 0.0;
  return rand(s, DType::F32, Device::CPU, -b, b);
}

}  // namespace haad
