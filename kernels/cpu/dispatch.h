// Runs a body with T bound to the C++ type of a floating DType.
#pragma once
#include <stdexcept>
#include <string>
#include "kernels/common.h"

#define HAAD_FLOAT_DISPATCH(dt, ...)                                          \
  switch (dt) {                                                               \
    case ::haad::DType::F32: { using T = float; __VA_ARGS__; break; }         \
    case ::haad::DType::F64: { using T = double; __VA_ARGS__; break; }        \
    default: throw std::invalid_argument(std::string("kernel needs a floating dtype, got ") + \
                                         ::haad::dtype_name(dt));             \
  }

#define HAAD_ANY_DISPATCH(dt, ...)                                            \
  switch (dt) {                                                               \
    case ::haad::DType::F32: { using T = float; __VA_ARGS__; break; }         \
    case ::haad::DType::F64: { using T = double; __VA_ARGS__; break; }        \
    case ::haad::DType::I64: { using T = int64_t; __VA_ARGS__; break; }       \
  }

// Parallelise only when the work is large enough to pay for waking threads.
#define HAAD_OMP_MIN 32768
