# Empty dependencies file for haad_kernels.
# This may be replaced when dependencies are built.
