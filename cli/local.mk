# cli/local.mk: ish, the IOS-style shell (front end of routerd's sessions).
bin_PROGRAMS += cli/ish
cli_ish_SOURCES = \
	cli/ish.c \
	cli/ish_conn.c cli/ish_conn.h \
	cli/ish_pager.c cli/ish_pager.h \
	cli/ish_pipe.c cli/ish_pipe.h \
	cli/ish_readline.c cli/ish_readline.h \
	cli/ish_render.c cli/ish_render.h
cli_ish_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS)
cli_ish_LDADD = lib/libipc.a $(READLINE_LIBS)

check_PROGRAMS += cli/check_ish_pipe
TESTS += cli/check_ish_pipe
cli_check_ish_pipe_SOURCES = cli/check_ish_pipe.c cli/ish_pipe.c cli/ish_pipe.h
cli_check_ish_pipe_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
cli_check_ish_pipe_LDADD = $(CHECK_LIBS)

# Session tests: the real ish and routerd through a pty (pexpect) and
# through OpenSSH with Netmiko. They skip (77) when not root or not built.
TESTS += tests/session/pty_test.py tests/session/ssh_netmiko_test.py
EXTRA_DIST += cli/README.md tests/session/harness.py tests/session/spoke.cfg tests/session/ifmap \
	tests/session/pty_test.py tests/session/ssh_netmiko_test.py
