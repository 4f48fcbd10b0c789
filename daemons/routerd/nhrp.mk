# daemons/routerd/nhrp.mk: the NHRP owner (model -> dmvpnd) and show dmvpn / ip nhrp commands
daemons_routerd_librouterd_model_a_SOURCES += \
	daemons/routerd/owner_nhrp.c \
	daemons/routerd/owner_nhrp.h \
	daemons/routerd/show_nhrp.c
ROUTERD_MODEL_LIBS += lib/libipc.a
