# daemons/routerd/server.mk: the session server (include/routerd_server.h),
# linked into routerd together with libipc.a.
noinst_LIBRARIES += daemons/routerd/librouterd_server.a
daemons_routerd_librouterd_server_a_SOURCES = \
	daemons/routerd/server.c \
	daemons/routerd/session_auth.c \
	daemons/routerd/session_auth.h \
	daemons/routerd/session_request.c \
	daemons/routerd/session_request.h
