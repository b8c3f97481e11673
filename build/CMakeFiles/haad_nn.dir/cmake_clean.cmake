file(REMOVE_RECURSE
  "CMakeFiles/haad_nn.dir/nn/checkpoint.cpp.o"
  "CMakeFiles/haad_nn.dir/nn/checkpoint.cpp.o.d"
  "CMakeFiles/haad_nn.dir/nn/init.cpp.o"
  "CMakeFiles/haad_nn.dir/nn/init.cpp.o.d"
  "CMakeFiles/haad_nn.dir/nn/layers.cpp.o"
  "CMakeFiles/haad_nn.dir/nn/layers.cpp.o.d"
  "CMakeFiles/haad_nn.dir/nn/module.cpp.o"
  "CMakeFiles/haad_nn.dir/nn/module.cpp.o.d"
  "CMakeFiles/haad_nn.dir/nn/optim.cpp.o"
  "CMakeFiles/haad_nn.dir/nn/optim.cpp.o.d"
  "libhaad_nn.a"
  "libhaad_nn.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/haad_nn.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
