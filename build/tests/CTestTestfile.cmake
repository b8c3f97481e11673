# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build/tests/haad_tests[1]_include.cmake")
add_test([=[ProfilerEnabled]=] "/work/main/build/tests/haad_tests" "--gtest_filter=Profiler.*")
set_tests_properties([=[ProfilerEnabled]=] PROPERTIES  ENVIRONMENT "HAAD_PROFILE=1" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;16;add_test;/work/main/tests/CMakeLists.txt;0;")
