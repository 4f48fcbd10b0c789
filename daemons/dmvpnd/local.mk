# daemons/dmvpnd: owned by whoever builds daemons/dmvpnd (see Makefile.am)
