// Parameter initialisation (PyTorch's formulas), drawn from the global seeded generator.
#pragma once
#include "engine/tensor.h"

namespace haad {

// fan_in/fan_out as PyTorch computes them: dim 1 (x receptive field) and dim 0
void fans(const Dims& s, int64_t& fan_in, int64_t& fan_out);
Tensor xavier_uniform(const Dims& s, double gain = 1.0);
Tensor xavier_normal(const Dims& s, double gain = 1.0);
Tensor kaiming_uniform(const Dims& s, double a = 0.0);  // leaky-relu slope a; a = sqrt(5) is nn.Linear's default
Tensor kaiming_normal(const Dims& s, double a = 0.0);
Tensor uniform_fan_in(const Dims& s, int64_t fan_in);   // U(-1/sqrt(fan_in), 1/sqrt(fan_in)): bias default

}  // namespace haad
