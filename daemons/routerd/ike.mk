# daemons/routerd/ike.mk
