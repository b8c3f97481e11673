
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/kernels/cpu/binary.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/binary.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/binary.cpp.o.d"
  "/work/main/kernels/cpu/conv1d.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/conv1d.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/conv1d.cpp.o.d"
  "/work/main/kernels/cpu/dropout.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/dropout.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/dropout.cpp.o.d"
  "/work/main/kernels/cpu/index.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/index.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/index.cpp.o.d"
  "/work/main/kernels/cpu/layout.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/layout.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/layout.cpp.o.d"
  "/work/main/kernels/cpu/matmul.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/matmul.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/matmul.cpp.o.d"
  "/work/main/kernels/cpu/norm.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/norm.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/norm.cpp.o.d"
  "/work/main/kernels/cpu/optim.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/optim.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/optim.cpp.o.d"
  "/work/main/kernels/cpu/reduce.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/reduce.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/reduce.cpp.o.d"
  "/work/main/kernels/cpu/softmax.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/softmax.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/softmax.cpp.o.d"
  "/work/main/kernels/cpu/supcon.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/supcon.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/supcon.cpp.o.d"
  "/work/main/kernels/cpu/unary.cpp" "CMakeFiles/haad_kernels.dir/kernels/cpu/unary.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cpu/unary.cpp.o.d"
  "/work/main/kernels/cuda/stub.cpp" "CMakeFiles/haad_kernels.dir/kernels/cuda/stub.cpp.o" "gcc" "CMakeFiles/haad_kernels.dir/kernels/cuda/stub.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
