file(REMOVE_RECURSE
  "libhaad_nn.a"
)
