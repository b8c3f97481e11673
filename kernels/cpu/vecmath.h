// Vectorisable float math. std::exp/erf are scalar library calls that stop
// GCC's auto-vectoriser; these are branch-free polynomials it turns into
// AVX2 code. The double overloads forward to <cmath> (double is the
// reference path for gradient checks, so it stays exact).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace haad {

// e^x for float: range reduction x = n ln2 + r, |r| <= ln2/2, degree-6
// polynomial (Cephes expf coefficients), scale by 2^n through the exponent
// bits. Max relative error ~2 ulp on [-87, 88]; inputs are clamped there.
inline float vexp(float x) {
  x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
  // round to nearest by adding and removing 1.5 * 2^23 (roundf is a libm call
  // that would block vectorisation)
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}
inline double vexp(double x) { return std::exp(x); }

// erf for float: Abramowitz & Stegun 7.1.26 (absolute error <= 1.5e-7).
inline float verf(float x) {
  float a = x < 0 ? -x : x;
  float t = 1.0f / (1.0f + 0.3275911f * a);
  float y = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
  float r = 1.0f - y * vexp(-a * a);
  return x < 0 ? -r : r;
}
inline double verf(double x) { return std::erf(x); }

inline float vtanh(float x) {
  float e = vexp(-2.0f * (x < 0 ? -x : x));
  float r = (1.0f - e) / (1.0f + e);
  return x < 0 ? -r : r;
}
inline double vtanh(double x) { return std::tanh(x); }

}  // namespace haad
