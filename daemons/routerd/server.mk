# daemons/routerd/server.mk
