# Sourced by the PyTorch comparisons. OpenBLAS (Debian's PyTorch's BLAS) picks
# its kernels from the CPU model; Debian's 0.3.21 does not know recent Xeons
# and falls back to "Prescott" (SSE3, ~4x slower), which would flatter haad.
# When that happens (or HAAD_ISA names a path), set OPENBLAS_CORETYPE to the
# kernel family matching haad's path: SkylakeX for avx512, Haswell for avx2.
# Leaves the path in $haad_isa and the core OpenBLAS uses in $openblas_core.
haad_isa="${HAAD_ISA:-$(grep -q -w avx512f /proc/cpuinfo && echo avx512 || echo avx2)}"
openblas_core=$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import torch; a = torch.ones(64, 64); a @ a" 2>&1 | sed -n 's/^Core: //p' | head -1)
if [ -z "${OPENBLAS_CORETYPE:-}" ] && { [ "$openblas_core" = Prescott ] || [ -n "${HAAD_ISA:-}" ]; }; then
  if [ "$haad_isa" = avx512 ]; then export OPENBLAS_CORETYPE=SKYLAKEX; else export OPENBLAS_CORETYPE=HASWELL; fi
  echo "OpenBLAS detected core '$openblas_core'; using OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE to match haad's $haad_isa path" >&2
  openblas_core=$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import torch; a = torch.ones(64, 64); a @ a" 2>&1 | sed -n 's/^Core: //p' | head -1)
fi
