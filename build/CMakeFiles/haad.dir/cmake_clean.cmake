file(REMOVE_RECURSE
  "CMakeFiles/haad.dir/apps/main.cpp.o"
  "CMakeFiles/haad.dir/apps/main.cpp.o.d"
  "haad"
  "haad.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/haad.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
