# Empty dependencies file for haad.
# This may be replaced when dependencies are built.
