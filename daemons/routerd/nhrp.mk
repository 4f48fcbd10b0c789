# daemons/routerd/nhrp.mk: the NHRP owner (model -> dmvpnd) and show dmvpn / ip nhrp commands
