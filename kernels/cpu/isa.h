// Which instruction-set path the CPU kernels take, chosen at run time.
//
// The default build targets x86-64-v3 (AVX2 + FMA), so one binary runs on any
// AVX2 machine. Kernels that gain from AVX-512 have a second version in
// kernels/cpu/avx512/, compiled with AVX-512 flags; they are called only when
// the CPU (and the OS, which must save the ZMM state) supports AVX-512.
// HAAD_ISA=avx2|avx512 forces a path; tests switch paths with cpu_set_isa().
#pragma once
#include <string>

namespace haad {

enum class Isa { AVX2, AVX512 };

const char* isa_name(Isa i);
// Parses "avx2" / "avx512"; throws std::invalid_argument naming the value otherwise.
Isa isa_from_name(const std::string& s);
// Whether this CPU and OS can run the path, and whether this binary has it.
bool cpu_isa_supported(Isa i);
// The path in use: HAAD_ISA if set (an error if the CPU cannot run it), else
// the best the CPU supports.
Isa cpu_isa();
// Switches the path (tests, benchmarks). Throws if the CPU cannot run it.
void cpu_set_isa(Isa i);
// "avx2 fma avx512f avx512bw ..." as the CPU reports them (x86 only).
std::string cpu_features();
// What the binary was compiled for ("x86-64-v3", "native", ...).
const char* cpu_build_target();

}  // namespace haad
