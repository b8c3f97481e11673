
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/nn/checkpoint.cpp" "CMakeFiles/haad_nn.dir/nn/checkpoint.cpp.o" "gcc" "CMakeFiles/haad_nn.dir/nn/checkpoint.cpp.o.d"
  "/work/main/nn/init.cpp" "CMakeFiles/haad_nn.dir/nn/init.cpp.o" "gcc" "CMakeFiles/haad_nn.dir/nn/init.cpp.o.d"
  "/work/main/nn/layers.cpp" "CMakeFiles/haad_nn.dir/nn/layers.cpp.o" "gcc" "CMakeFiles/haad_nn.dir/nn/layers.cpp.o.d"
  "/work/main/nn/module.cpp" "CMakeFiles/haad_nn.dir/nn/module.cpp.o" "gcc" "CMakeFiles/haad_nn.dir/nn/module.cpp.o.d"
  "/work/main/nn/optim.cpp" "CMakeFiles/haad_nn.dir/nn/optim.cpp.o" "gcc" "CMakeFiles/haad_nn.dir/nn/optim.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/CMakeFiles/haad_engine.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_kernels.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
