"""The `hdkg` command line: the top room, importing every other one and imported by none."""
