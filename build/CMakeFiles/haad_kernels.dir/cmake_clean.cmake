file(REMOVE_RECURSE
  "CMakeFiles/haad_kernels.dir/kernels/cpu/binary.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/binary.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/conv1d.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/conv1d.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/dropout.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/dropout.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/index.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/index.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/layout.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/layout.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/matmul.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/matmul.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/norm.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/norm.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/optim.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/optim.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/reduce.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/reduce.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/softmax.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/softmax.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/supcon.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/supcon.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/unary.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cpu/unary.cpp.o.d"
  "CMakeFiles/haad_kernels.dir/kernels/cuda/stub.cpp.o"
  "CMakeFiles/haad_kernels.dir/kernels/cuda/stub.cpp.o.d"
  "libhaad_kernels.a"
  "libhaad_kernels.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/haad_kernels.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
