# Empty dependencies file for haad_engine.
# This may be replaced when dependencies are built.
