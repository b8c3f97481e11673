
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/engine/allocator.cpp" "CMakeFiles/haad_engine.dir/engine/allocator.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/allocator.cpp.o.d"
  "/work/main/engine/autograd.cpp" "CMakeFiles/haad_engine.dir/engine/autograd.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/autograd.cpp.o.d"
  "/work/main/engine/device.cpp" "CMakeFiles/haad_engine.dir/engine/device.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/device.cpp.o.d"
  "/work/main/engine/json.cpp" "CMakeFiles/haad_engine.dir/engine/json.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/json.cpp.o.d"
  "/work/main/engine/ops/binary.cpp" "CMakeFiles/haad_engine.dir/engine/ops/binary.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/binary.cpp.o.d"
  "/work/main/engine/ops/conv1d.cpp" "CMakeFiles/haad_engine.dir/engine/ops/conv1d.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/conv1d.cpp.o.d"
  "/work/main/engine/ops/dropout.cpp" "CMakeFiles/haad_engine.dir/engine/ops/dropout.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/dropout.cpp.o.d"
  "/work/main/engine/ops/index.cpp" "CMakeFiles/haad_engine.dir/engine/ops/index.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/index.cpp.o.d"
  "/work/main/engine/ops/layout.cpp" "CMakeFiles/haad_engine.dir/engine/ops/layout.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/layout.cpp.o.d"
  "/work/main/engine/ops/matmul.cpp" "CMakeFiles/haad_engine.dir/engine/ops/matmul.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/matmul.cpp.o.d"
  "/work/main/engine/ops/norm.cpp" "CMakeFiles/haad_engine.dir/engine/ops/norm.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/norm.cpp.o.d"
  "/work/main/engine/ops/reduce.cpp" "CMakeFiles/haad_engine.dir/engine/ops/reduce.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/reduce.cpp.o.d"
  "/work/main/engine/ops/softmax.cpp" "CMakeFiles/haad_engine.dir/engine/ops/softmax.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/softmax.cpp.o.d"
  "/work/main/engine/ops/supcon.cpp" "CMakeFiles/haad_engine.dir/engine/ops/supcon.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/supcon.cpp.o.d"
  "/work/main/engine/ops/unary.cpp" "CMakeFiles/haad_engine.dir/engine/ops/unary.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/ops/unary.cpp.o.d"
  "/work/main/engine/profiler.cpp" "CMakeFiles/haad_engine.dir/engine/profiler.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/profiler.cpp.o.d"
  "/work/main/engine/rng.cpp" "CMakeFiles/haad_engine.dir/engine/rng.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/rng.cpp.o.d"
  "/work/main/engine/tensor.cpp" "CMakeFiles/haad_engine.dir/engine/tensor.cpp.o" "gcc" "CMakeFiles/haad_engine.dir/engine/tensor.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/CMakeFiles/haad_kernels.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
