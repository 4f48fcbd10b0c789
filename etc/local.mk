# etc: owned by whoever builds etc (see Makefile.am)
