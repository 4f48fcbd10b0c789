# daemons/routerd/engine.mk
