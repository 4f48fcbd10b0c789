# daemons/dmvpnd/daemon.mk: the dmvpnd program (NHRP engine, packet I/O, kernel bindings, control socket)
