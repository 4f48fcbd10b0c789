# daemons/routerd/server.mk: the session server (include/routerd_server.h),
# linked into routerd together with libipc.a.
noinst_LIBRARIES += daemons/routerd/librouterd_server.a
daemons_routerd_librouterd_server_a_SOURCES = \
	daemons/routerd/server.c \
	daemons/routerd/session_auth.c \
	daemons/routerd/session_auth.h \
	daemons/routerd/session_request.c \
	daemons/routerd/session_request.h

# The server over its socket with the real engine; the router is a link
# seam in the test (router_cli_tree, router_hostname).
check_PROGRAMS += tests/unit/check_server_ipc
TESTS += tests/unit/check_server_ipc
tests_unit_check_server_ipc_SOURCES = tests/unit/check_server_ipc.c
tests_unit_check_server_ipc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_server_ipc_LDADD = daemons/routerd/librouterd_server.a \
	daemons/routerd/librouterd_engine.a lib/libipc.a $(CHECK_LIBS)

# The same server as a program for the session tests (ish showing log lines).
check_PROGRAMS += tests/unit/ipc_server_seam
tests_unit_ipc_server_seam_SOURCES = tests/unit/ipc_server_seam.c
tests_unit_ipc_server_seam_LDADD = daemons/routerd/librouterd_server.a \
	daemons/routerd/librouterd_engine.a lib/libipc.a
