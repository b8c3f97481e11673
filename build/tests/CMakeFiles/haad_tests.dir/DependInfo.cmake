
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/io/test_datasets.cpp" "tests/CMakeFiles/haad_tests.dir/io/test_datasets.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/io/test_datasets.cpp.o.d"
  "/work/main/tests/io/test_fuzz_corpus.cpp" "tests/CMakeFiles/haad_tests.dir/io/test_fuzz_corpus.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/io/test_fuzz_corpus.cpp.o.d"
  "/work/main/tests/io/test_motion.cpp" "tests/CMakeFiles/haad_tests.dir/io/test_motion.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/io/test_motion.cpp.o.d"
  "/work/main/tests/io/test_npy.cpp" "tests/CMakeFiles/haad_tests.dir/io/test_npy.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/io/test_npy.cpp.o.d"
  "/work/main/tests/io/test_skeleton.cpp" "tests/CMakeFiles/haad_tests.dir/io/test_skeleton.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/io/test_skeleton.cpp.o.d"
  "/work/main/tests/model/test_detector.cpp" "tests/CMakeFiles/haad_tests.dir/model/test_detector.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/model/test_detector.cpp.o.d"
  "/work/main/tests/model/test_localize.cpp" "tests/CMakeFiles/haad_tests.dir/model/test_localize.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/model/test_localize.cpp.o.d"
  "/work/main/tests/model/test_metrics_score.cpp" "tests/CMakeFiles/haad_tests.dir/model/test_metrics_score.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/model/test_metrics_score.cpp.o.d"
  "/work/main/tests/ops/test_binary.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_binary.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_binary.cpp.o.d"
  "/work/main/tests/ops/test_conv1d.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_conv1d.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_conv1d.cpp.o.d"
  "/work/main/tests/ops/test_dropout.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_dropout.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_dropout.cpp.o.d"
  "/work/main/tests/ops/test_index.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_index.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_index.cpp.o.d"
  "/work/main/tests/ops/test_matmul.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_matmul.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_matmul.cpp.o.d"
  "/work/main/tests/ops/test_norm.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_norm.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_norm.cpp.o.d"
  "/work/main/tests/ops/test_reduce.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_reduce.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_reduce.cpp.o.d"
  "/work/main/tests/ops/test_softmax.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_softmax.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_softmax.cpp.o.d"
  "/work/main/tests/ops/test_unary.cpp" "tests/CMakeFiles/haad_tests.dir/ops/test_unary.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/ops/test_unary.cpp.o.d"
  "/work/main/tests/test_autograd.cpp" "tests/CMakeFiles/haad_tests.dir/test_autograd.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_autograd.cpp.o.d"
  "/work/main/tests/test_backend_ops.cpp" "tests/CMakeFiles/haad_tests.dir/test_backend_ops.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_backend_ops.cpp.o.d"
  "/work/main/tests/test_checkpoint.cpp" "tests/CMakeFiles/haad_tests.dir/test_checkpoint.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_checkpoint.cpp.o.d"
  "/work/main/tests/test_golden.cpp" "tests/CMakeFiles/haad_tests.dir/test_golden.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_golden.cpp.o.d"
  "/work/main/tests/test_gradcheck.cpp" "tests/CMakeFiles/haad_tests.dir/test_gradcheck.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_gradcheck.cpp.o.d"
  "/work/main/tests/test_optim.cpp" "tests/CMakeFiles/haad_tests.dir/test_optim.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_optim.cpp.o.d"
  "/work/main/tests/test_profiler.cpp" "tests/CMakeFiles/haad_tests.dir/test_profiler.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_profiler.cpp.o.d"
  "/work/main/tests/test_tensor.cpp" "tests/CMakeFiles/haad_tests.dir/test_tensor.cpp.o" "gcc" "tests/CMakeFiles/haad_tests.dir/test_tensor.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/CMakeFiles/haad_nn.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_contrastive.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_io.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_engine.dir/DependInfo.cmake"
  "/work/main/build/CMakeFiles/haad_kernels.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
