# tests/lab: owned by whoever builds tests/lab (see Makefile.am)
