# daemons/routerd/kernel.mk
