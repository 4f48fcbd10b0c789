# daemons/routerd/debug.mk: IKE debugging (debug crypto ikev2|isakmp,
# undebug all, show debugging). The router-wide flags and the thread that
# follows iked's debug stream (ike_debug.c), the commands (cmds_debug.c),
# and the hand-off of log lines from routerd's threads to its main loop
# (monitor_log.c), where main.c shows them to the `terminal monitor` sessions.
daemons_routerd_librouterd_model_a_SOURCES += \
	daemons/routerd/cmds_debug.c \
	daemons/routerd/ike_debug.c \
	daemons/routerd/ike_debug.h \
	daemons/routerd/monitor_log.c \
	daemons/routerd/monitor_log.h

# The commands, and the lines from the real iked (in a private netns).
check_PROGRAMS += tests/unit/check_ike_debug
TESTS += tests/unit/check_ike_debug
tests_unit_check_ike_debug_SOURCES = tests/unit/check_ike_debug.c tests/unit/iked_spawn.c \
	tests/unit/iked_spawn.h
tests_unit_check_ike_debug_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd -I$(top_srcdir)/tests/unit \
	-DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_check_ike_debug_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ike_debug_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)
