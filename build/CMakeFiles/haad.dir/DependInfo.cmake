
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/apps/cli.cpp" "CMakeFiles/haad.dir/apps/cli.cpp.o" "gcc" "CMakeFiles/haad.dir/apps/cli.cpp.o.d"
  "/work/main/apps/cmd_data.cpp" "CMakeFiles/haad.dir/apps/cmd_data.cpp.o" "gcc" "CMakeFiles/haad.dir/apps/cmd_data.cpp.o.d"
  "/work/main/apps/cmd_model.cpp" "CMakeFiles/haad.dir/apps/cmd_model.cpp.o" "gcc" "CMakeFiles/haad.dir/apps/cmd_model.cpp.o.d"
  "/work/main/apps/main.cpp" "CMakeFiles/haad.dir/apps/main.cpp.o" "gcc" "CMakeFiles/haad.dir/apps/main.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/CMakeFiles/haad_contrastive.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_io.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_nn.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_engine.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_kernels.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
