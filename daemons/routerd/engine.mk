# daemons/routerd/engine.mk: the IOS command engine (include/cli_engine.h)
# as librouterd_engine.a, and its unit tests.
noinst_LIBRARIES += daemons/routerd/librouterd_engine.a
daemons_routerd_librouterd_engine_a_SOURCES = \
	daemons/routerd/cli_builtin.c \
	daemons/routerd/cli_grammar.c \
	daemons/routerd/cli_help.c \
	daemons/routerd/cli_internal.h \
	daemons/routerd/cli_match.c \
	daemons/routerd/cli_mode.c \
	daemons/routerd/cli_session.c \
	daemons/routerd/cli_token.c \
	daemons/routerd/cli_util.c

check_PROGRAMS += tests/unit/test_cli_engine
TESTS += tests/unit/test_cli_engine
tests_unit_test_cli_engine_SOURCES = tests/unit/test_cli_engine.c
tests_unit_test_cli_engine_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cli_engine_LDADD = daemons/routerd/librouterd_engine.a $(CHECK_LIBS)
