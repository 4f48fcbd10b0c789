# daemons/routerd/nhrp.mk: the NHRP owner (model -> dmvpnd) and show dmvpn / ip nhrp commands
daemons_routerd_librouterd_model_a_SOURCES += \
	daemons/routerd/owner_nhrp.c \
	daemons/routerd/owner_nhrp.h \
	daemons/routerd/show_nhrp.c
ROUTERD_MODEL_LIBS += lib/libipc.a

check_PROGRAMS += tests/unit/test_dmvpnd_owner
TESTS += tests/unit/test_dmvpnd_owner
tests_unit_test_dmvpnd_owner_SOURCES = tests/unit/test_dmvpnd_owner.c daemons/dmvpnd/nhrp_conf.c
tests_unit_test_dmvpnd_owner_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_unit_test_dmvpnd_owner_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dmvpnd_owner_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)
