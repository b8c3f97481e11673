# Empty dependencies file for haad_tests.
# This may be replaced when dependencies are built.
