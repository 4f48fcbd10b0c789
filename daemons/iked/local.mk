# daemons/iked: owned by whoever builds daemons/iked (see Makefile.am)
