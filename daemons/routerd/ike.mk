# daemons/routerd/ike.mk: the IKE side of routerd. The model is mapped to
# iked's ike_spec entries (ike_map.c), pushed by the IKE owner
# (owner_ike.c), and iked's SAs are shown the IOS way (show_crypto.c,
# cmds_crypto_exec.c). Built into librouterd_model.a (router.c registers
# the commands), linked with iked's libikespec.a (algorithms, spec checks,
# control-socket client).
daemons_routerd_librouterd_model_a_SOURCES += \
	daemons/routerd/cmds_crypto_exec.c \
	daemons/routerd/ike_map.c \
	daemons/routerd/owner_ike.c \
	daemons/routerd/owner_ike.h \
	daemons/routerd/show_crypto.c \
	daemons/routerd/show_crypto.h \
	daemons/routerd/vti_line.c \
	daemons/routerd/vti_line.h
ROUTERD_MODEL_LIBS += daemons/iked/libikespec.a -lpthread

# Model configurations -> specs, refusals, and the IKE owner against a
# real iked (skipped when iked cannot start here).
check_PROGRAMS += tests/unit/check_ike_map tests/unit/check_show_crypto \
	tests/unit/check_owner_ike
TESTS += tests/unit/check_ike_map tests/unit/check_show_crypto tests/unit/check_owner_ike
tests_unit_check_ike_map_SOURCES = tests/unit/check_ike_map.c
tests_unit_check_ike_map_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_check_ike_map_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ike_map_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

tests_unit_check_show_crypto_SOURCES = tests/unit/check_show_crypto.c
tests_unit_check_show_crypto_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_check_show_crypto_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_show_crypto_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

tests_unit_check_owner_ike_SOURCES = tests/unit/check_owner_ike.c tests/unit/iked_spawn.c \
	tests/unit/iked_spawn.h
tests_unit_check_owner_ike_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd -I$(top_srcdir)/tests/unit \
	-DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_check_owner_ike_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_owner_ike_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

# The VTI line-protocol tracker against a fake SA source (listings and
# events built by the test).
check_PROGRAMS += tests/unit/check_vti_line
TESTS += tests/unit/check_vti_line
tests_unit_check_vti_line_SOURCES = tests/unit/check_vti_line.c
tests_unit_check_vti_line_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_unit_check_vti_line_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_vti_line_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)
