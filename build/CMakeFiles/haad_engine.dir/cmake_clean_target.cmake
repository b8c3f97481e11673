file(REMOVE_RECURSE
  "libhaad_engine.a"
)
