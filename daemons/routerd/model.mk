# daemons/routerd/model.mk: the configuration model, commands, running-config
# printer, loader and transactions (librouterd_model.a), the routerd program,
# and their tests.
noinst_LIBRARIES += daemons/routerd/librouterd_model.a
daemons_routerd_librouterd_model_a_SOURCES = \
	daemons/routerd/ifmap.c \
	daemons/routerd/ifmap.h \
	daemons/routerd/model.c \
	daemons/routerd/owner_fake.c \
	daemons/routerd/owner_noop.c \
	daemons/routerd/router_priv.h \
	daemons/routerd/running_config.c \
	daemons/routerd/txn.c \
	daemons/routerd/validate.c
noinst_HEADERS += include/model.h include/owner.h

ROUTERD_MODEL_LIBS = daemons/routerd/librouterd_model.a

check_PROGRAMS += tests/unit/check_model
TESTS += tests/unit/check_model
tests_unit_check_model_SOURCES = tests/unit/check_model.c
tests_unit_check_model_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_unit_check_model_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_model_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)
