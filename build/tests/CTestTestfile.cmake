# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build/tests/haad_tests[1]_include.cmake")
add_test([=[ProfilerEnabled]=] "/work/main/build/tests/haad_tests" "--gtest_filter=Profiler.*")
set_tests_properties([=[ProfilerEnabled]=] PROPERTIES  ENVIRONMENT "HAAD_PROFILE=1" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;16;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_unknown_command]=] "/work/main/build/haad" "frobnicate")
set_tests_properties([=[cli_unknown_command]=] PROPERTIES  WILL_FAIL "TRUE" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;20;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_missing_model]=] "/work/main/build/haad" "score" "--model" "/nonexistent/model.safetensors" "--support" "x" "--clips" "y")
set_tests_properties([=[cli_missing_model]=] PROPERTIES  WILL_FAIL "TRUE" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;22;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_missing_model_message]=] "sh" "-c" "/work/main/build/haad score --model /nonexistent/m.safetensors --support x --clips y 2>&1 | grep -q '/nonexistent/m.safetensors: cannot open'")
set_tests_properties([=[cli_missing_model_message]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;24;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_bad_dataset]=] "/work/main/build/haad" "eval" "--dataset" "bogus" "--path" "/tmp")
set_tests_properties([=[cli_bad_dataset]=] PROPERTIES  WILL_FAIL "TRUE" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;25;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_bad_k]=] "/work/main/build/haad" "eval" "--k" "1,x")
set_tests_properties([=[cli_bad_k]=] PROPERTIES  WILL_FAIL "TRUE" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;27;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[cli_help]=] "/work/main/build/haad" "eval" "--help")
set_tests_properties([=[cli_help]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;29;add_test;/work/main/tests/CMakeLists.txt;0;")
