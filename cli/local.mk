# cli: owned by whoever builds cli (see Makefile.am)
