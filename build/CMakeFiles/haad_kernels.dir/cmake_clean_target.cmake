file(REMOVE_RECURSE
  "libhaad_kernels.a"
)
