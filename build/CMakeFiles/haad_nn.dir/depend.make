# Empty dependencies file for haad_nn.
# This may be replaced when dependencies are built.
