file(REMOVE_RECURSE
  "CMakeFiles/haad.dir/apps/cli.cpp.o"
  "CMakeFiles/haad.dir/apps/cli.cpp.o.d"
  "CMakeFiles/haad.dir/apps/cmd_data.cpp.o"
  "CMakeFiles/haad.dir/apps/cmd_data.cpp.o.d"
  "CMakeFiles/haad.dir/apps/cmd_model.cpp.o"
  "CMakeFiles/haad.dir/apps/cmd_model.cpp.o.d"
  "CMakeFiles/haad.dir/apps/main.cpp.o"
  "CMakeFiles/haad.dir/apps/main.cpp.o.d"
  "haad"
  "haad.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/haad.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
