// Runtime ISA selection (see isa.h). __builtin_cpu_supports checks the CPUID
// bits and, for AVX-512, that the OS enabled the ZMM state in XCR0.
#include "kernels/cpu/isa.h"
#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace haad {

#ifndef HAAD_BUILD_TARGET
#define HAAD_BUILD_TARGET "unknown"
#endif

const char* isa_name(Isa i) { return i == Isa::AVX512 ? "avx512" : "avx2"; }

Isa isa_from_name(const std::string& s) {
  if (s == "avx2") return Isa::AVX2;
  if (s == "avx512") return Isa::AVX512;
  throw std::invalid_argument("HAAD_ISA: unknown instruction set '" + s + "' (use avx2 or avx512)");
}

bool cpu_isa_supported(Isa i) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (i == Isa::AVX2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#if defined(HAAD_HAVE_AVX512)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
#else
  return false;  // this binary was built without the AVX-512 kernels
#endif
#else
  return i == Isa::AVX2;  // not x86: the portable kernels stand in for "avx2"
#endif
}

static Isa pick() {
  if (const char* e = std::getenv("HAAD_ISA")) {
    if (*e) {
      Isa i = isa_from_name(e);
      if (!cpu_isa_supported(i))
        throw std::runtime_error(std::string("HAAD_ISA=") + e + ": this CPU (or this build) cannot run that path");
      return i;
    }
  }
  return cpu_isa_supported(Isa::AVX512) ? Isa::AVX512 : Isa::AVX2;
}

static std::atomic<int> g_isa{-1};

Isa cpu_isa() {
  int v = g_isa.load(std::memory_order_relaxed);
  if (v < 0) {
    v = (int)pick();
    g_isa.store(v, std::memory_order_relaxed);
  }
  return (Isa)v;
}

void cpu_set_isa(Isa i) {
  if (!cpu_isa_supported(i)) throw std::runtime_error(std::string("cpu_set_isa: this CPU cannot run ") + isa_name(i));
  g_isa.store((int)i, std::memory_order_relaxed);
}

std::string cpu_features() {
  std::string s;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
#define HAAD_FEAT(name) if (__builtin_cpu_supports(name)) { s += s.empty() ? "" : " "; s += name; }
  HAAD_FEAT("sse4.2") HAAD_FEAT("avx") HAAD_FEAT("avx2") HAAD_FEAT("fma") HAAD_FEAT("f16c") HAAD_FEAT("bmi2")
  HAAD_FEAT("avx512f") HAAD_FEAT("avx512vl") HAAD_FEAT("avx512bw") HAAD_FEAT("avx512dq")
  HAAD_FEAT("avx512vnni") HAAD_FEAT("avx512bf16")
#undef HAAD_FEAT
#endif
  return s;
}

const char* cpu_build_target() { return HAAD_BUILD_TARGET; }

}  // namespace haad
