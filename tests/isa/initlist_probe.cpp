// Probe for a GCC 12 x86 code-generation bug (found with GCC 12.2, Debian
// 12.2.0-14): with AVX-512 enabled, the constant vector store behind a local
// array {1, 1, 1, 0} copied into heap memory (what std::vector<int64_t>{1,1,1,0}
// does) is emitted as a broadcast of the first element: the copy holds
// {1, 1, 1, 1}. The GIMPLE is right; clang, -O1 and AVX2-only builds are right;
// -fno-tree-slp-vectorize avoids it. It made Index.SelectEmbeddingGather fail
// on AVX-512 hosts under -march=native (the test's own index literal was wrong).
//
// This file is compiled with exactly the flags of haad's AVX-512 kernels: by
// CMake at configure time (check_cxx_source_runs, on AVX-512 hosts) and into the
// test suite (Isa.Avx512FlagsCompileConstantsCorrectly). No std:: templates: an
// instantiation compiled here could be picked by the linker for AVX2 code.
#include <cstdint>
#include <cstdlib>
#include <cstring>

// The pattern: a local constant array copied into fresh heap memory, the
// result only seen by another function.
__attribute__((noinline)) static int64_t* probe_build() {
  const int64_t loc[4] = {1, 1, 1, 0};
  int64_t* p = (int64_t*)std::malloc(sizeof loc);
  std::memcpy(p, loc, sizeof loc);
  return p;
}

#ifdef HAAD_PROBE_MAIN
int main() {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f")) return 0;  // cannot run AVX-512 code here
  int64_t* p = probe_build();
  volatile int64_t* v = p;
  int ok = v[0] == 1 && v[1] == 1 && v[2] == 1 && v[3] == 0;
  std::free(p);
  return ok ? 0 : 1;
}
#else
namespace haad {
// Writes {1, 1, 1, 0}, as this AVX-512-flagged code builds it, to out[0..3].
__attribute__((noinline)) void isa_probe_initlist_avx512(int64_t* out) {
  int64_t* p = probe_build();
  for (int i = 0; i < 4; ++i) out[i] = ((volatile int64_t*)p)[i];
  std::free(p);
}
}  // namespace haad
#endif
