# lib: owned by whoever builds lib (see Makefile.am)
