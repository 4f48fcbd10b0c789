# daemons/routerd/model.mk
