# tests: owned by whoever builds tests (see Makefile.am)
